package io.github.llmbench.core.stats;

import io.github.llmbench.api.ConfidenceInterval;
import java.util.Arrays;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * Two-sample tests for run comparison: a baseline sample against a candidate sample of the same step, each from
 * its own run (independent samples). Every effect is signed candidate against baseline.
 */
public final class TwoSampleTests {
  /** The default significance level. */
  public static final double DEFAULT_ALPHA = 0.05;

  private TwoSampleTests() {}

  /**
   * The result of a Mann–Whitney U test.
   *
   * @param uCandidate U of the candidate: pairs where the candidate is larger, plus half the ties
   * @param pValue two-sided p-value (Commons Math's normal approximation, without tie correction, so slightly
   *     conservative when many values tie)
   * @param cliffsDelta P(candidate &gt; baseline) - P(candidate &lt; baseline), the rank-biserial correlation
   * @param hodgesLehmannShift the median of all candidate - baseline differences
   */
  public record RankTest(double uCandidate, double pValue, double cliffsDelta, double hodgesLehmannShift) {}

  /**
   * Mann–Whitney U on two samples with Commons Math {@link MannWhitneyUTest}, with Cliff's delta and the
   * Hodges–Lehmann shift (computed exactly in {@code O((m + n) log)} by bisection on the shift, without forming
   * the {@code m x n} differences).
   *
   * @throws IllegalArgumentException if a sample is empty or holds NaN
   */
  public static RankTest mannWhitney(double[] baseline, double[] candidate) {
    double[] b = sortedCopy(baseline, "baseline");
    double[] c = sortedCopy(candidate, "candidate");
    double pValue = new MannWhitneyUTest().mannWhitneyUTest(b, c);
    // Commons Math returns NaN when every value is equal (zero variance); no difference then.
    if (Double.isNaN(pValue)) pValue = 1.0;
    double u = uCandidate(b, c);
    double pairs = (double) b.length * c.length;
    return new RankTest(u, Math.min(1.0, pValue), (2 * u - pairs) / pairs, hodgesLehmann(b, c));
  }

  /** Pairs (baseline i, candidate j) with {@code c[j] > b[i]}, plus half the ties, from two ascending arrays. */
  static double uCandidate(double[] b, double[] c) {
    double u = 0;
    int below = 0; // baseline values < c[j]
    int atOrBelow = 0; // baseline values <= c[j]
    for (double v : c) {
      while (below < b.length && b[below] < v) below++;
      if (atOrBelow < below) atOrBelow = below;
      while (atOrBelow < b.length && b[atOrBelow] <= v) atOrBelow++;
      u += below + 0.5 * (atOrBelow - below);
    }
    return u;
  }

  /** The median of {@code c[j] - b[i]} over all pairs, from two ascending arrays. */
  static double hodgesLehmann(double[] b, double[] c) {
    long pairs = (long) b.length * c.length;
    if (pairs % 2 == 1) return kthDifference(b, c, pairs / 2);
    return (kthDifference(b, c, pairs / 2 - 1) + kthDifference(b, c, pairs / 2)) / 2;
  }

  /** The k-th smallest (0-based) of the pairwise differences, by bisection on the value. */
  private static double kthDifference(double[] b, double[] c, long k) {
    double lo = c[0] - b[b.length - 1]; // the smallest difference
    double hi = c[c.length - 1] - b[0]; // the largest
    if (countAtOrBelow(b, c, lo) >= k + 1) return lo;
    // Invariant: fewer than k + 1 differences <= lo, at least k + 1 differences <= hi.
    for (int i = 0; i < 200; i++) {
      double mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) break;
      if (countAtOrBelow(b, c, mid) >= k + 1) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return largestDifferenceAtOrBelow(b, c, hi);
  }

  /** The largest actual difference {@code c[j] - b[i] <= d}, so the result is one of the differences exactly. */
  private static double largestDifferenceAtOrBelow(double[] b, double[] c, double d) {
    double best = Double.NEGATIVE_INFINITY;
    int i = 0;
    for (double v : c) {
      while (i < b.length && b[i] < v - d) i++;
      if (i < b.length) best = Math.max(best, v - b[i]);
    }
    return best;
  }

  /** How many pairs have {@code c[j] - b[i] <= d}, in one pass over both ascending arrays. */
  private static long countAtOrBelow(double[] b, double[] c, double d) {
    long count = 0;
    int i = 0; // first baseline index with b[i] >= c[j] - d
    for (double v : c) {
      double t = v - d;
      while (i < b.length && b[i] < t) i++;
      count += b.length - i;
    }
    return count;
  }

