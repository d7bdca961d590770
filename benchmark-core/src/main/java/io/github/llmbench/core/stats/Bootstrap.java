package io.github.llmbench.core.stats;

import io.github.llmbench.api.ConfidenceInterval;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded percentile bootstrap for quantiles of per-request samples: the interval of one sample's quantile and of
 * the difference of two samples' quantiles (run comparison). Each replicate resamples every sample with replacement,
 * independently; the interval is read from the {@code (1 - level) / 2} and {@code (1 + level) / 2} quantiles of the
 * replicates (linear interpolation). Immutable and thread-safe; the same seed and data give the same interval on
 * every JVM ({@link SplittableRandom}).
 *
 * <p>Speed: a replicate never sorts. The sample is sorted once; a resample is a vector of counts over the sorted
 * values, and its order statistic at rank {@code r} is found by a cumulative scan from the nearer end (short for
 * p99). One replicate costs {@code n} random draws plus a scan, so 2,000 replicates of 5,000 samples take a few
 * tens of milliseconds.
 *
 * <p>Known limit: the bootstrap cannot see beyond the largest observed value, so for an extreme quantile of a small
 * sample (p99 of fewer than a few hundred requests) the upper bound is at most the sample maximum and the interval
 * is far too narrow on that side (a p99 of 10 requests came out as [2.486, 2.492] around 2.491). Rule decisions and
 * a step's quantile intervals therefore use {@link QuantileIntervals} (order statistics), which says when the data
 * cannot bound a quantile; the bootstrap is kept for central quantiles.
 *
 * <pre>{@code
 * Bootstrap b = Bootstrap.ofDefaults();                      // 2,000 resamples, 95 %, fixed seed
 * Bootstrap.QuantileDifference d = b.quantileDifference(baselineSec, candidateSec, 50, QuantileRule.LINEAR);
 * }</pre>
 *
 * @param resamples replicates drawn, at least 100
 * @param level the confidence level, in (0, 1)
 * @param seed the seed of the replicates
 */
public record Bootstrap(int resamples, double level, long seed) {
  /** 2,000 replicates: the Monte Carlo error of a 95 % percentile bound is then small against its width. */
  public static final int DEFAULT_RESAMPLES = 2000;
  /** The default seed, fixed so that a report is reproducible. */
  public static final long DEFAULT_SEED = 0x11E4BE7CL;

  /** @throws IllegalArgumentException if resamples is below 100 or the level is not in (0, 1) */
  public Bootstrap {
    if (resamples < 100) throw new IllegalArgumentException("resamples (" + resamples + ") should be at least 100");
    ProportionIntervals.checkLevel(level);
  }

  /** 2,000 resamples, 95 %, {@link #DEFAULT_SEED}. */
  public static Bootstrap ofDefaults() {
    return new Bootstrap(DEFAULT_RESAMPLES, ProportionIntervals.DEFAULT_LEVEL, DEFAULT_SEED);
  }

  /** This bootstrap with another seed. */
  public Bootstrap withSeed(long newSeed) {
    return new Bootstrap(resamples, level, newSeed);
  }

  /** This bootstrap at another confidence level. */
  public Bootstrap withLevel(double newLevel) {
    return new Bootstrap(resamples, newLevel, seed);
  }

  /**
   * The interval of the {@code p}-th percentile of one sample.
   *
   * @param sample the values, in any order, not empty
   * @throws IllegalArgumentException if the sample is empty, holds NaN, or p is out of range
   */
  public ConfidenceInterval quantile(double[] sample, double p, QuantileRule rule) {
    Resampler a = new Resampler(sample, p, rule);
    SplittableRandom random = new SplittableRandom(seed);
    double[] replicates = new double[resamples];
    for (int i = 0; i < resamples; i++) replicates[i] = a.next(random);
    return interval(a.observed(), replicates);
  }

  /**
   * The interval of {@code quantile(candidate) - quantile(baseline)} for two independent samples, and the
   * bootstrap's two-sided p-value against no difference: {@code 2 min(P*(d <= 0), P*(d >= 0))}, at most 1.
   *
   * @throws IllegalArgumentException if a sample is empty or holds NaN, or p is out of range
   */
  public QuantileDifference quantileDifference(double[] baseline, double[] candidate, double p, QuantileRule rule) {
    Resampler b = new Resampler(baseline, p, rule);
    Resampler c = new Resampler(candidate, p, rule);
    SplittableRandom random = new SplittableRandom(seed);
    double[] replicates = new double[resamples];
    int atOrBelow = 0;
    int atOrAbove = 0;
    for (int i = 0; i < resamples; i++) {
      double d = c.next(random) - b.next(random);
      replicates[i] = d;
      if (d <= 0) atOrBelow++;
      if (d >= 0) atOrAbove++;
    }
    double pValue = Math.min(1.0, 2.0 * Math.min(atOrBelow, atOrAbove) / resamples);
    return new QuantileDifference(interval(c.observed() - b.observed(), replicates), pValue);
  }

  /**
   * A bootstrap interval of a quantile difference and its p-value.
   *
   * @param interval the interval of {@code candidate - baseline}
   * @param pValue the two-sided bootstrap p-value against no difference
   */
  public record QuantileDifference(ConfidenceInterval interval, double pValue) {}

  private ConfidenceInterval interval(double observed, double[] replicates) {
    Arrays.sort(replicates);
    double tail = (1 - level) / 2 * 100;
    double lower = QuantileRule.LINEAR.of(replicates, tail);
    double upper = QuantileRule.LINEAR.of(replicates, 100 - tail);
    if (Double.isNaN(lower)) lower = replicates[0];
    if (Double.isNaN(upper)) upper = replicates[replicates.length - 1];
    return new ConfidenceInterval(observed, lower, upper, level, ConfidenceInterval.Method.PERCENTILE_BOOTSTRAP);
  }

  /** One sample, sorted once, with a reusable count vector for its resamples. */
  private static final class Resampler {
    private final double[] sorted;
    private final int[] counts;
    private final QuantileRule.Position position;

    Resampler(double[] sample, double p, QuantileRule rule) {
      if (sample.length == 0) throw new IllegalArgumentException("sample should not be empty");
      sorted = sample.clone();
      for (int i = 0; i < sorted.length; i++) {
        if (Double.isNaN(sorted[i])) throw new IllegalArgumentException("sample[" + i + "] (NaN) should be a number");
      }
      Arrays.sort(sorted);
      counts = new int[sorted.length];
      position = rule.position(sorted.length, p);
    }

    double observed() {
      double low = sorted[position.rank()];
      return position.weight() == 0 ? low : low + position.weight() * (sorted[position.rank() + 1] - low);
    }

    double next(SplittableRandom random) {
      int n = sorted.length;
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) counts[random.nextInt(n)]++;
      double low = valueAtRank(position.rank());
      if (position.weight() == 0) return low;
      return low + position.weight() * (valueAtRank(position.rank() + 1) - low);
    }

    /** The value at 0-based rank {@code r} of the current resample. */
    private double valueAtRank(int r) {
      int n = sorted.length;
      if (r >= n / 2) {
        // From the top: the value at rank r is the lowest index with fewer than n - r draws above it.
        int i = n - 1;
        long above = 0;
        while (i > 0 && above + counts[i] < n - r) above += counts[i--];
        return sorted[i];
      }
      int i = 0;
      long upTo = counts[0];
      while (upTo <= r) upTo += counts[++i];
      return sorted[i];
    }
  }
}
