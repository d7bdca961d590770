package io.github.llmbench.api;

import java.util.Objects;

/** Argument checks whose messages name the field, the bad value and the rule. */
final class Checks {
  private Checks() {}

  static int positive(String field, int value) {
    if (value <= 0) throw new IllegalArgumentException(field + " (" + value + ") should be positive");
    return value;
  }

  static double positive(String field, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " (" + value + ") should be a positive finite number");
    }
    return value;
  }

  static int nonNegative(String field, int value) {
    if (value < 0) throw new IllegalArgumentException(field + " (" + value + ") should not be negative");
    return value;
  }

  static String notBlank(String field, String value) {
    Objects.requireNonNull(value, field + " must not be null");
    if (value.isBlank()) throw new IllegalArgumentException(field + " (\"" + value + "\") must not be empty");
    return value;
  }

  static java.time.Duration positive(String field, java.time.Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " (" + value + ") should be positive");
    }
    return value;
  }

  /** A share strictly between 0 and 1. */
  static double openUnit(String field, double value) {
    if (!(value > 0 && value < 1)) throw new IllegalArgumentException(field + " (" + value + ") should be in (0, 1)");
    return value;
  }

  /** A share as a percentage for messages: {@code 95 %}, {@code 97.5 %} (one decimal unless whole). */
  static String percent(double share) {
    double pct = share * 100;
    return String.format(java.util.Locale.ROOT, Math.abs(pct - Math.rint(pct)) < 1e-9 ? "%.0f %%" : "%.1f %%", pct);
  }

  static <T> T required(String field, T value) {
    if (value == null) throw new IllegalStateException("`" + field + "` is required but was not set");
    return value;
  }
}
