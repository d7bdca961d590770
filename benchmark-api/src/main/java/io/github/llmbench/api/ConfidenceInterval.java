package io.github.llmbench.api;

import java.util.Locale;
import java.util.Objects;

/**
 * A confidence interval around an estimate: with probability {@code level} (over repeated runs) an interval built
 * this way covers the true value. Immutable.
 *
 * <pre>{@code
 * ConfidenceInterval ci = ...;            // e.g. a step's success rate, Wilson score, 95 %
 * ci.straddles(0.95);                     // true when the data cannot tell which side of 0.95 the truth is on
 * }</pre>
 *
 * @param estimate the point estimate (the observed value); a percentile bootstrap interval need not be centred on
 *     it
 * @param lower the lower bound; {@code -∞} when the data cannot bound the value from below (see
 *     {@link #hasLower()})
 * @param upper the upper bound, at least {@code lower}; {@code +∞} when the data cannot bound the value from above
 *     (a p99 of fewer than 368 requests at 95 %)
 * @param level the confidence level, strictly between 0 and 1 (0.95 for 95 %)
 * @param method how the interval was built
 */
public record ConfidenceInterval(double estimate, double lower, double upper, double level, Method method) {
  /** How an interval was built. */
  public enum Method {
    /** Wilson's score interval for a proportion (no continuity correction). */
    WILSON_SCORE,
    /** The percentile bootstrap: the {@code (1-level)/2} and {@code (1+level)/2} quantiles of resampled estimates. */
    PERCENTILE_BOOTSTRAP,
    /** Newcombe's hybrid score interval for a difference of two proportions, from two Wilson intervals. */
    NEWCOMBE_HYBRID_SCORE,
    /**
     * Distribution-free bounds of a quantile from order statistics (binomial), or of a ratio of two quantiles from
     * theirs (Bonferroni); a side the data cannot bound is infinite.
     */
    ORDER_STATISTICS
  }

  /**
   * @throws IllegalArgumentException if a bound is NaN, {@code lower > upper} or the level is not in (0, 1)
   */
  public ConfidenceInterval {
    if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
      throw new IllegalArgumentException("interval [" + lower + ", " + upper + "] should have lower <= upper");
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level (" + level + ") should be strictly between 0 and 1");
    }
    Objects.requireNonNull(method, "method");
  }

  /** Whether {@code value} lies within the bounds (inclusive). */
  public boolean contains(double value) {
    return value >= lower && value <= upper;
  }

  /** Whether the bounds sit on both sides of {@code threshold} or touch it: the data cannot place it. */
  public boolean straddles(double threshold) {
    return contains(threshold);
  }

  /** Whether the data bound the value from below: the lower bound is finite. */
  public boolean hasLower() {
    return Double.isFinite(lower);
  }

  /** Whether the data bound the value from above: the upper bound is finite. */
  public boolean hasUpper() {
    return Double.isFinite(upper);
  }

  /** {@code upper - lower}; +∞ when a side is missing. */
  public double width() {
    return upper - lower;
  }

  /** The level as people write it: {@code "95 %"}, {@code "99.5 %"}. */
  public String levelLabel() {
    double pct = level * 100;
    return (pct == Math.rint(pct) ? String.format(Locale.ROOT, "%.0f", pct)
        : String.format(Locale.ROOT, "%s", (float) pct)) + " %";
  }

  /** {@code "95 % CI 1.71–2.63"} with {@code decimals} decimals; a missing side reads {@code ∞}: {@code "0.91–∞"}. */
  public String describe(int decimals) {
    return levelLabel() + " CI " + bound(lower, decimals) + "\u2013" + bound(upper, decimals);
  }

  private static String bound(double value, int decimals) {
    if (Double.isInfinite(value)) return value > 0 ? "\u221e" : "-\u221e";
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
