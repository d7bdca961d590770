package io.github.llmbench.core.stats;

import io.github.llmbench.api.ConfidenceInterval;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Confidence intervals for proportions (success rate, SLO attainment) and their differences.
 *
 * <p>Wilson's score interval (1927), without continuity correction: unlike the Wald interval
 * {@code p ± z sqrt(p(1-p)/n)} it stays inside [0, 1] and keeps its coverage near 0 and 1, where success rates live
 * (a step with 100 of 100 successes gets [0.963, 1] at 95 %, not the Wald interval's [1, 1]).
 */
public final class ProportionIntervals {
  /** The default confidence level, 95 %. */
  public static final double DEFAULT_LEVEL = 0.95;

  private ProportionIntervals() {}

  /** The two-sided standard normal quantile for a confidence level: 1.959964 for 0.95 (Commons Math). */
  public static double z(double level) {
    checkLevel(level);
    return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - (1 - level) / 2);
  }

  /**
   * Wilson's score interval for {@code successes} out of {@code trials}.
   *
   * @throws IllegalArgumentException if trials is not positive, successes is outside [0, trials] or the level is
   *     outside (0, 1)
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
    double z = z(level);
    double z2 = z * z;
    double denominator = 1 + z2 / trials;
    double centre = (share + z2 / (2.0 * trials)) / denominator;
    double half = z * Math.sqrt(share * (1 - share) / trials + z2 / (4.0 * trials * trials)) / denominator;
    // Exact at the edges: the formula gives 0 and 1 only up to rounding.
    double lower = share == 0 ? 0 : Math.max(0, centre - half);
    double upper = share == 1 ? 1 : Math.min(1, centre + half);
    return new ConfidenceInterval(share, lower, upper, level, ConfidenceInterval.Method.WILSON_SCORE);
  }

  /** Wilson at 95 %. */
  public static ConfidenceInterval wilson(long successes, long trials) {
    return wilson(successes, trials, DEFAULT_LEVEL);
  }

  /**
   * Newcombe's hybrid score interval (1998, method 10) for {@code p2 - p1}, built from the two Wilson intervals; it
   * keeps good coverage where the Wald interval of a difference fails (proportions near 1, small counts).
   */
  public static ConfidenceInterval newcombeDifference(long successes1, long trials1, long successes2, long trials2,
      double level) {
    ConfidenceInterval a = wilson(successes1, trials1, level);
    ConfidenceInterval b = wilson(successes2, trials2, level);
    double p1 = a.estimate();
    double p2 = b.estimate();
    double d = p2 - p1;
    double lower = d - Math.sqrt(sq(p2 - b.lower()) + sq(a.upper() - p1));
    double upper = d + Math.sqrt(sq(b.upper() - p2) + sq(p1 - a.lower()));
    return new ConfidenceInterval(d, Math.max(-1, lower), Math.min(1, upper), level,
        ConfidenceInterval.Method.NEWCOMBE_HYBRID_SCORE);
  }

  private static double sq(double x) {
    return x * x;
  }

  static void checkLevel(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level (" + level + ") should be strictly between 0 and 1");
    }
  }
}
