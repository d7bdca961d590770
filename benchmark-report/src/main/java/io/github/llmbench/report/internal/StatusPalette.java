package io.github.llmbench.report.internal;

import io.github.llmbench.api.Status;

/** One colour per status, the same in the HTML tables and in the charts' point markers. */
public final class StatusPalette {
  private StatusPalette() {}

  /** The colour of a status, as a CSS hex string. */
  public static String color(Status status) {
    return switch (status) {
      case OK -> "#1b7a1b";
      case DEGRADED -> "#9a6a00";
      case SATURATED -> "#1f5fa8";
      case FAILING -> "#b00020";
    };
  }
}