  /**
   * The result of a test of two proportions.
   *
   * @param test {@link StatisticalTest#TWO_PROPORTION_Z} or {@link StatisticalTest#FISHER_EXACT}
   * @param pValue two-sided p-value
   * @param difference {@code p_candidate - p_baseline}
   * @param cohensH {@code 2 asin(sqrt(p_candidate)) - 2 asin(sqrt(p_baseline))}
   * @param differenceInterval Newcombe's hybrid score interval of the difference
   */
  public record ProportionTest(StatisticalTest test, double pValue, double difference, double cohensH,
      ConfidenceInterval differenceInterval) {}

  /**
   * Compares two proportions (success rates): Fisher's exact test when an expected cell count of the 2x2 table is
   * below 5 (the z-test's normal approximation is poor there), else the pooled two-proportion z-test.
   *
   * @throws IllegalArgumentException if a count is out of range or the level is not in (0, 1)
   */
  public static ProportionTest proportions(long baselineSuccesses, long baselineTrials, long candidateSuccesses,
      long candidateTrials, double level) {
    ConfidenceInterval diff = ProportionIntervals.newcombeDifference(baselineSuccesses, baselineTrials,
        candidateSuccesses, candidateTrials, level);
    double p1 = (double) baselineSuccesses / baselineTrials;
    double p2 = (double) candidateSuccesses / candidateTrials;
    double h = 2 * Math.asin(Math.sqrt(p2)) - 2 * Math.asin(Math.sqrt(p1));
    long n = baselineTrials + candidateTrials;
    long successes = baselineSuccesses + candidateSuccesses;
    double pooled = (double) successes / n;
    double minExpected = Math.min(Math.min(baselineTrials, candidateTrials) * pooled,
        Math.min(baselineTrials, candidateTrials) * (1 - pooled));
    if (minExpected < 5) {
      return new ProportionTest(StatisticalTest.FISHER_EXACT,
          fisherExact(baselineSuccesses, baselineTrials, candidateSuccesses, candidateTrials), p2 - p1, h, diff);
    }
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / baselineTrials + 1.0 / candidateTrials));
    double z = (p2 - p1) / se;
    double pValue = Math.min(1.0, 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(-Math.abs(z)));
    return new ProportionTest(StatisticalTest.TWO_PROPORTION_Z, pValue, p2 - p1, h, diff);
  }

  /**
   * Fisher's exact test, two-sided: the probability, under the hypergeometric law of the table with fixed margins,
   * of every table no more likely than the observed one (relative tolerance 1e-7, as R's {@code fisher.test}).
   */
  static double fisherExact(long s1, long n1, long s2, long n2) {
    int population = Math.toIntExact(n1 + n2);
    int successes = Math.toIntExact(s1 + s2);
    if (successes == 0 || successes == population) return 1.0;
    HypergeometricDistribution h = new HypergeometricDistribution(null, population, successes, Math.toIntExact(n1));
    double observed = h.probability(Math.toIntExact(s1));
    double p = 0;
    for (int k = h.getSupportLowerBound(); k <= h.getSupportUpperBound(); k++) {
      double pk = h.probability(k);
      if (pk <= observed * (1 + 1e-7)) p += pk;
    }
    return Math.min(1.0, p);
  }

  /**
   * The verdict on a metric from a test's p-value and the direction of the candidate's change.
   *
   * @param direction the sign of the change, candidate against baseline (positive: the candidate's values are
   *     larger); 0 when there is no direction
   * @param lowerIsBetter true for latencies, false for rates
   */
  public static ComparisonVerdict verdict(double pValue, double alpha, double direction, boolean lowerIsBetter) {
    if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha (" + alpha + ") should be in (0, 1)");
    if (Double.isNaN(pValue)) return ComparisonVerdict.NOT_TESTED;
    if (pValue >= alpha || direction == 0 || Double.isNaN(direction)) {
      return ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE;
    }
    boolean larger = direction > 0;
    return larger == lowerIsBetter ? ComparisonVerdict.SLOWER : ComparisonVerdict.FASTER;
  }

  private static double[] sortedCopy(double[] values, String name) {
    if (values.length == 0) throw new IllegalArgumentException(name + " sample should not be empty");
    double[] copy = values.clone();
    for (int i = 0; i < copy.length; i++) {
      if (Double.isNaN(copy[i])) throw new IllegalArgumentException(name + "[" + i + "] (NaN) should be a number");
    }
    Arrays.sort(copy);
    return copy;
  }
}
