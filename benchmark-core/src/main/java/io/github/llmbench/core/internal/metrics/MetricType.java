package io.github.llmbench.core.internal.metrics;

import java.util.Locale;

/** The types a {@code # TYPE} line may declare. */
public enum MetricType {
  COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED;

  /** @return the type written as {@code text}, or null if it is not one of the five */
  static @org.jspecify.annotations.Nullable MetricType parse(String text) {
    switch (text) {
      case "counter": return COUNTER;
      case "gauge": return GAUGE;
      case "histogram": return HISTOGRAM;
      case "summary": return SUMMARY;
      case "untyped": return UNTYPED;
      default: return null;
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
