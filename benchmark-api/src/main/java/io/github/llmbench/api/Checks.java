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

  static <T> T required(String field, T value) {
    if (value == null) throw new IllegalStateException("`" + field + "` is required but was not set");
    return value;
  }
}
