package io.github.llmbench.api;

import java.util.Objects;

/**
 * What the pre-flight did before the first phase: it drove the whole timed path against an in-process responder
 * until the JIT had compiled it (once per JVM; nothing reaches the target), checked {@code GET /v1/models}, and, when
 * asked, sent one real request of the first step's shape, so that none of llmbench's start-up reaches a step. Its
 * time is counted in no step.
 *
 * @param durationNanos how long the whole pre-flight took
 * @param modelsStatus the HTTP status of {@code GET /v1/models}, 0 when nothing answered (the steps' connections are
 *     opened all the same)
 * @param requestsSent completion requests the server received from it (0 or 1)
 * @param latencyNanos the latency of that request, 0 when none was sent
 * @param succeeded whether that request succeeded (true when none was sent)
 * @param httpStatus that request's HTTP status, 0 when none was sent or none arrived
 * @param detail that request's failure cause and detail when it failed (no secrets), else empty
 */
public record Preflight(long durationNanos, int modelsStatus, int requestsSent, long latencyNanos, boolean succeeded,
    int httpStatus, String detail) {
  public Preflight {
    Objects.requireNonNull(detail, "detail");
  }

  /** The pre-flight's duration in milliseconds. */
  public double durationMillis() {
    return durationNanos / 1e6;
  }
}
