package io.github.llmbench.core.internal.metrics;

import java.util.Map;
import java.util.NavigableMap;
import io.github.llmbench.api.ServerMetrics;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Prometheus histogram at one scrape, or the increase of one between scrapes: cumulative counts by upper bound
 * (the {@code le} labels, {@code +Inf} included), the observation count and the sum. Pure and immutable.
 *
 * @param cumulativeByUpperBound observations at or below each bound
 * @param count observations ({@code _count}, else the {@code +Inf} bucket)
 * @param sum sum of the observations ({@code _sum}); NaN if the server did not send it
 */
public record HistogramSnapshot(NavigableMap<Double, Double> cumulativeByUpperBound, double count, double sum) {
  public HistogramSnapshot {
    cumulativeByUpperBound = java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(cumulativeByUpperBound));
  }

  /**
   * The increase from {@code earlier} to this snapshot. If the histogram was reset in between (a count went
   * down), the increase is this snapshot itself, counted from 0 like Prometheus' {@code increase()}.
   *
   * @return the increase, or empty if the two have different bucket bounds
   */
  java.util.Optional<HistogramSnapshot> increaseSince(HistogramSnapshot earlier) {
    if (!cumulativeByUpperBound.keySet().equals(earlier.cumulativeByUpperBound.keySet())) {
      return java.util.Optional.empty();
    }
    boolean reset = count < earlier.count;
    for (Map.Entry<Double, Double> e : cumulativeByUpperBound.entrySet()) {
      reset |= e.getValue() < earlier.cumulativeByUpperBound.get(e.getKey());
    }
    if (reset) {
      return java.util.Optional.of(this);
    }
    TreeMap<Double, Double> delta = new TreeMap<>();
    cumulativeByUpperBound.forEach((le, c) -> delta.put(le, c - earlier.cumulativeByUpperBound.get(le)));
    return java.util.Optional.of(new HistogramSnapshot(delta, count - earlier.count, sum - earlier.sum));
  }

  /** @return this plus {@code other}, bucket by bucket (same bounds assumed) */
  HistogramSnapshot plus(HistogramSnapshot other) {
    TreeMap<Double, Double> total = new TreeMap<>(cumulativeByUpperBound);
    other.cumulativeByUpperBound.forEach((le, c) -> total.merge(le, c, Double::sum));
    return new HistogramSnapshot(total, count + other.count, sum + other.sum);
  }

  /**
   * The bucket the {@code q}-quantile lies in: the first bucket whose cumulative count reaches rank
   * {@code q × total}, from the previous bound (0 for the first bucket) to its own; from the highest finite bound
   * to {@code +∞} for the {@code +Inf} bucket. Inside a bucket the histogram does not say where the quantile is
   * (Prometheus' {@code histogram_quantile} interpolates linearly, which is a guess, not a measurement).
   *
   * @return the bucket, or empty if the histogram holds no observation
   */
  Optional<ServerMetrics.BucketRange> quantileBucket(double q) {
    Double total = cumulativeByUpperBound.get(Double.POSITIVE_INFINITY);
    if (total == null || !(total > 0)) {
      return Optional.empty();
    }
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> bucket : cumulativeByUpperBound.entrySet()) {
      double upperBound = bucket.getKey();
      double cumulative = bucket.getValue();
      if (cumulative >= rank && cumulative > lowerCount) {
        // Latencies are not negative: a bucket at or below 0 holds only 0.
        double lower = Math.max(0, Math.min(lowerBound, upperBound));
        return Optional.of(new ServerMetrics.BucketRange(lower, Math.max(lower, upperBound)));
      }
      lowerBound = upperBound;
      lowerCount = cumulative;
    }
    return Optional.empty();
  }
}
