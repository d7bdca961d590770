package io.github.llmbench.api;

import java.util.Locale;

/** A step's {@code test_type} in the unified script's JSON: whether its requests carry images. */
public enum TestType {
  TEXT,
  VISION;

  /** The script's value: {@code "text"} or {@code "vision"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The type with this label.
   *
   * @throws IllegalArgumentException naming the value when it is neither {@code "text"} nor {@code "vision"}
   */
  public static TestType ofLabel(String label) {
    for (TestType t : values()) {
      if (t.label().equals(label)) return t;
    }
    throw new IllegalArgumentException("test_type (\"" + label + "\") should be \"text\" or \"vision\"");
  }

  /** The label, so that the type reads as the script writes it. */
  @Override
  public String toString() {
    return label();
  }
}
