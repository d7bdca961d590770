package io.github.llmbench.api;

import java.util.Objects;

/**
 * The share of a step's requests that met every service-level objective, and the rate at which such requests
 * completed: throughput that users would actually accept.
 *
 * @param slo the objectives, as {@link Slo#describe()} writes them
 * @param met successful requests that met every objective
 * @param share met / the step's {@code numRequests}
 * @param requestsPerSec met / the step's wall-clock seconds
 * @param outputTokensPerSec completion tokens of the requests that met every objective / wall-clock seconds
 */
public record Goodput(String slo, long met, double share, double requestsPerSec, double outputTokensPerSec) {
  public Goodput {
    Objects.requireNonNull(slo, "slo");
  }
}
