package io.github.llmbench.core.stats;

import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.api.Verdict;
import java.util.Arrays;
import java.util.OptionalLong;
import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * Distribution-free confidence intervals for a quantile, from order statistics: whatever the latencies' law, the
 * number {@code B} of a sample's {@code n} values below its true {@code p}-quantile is Binomial(n, p), so the
 * {@code k}-th smallest value lies at or below the quantile with probability {@code P(B >= k)} and at or above it
 * with probability {@code P(B < k)}. The interval is equal-tailed: its lower bound is the largest order statistic
 * below the quantile with probability at least {@code 1 - tail}, its upper bound the smallest above it with
 * probability at least {@code 1 - tail}, {@code tail = (1 - level) / 2}; so each bound on its own is a one-sided
 * bound at {@code 1 - tail} and the pair covers with probability at least {@code level}. The intervals are exact
 * (conservative) for continuous data; ties only widen them.
 *
 * <p><b>When the data cannot bound a quantile.</b> The largest value is above the p99 with probability
 * {@code 1 - 0.99^n} only, so with fewer requests than {@link #requestsForUpperBound} no value of the sample is an
 * upper bound at the asked confidence (a p99 at 95 % needs 368 requests, two-sided; 299 for a one-sided 95 %
 * bound). That side then does not exist: the bound is {@code +∞} (or {@code -∞} for a missing lower bound), which
 * {@link io.github.llmbench.api.Verdict.RuleDecision#firmness()} reads as "no interval on that side". Unlike the
 * percentile bootstrap, which never reaches beyond the sample's largest value and so reported a p99 of 10 requests as a
 * narrow interval around their maximum, these intervals never claim a bound the data do not hold.
 *
 * <p>A ratio of two samples' quantiles (a step's p99 over the baseline's) gets a conservative Bonferroni interval:
 * each quantile's interval at level {@code 1 - (1 - level) / 2}, and the ratio's bounds {@code lower(step) /
 * upper(baseline)} and {@code upper(step) / lower(baseline)}; a missing bound of either makes the ratio's bound on
 * that side missing. Pure functions of their inputs.
 */
public final class QuantileIntervals {
  private QuantileIntervals() {}

  /**
   * The interval of the {@code p}-th percentile of a sample; the estimate is the sample's percentile by
   * {@code rule}, the bounds are order statistics (a missing side is infinite, see the class comment).
   *
   * @param sample the values, in any order, not empty
   * @param p the percentile, 0 to 100
   * @param rule how the point estimate is read
   * @param level the two-sided confidence level, in (0, 1)
   * @throws IllegalArgumentException if the sample is empty or holds NaN, p is out of range or the level is not in
   *     (0, 1)
   */
  public static ConfidenceInterval quantile(double[] sample, double p, QuantileRule rule, double level) {
    double[] sorted = sortedCopy(sample);
    return interval(sorted, p, rule, level);
  }

  /**
   * The Bonferroni interval of {@code quantile(numerator) / quantile(denominator)}: see the class comment. The
   * estimate is the ratio of the two estimates (+∞ over a zero denominator, 1 when both are 0); a denominator bound
   * at or below 0 leaves the ratio's upper bound missing.
   *
   * @throws IllegalArgumentException if a sample is empty or holds NaN, p is out of range or the level is not in
   *     (0, 1)
   */
  public static ConfidenceInterval quantileRatio(double[] numerator, double[] denominator, double p,
      QuantileRule rule, double level) {
    double each = eachLevel(level);
    ConfidenceInterval a = interval(sortedCopy(numerator), p, rule, each);
    ConfidenceInterval b = interval(sortedCopy(denominator), p, rule, each);
    double estimate = b.estimate() == 0 ? (a.estimate() == 0 ? 1 : Double.POSITIVE_INFINITY)
        : a.estimate() / b.estimate();
    double lower = a.hasLower() && b.hasUpper() ? a.lower() / b.upper() : Double.NEGATIVE_INFINITY;
    double upper = a.hasUpper() && b.hasLower() && b.lower() > 0 ? a.upper() / b.lower()
        : Double.POSITIVE_INFINITY;
    if (Double.isNaN(lower)) lower = Double.NEGATIVE_INFINITY; // 0 / 0: a lower bound of 0 over an upper of 0
    return new ConfidenceInterval(estimate, lower, upper, level, ConfidenceInterval.Method.ORDER_STATISTICS);
  }

  /** The level of each quantile's interval in a Bonferroni ratio at {@code level}: {@code 1 - (1 - level) / 2}. */
  public static double eachLevel(double level) {
    ProportionIntervals.checkLevel(level);
    return 1 - (1 - level) / 2;
  }

  /**
   * The fewest requests for which the sample's largest value is an upper bound of the {@code p}-th percentile at the
   * two-sided {@code level}: the smallest {@code n} with {@code (p/100)^n <= (1 - level) / 2}. 368 for p99 at 95 %;
   * 1 for p0; empty for p100 (no sample bounds its maximum from above).
   *
   * @throws IllegalArgumentException if p is out of range or the level is not in (0, 1)
   */
  public static OptionalLong requestsForUpperBound(double p, double level) {
    checkP(p);
    return fewestWith(p / 100, (1 - checked(level)) / 2);
  }

  /**
   * The fewest requests for which the sample's smallest value is a lower bound of the {@code p}-th percentile at the
   * two-sided {@code level}: the smallest {@code n} with {@code (1 - p/100)^n <= (1 - level) / 2}. 1 for p99 (and
   * p50, 6 requests: 0.5^6 < 0.025); empty for p0.
   *
   * @throws IllegalArgumentException if p is out of range or the level is not in (0, 1)
   */
  public static OptionalLong requestsForLowerBound(double p, double level) {
    checkP(p);
    return fewestWith(1 - p / 100, (1 - checked(level)) / 2);
  }

  /** The smallest n with {@code q^n <= tail}; empty when none (q = 1). */
  private static OptionalLong fewestWith(double q, double tail) {
    if (q <= 0) return OptionalLong.of(1);
    if (q >= 1) return OptionalLong.empty();
    long n = Math.max(1, (long) Math.ceil(Math.log(tail) / Math.log(q)));
    // The logarithms may be off by one ulp at an exact power: settle the whole number against the power itself.
    while (n > 1 && Math.pow(q, n - 1) <= tail) n--;
    while (Math.pow(q, n) > tail) n++;
    return OptionalLong.of(n);
  }

  private static ConfidenceInterval interval(double[] sorted, double p, QuantileRule rule, double level) {
    checked(level);
    double estimate = rule.of(sorted, p);
    int n = sorted.length;
    double tail = (1 - level) / 2;
    double q = p / 100;
    double lower = Double.NEGATIVE_INFINITY;
    double upper = Double.POSITIVE_INFINITY;
    if (q >= 1) {
      lower = sorted[n - 1]; // every value is at or below the maximum's quantile: the largest is the best bound
    } else if (q <= 0) {
      upper = sorted[0]; // and every value at or above the minimum's
    } else {
      BinomialDistribution below = new BinomialDistribution(null, n, q);
      int l = lowerIndex(below, tail);
      if (l >= 0) lower = sorted[l];
      // Smallest 0-based index u with P(B <= u) >= 1 - tail: the value there is at or above the quantile with
      // probability P(B < u + 1) >= 1 - tail. Beyond the last value there is no upper bound.
      int u = below.inverseCumulativeProbability(1 - tail);
      if (u <= n - 1) upper = sorted[u];
    }
    return new ConfidenceInterval(estimate, lower, upper, level, ConfidenceInterval.Method.ORDER_STATISTICS);
  }

  /**
   * The largest 0-based index l with {@code P(B <= l) <= tail}: the value there is at or below the quantile with
   * probability {@code P(B >= l + 1) >= 1 - tail}; -1 when even the smallest value is not a bound.
   */
  private static int lowerIndex(BinomialDistribution below, double tail) {
    int j = below.inverseCumulativeProbability(tail); // the smallest j with P(B <= j) >= tail
    return below.cumulativeProbability(j) <= tail ? j : j - 1;
  }

  private static double checked(double level) {
    ProportionIntervals.checkLevel(level);
    return level;
  }

  private static void checkP(double p) {
    if (!(p >= 0 && p <= 100)) throw new IllegalArgumentException("p (" + p + ") should be between 0 and 100");
  }

  private static double[] sortedCopy(double[] sample) {
    if (sample.length == 0) throw new IllegalArgumentException("sample should not be empty");
    double[] sorted = sample.clone();
    for (int i = 0; i < sorted.length; i++) {
      if (Double.isNaN(sorted[i])) throw new IllegalArgumentException("sample[" + i + "] (NaN) should be a number");
    }
    Arrays.sort(sorted);
    return sorted;
  }
}
