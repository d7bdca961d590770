package io.github.llmbench.api;

import java.util.Locale;

/**
 * A step's {@code test_type} in the unified script's JSON: whether its requests carry images; llmbench adds
 * {@code "embeddings"} for requests to {@code /v1/embeddings}, whose figures are inputs rather than generated tokens.
 */
public enum TestType {
  TEXT,
  VISION,
  EMBEDDINGS;

  /** The script's value: {@code "text"} or {@code "vision"}, or llmbench's {@code "embeddings"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The type with this label.
   *
   * @throws IllegalArgumentException naming the value when it is none of {@code "text"}, {@code "vision"} and
   *     {@code "embeddings"}
   */
  public static TestType ofLabel(String label) {
    for (TestType t : values()) {
      if (t.label().equals(label)) return t;
    }
    throw new IllegalArgumentException("test_type (\"" + label + "\") should be \"text\", \"vision\" or "
        + "\"embeddings\"");
  }

  /** The label, so that the type reads as the script writes it. */
  @Override
  public String toString() {
    return label();
  }
}
