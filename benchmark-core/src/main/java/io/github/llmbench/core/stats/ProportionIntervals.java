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
    return ConfidenceInterval.wilson(successes, trials, level); // one formula, in the API (a capacity search needs it)
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
