package io.github.llmbench.core.internal.metrics;

import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
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
   * Estimates the {@code q}-quantile as Prometheus' {@code histogram_quantile} does: find the bucket holding rank
   * {@code q × total} and interpolate linearly between its lower bound (the previous bound, 0 for the first
   * bucket) and its upper bound. A rank in the {@code +Inf} bucket gives the highest finite bound.
   *
   * @return the estimate, or empty if the histogram holds no observation
   */
  OptionalDouble quantile(double q) {
    double total = cumulativeByUpperBound.get(Double.POSITIVE_INFINITY);
    if (!(total > 0)) {
      return OptionalDouble.empty();
    }
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> bucket : cumulativeByUpperBound.entrySet()) {
      double upperBound = bucket.getKey();
      double cumulative = bucket.getValue();
      if (cumulative >= rank && cumulative > lowerCount) {
        if (Double.isInfinite(upperBound)) {
          Double highestFinite = cumulativeByUpperBound.lowerKey(Double.POSITIVE_INFINITY);
          return OptionalDouble.of(highestFinite == null ? 0 : highestFinite);
        }
        if (upperBound <= 0) {
          return OptionalDouble.of(upperBound);
        }
        return OptionalDouble.of(lowerBound + (upperBound - lowerBound) * (rank - lowerCount)
            / (cumulative - lowerCount));
      }
      lowerBound = upperBound;
      lowerCount = cumulative;
    }
    return OptionalDouble.empty();
  }
}
