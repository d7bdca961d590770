package io.github.llmbench.core.internal.metrics;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One sample line of the text format: {@code name{label="value",...} value}. The optional timestamp is dropped
 * (servers do not send one and we time scrapes ourselves).
 *
 * @param name the sample's name, e.g. {@code vllm:e2e_request_latency_seconds_bucket}
 * @param labels label names to unescaped values, in the order written
 * @param value the value; may be NaN or infinite
 */
public record PrometheusSample(String name, Map<String, String> labels, double value) {
  public PrometheusSample {
    Objects.requireNonNull(name, "name");
    labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
  }

  /** @return the value of {@code label}, or null if the sample has no such label */
  public @Nullable String label(String label) {
    return labels.get(label);
  }
}
