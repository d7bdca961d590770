package io.github.llmbench.report.internal;

import java.util.Locale;

/** Number formats of the human-readable reports, always with {@link Locale#ROOT}. */
public final class Fmt {
  private Fmt() {}

  /** Seconds with 3 decimals. */
  public static String sec(double seconds) {
    return String.format(Locale.ROOT, "%.3f", seconds);
  }

  /** Milliseconds with 1 decimal. */
  public static String ms(double milliseconds) {
    return String.format(Locale.ROOT, "%.1f", milliseconds);
  }

  /** Tokens per second with 1 decimal. */
  public static String tps(double tokensPerSecond) {
    return String.format(Locale.ROOT, "%.1f", tokensPerSecond);
  }

  /** A rate in [0, 1] as a percentage with 1 decimal, e.g. {@code 95.0 %}. */
  public static String pct(double rate) {
    return String.format(Locale.ROOT, "%.1f %%", rate * 100);
  }
}
