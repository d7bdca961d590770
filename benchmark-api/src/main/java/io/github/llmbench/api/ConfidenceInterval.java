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

  /**
   * Wilson's score interval (1927, no continuity correction) for {@code successes} out of {@code trials}: unlike
   * the Wald interval it stays inside [0, 1] and keeps its coverage near 0 and 1 (100 of 100 gives [0.963, 1] at
   * 95 %, not [1, 1]).
   *
   * @throws IllegalArgumentException if trials is not positive, successes is outside [0, trials] or the level is
   *     not in (0, 1)
   */
  public static ConfidenceInterval wilson(long successes, long trials, double level) {
    if (trials <= 0) throw new IllegalArgumentException("trials (" + trials + ") should be positive");
    if (successes < 0 || successes > trials) {
      throw new IllegalArgumentException("successes (" + successes + ") should be between 0 and trials (" + trials + ")");
    }
    return wilson((double) successes / trials, trials, level);
  }

  /**
   * The Wilson interval that {@code trials} requests observing this share would give; the share need not be a
   * whole count over {@code trials}: this is how a larger sample with the same share would look (how many requests
   * would settle a question).
   *
   * @throws IllegalArgumentException if trials is not positive, the share is outside [0, 1] or the level is not in
   *     (0, 1)
   */
  public static ConfidenceInterval wilson(double share, long trials, double level) {
    if (trials <= 0) throw new IllegalArgumentException("trials (" + trials + ") should be positive");
    if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("share (" + share + ") should be in [0, 1]");
    double z = NormalQuantile.twoSided(level);
    double z2 = z * z;
    double denominator = 1 + z2 / trials;
    double centre = (share + z2 / (2.0 * trials)) / denominator;
    double half = z * Math.sqrt(share * (1 - share) / trials + z2 / (4.0 * trials * trials)) / denominator;
    // Exact at the edges: the formula gives 0 and 1 only up to rounding.
    double lower = share == 0 ? 0 : Math.max(0, centre - half);
    double upper = share == 1 ? 1 : Math.min(1, centre + half);
    return new ConfidenceInterval(share, lower, upper, level, Method.WILSON_SCORE);
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
