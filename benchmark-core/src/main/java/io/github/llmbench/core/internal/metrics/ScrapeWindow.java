package io.github.llmbench.core.internal.metrics;

import io.github.llmbench.api.ServerMetrics;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The scrapes of one step's window, in time order.
 *
 * @param stepName the step the window belongs to (for logs)
 * @param source the URL scraped, without user info, query or fragment
 * @param model the target model whose series count, or null for the server's only model
 * @param scrapes the answered scrapes, oldest first; empty when the server has no usable {@code /metrics}
 */
public record ScrapeWindow(String stepName, String source, @Nullable String model, List<MetricsScrape> scrapes) {
  public ScrapeWindow {
    Objects.requireNonNull(stepName, "stepName");
    Objects.requireNonNull(source, "source");
    scrapes = List.copyOf(scrapes);
  }

  /** @return the window's summary, empty if no scrape answered */
  public Optional<ServerMetrics> summary() {
    return ServerMetricsSummary.of(this);
  }
}
