package io.github.llmbench.core.internal.metrics;

import java.util.Objects;

/**
 * One answered scrape.
 *
 * @param monotonicNanos when the answer had been read, on the scraper's {@code TimeSource}
 * @param exposition what the server said
 */
public record MetricsScrape(long monotonicNanos, PrometheusExposition exposition) {
  public MetricsScrape {
    Objects.requireNonNull(exposition, "exposition");
  }
}
