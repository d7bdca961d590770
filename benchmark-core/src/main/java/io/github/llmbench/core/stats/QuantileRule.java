package io.github.llmbench.core.stats;

/**
 * How a quantile is read from a sample. Each rule picks the order statistic at a (0-based) rank {@code r} of the
 * ascending sample, possibly interpolating towards rank {@code r + 1}: {@code x[r] + w * (x[r+1] - x[r])}.
 */
public enum QuantileRule {
  /**
   * The unified script's rule: {@code k = (n - 1) * p / 100}, {@code f = int(k)}, value {@code sorted[f]}, the lower
   * sample without interpolation. Use it for the script's figures and statuses.
   */
  SCRIPT_LOWER,
  /**
   * Nearest rank, as HdrHistogram reads a percentile: the smallest value with at least {@code p} % of the sample at
   * or below it, {@code sorted[ceil(p / 100 * n) - 1]} (the minimum for p = 0).
   */
  NEAREST_RANK,
  /**
   * Linear interpolation between the two nearest ranks at {@code h = (n - 1) * p / 100} (Hyndman and Fan type 7,
   * NumPy's and R's default). Use it for llmbench's own interpolated figures.
   */
  LINEAR;

  /**
   * The {@code p}-th percentile of an ascending sample.
   *
   * @param sorted ascending values, not empty
   * @param p the percentile, 0 to 100
   * @throws IllegalArgumentException if the sample is empty or p is out of range
   */
  public double of(double[] sorted, double p) {
    Position pos = position(sorted.length, p);
    double low = sorted[pos.rank()];
    return pos.weight() == 0 ? low : low + pos.weight() * (sorted[pos.rank() + 1] - low);
  }

  /** The rank and interpolation weight of the {@code p}-th percentile in a sample of {@code n} values. */
  Position position(int n, double p) {
    if (n <= 0) throw new IllegalArgumentException("sample size (" + n + ") should be positive");
    if (!(p >= 0 && p <= 100)) throw new IllegalArgumentException("p (" + p + ") should be between 0 and 100");
    switch (this) {
      case SCRIPT_LOWER: {
        // Exact in integers for whole percentiles, as the script computes (n - 1) * p / 100 with an int p.
        long f = p == Math.rint(p) ? ((long) (n - 1) * (long) p) / 100 : (long) Math.floor((n - 1) * p / 100);
        return new Position((int) f, 0);
      }
      case NEAREST_RANK: {
        long rank = (long) Math.ceil(p / 100 * n);
        return new Position((int) Math.max(0, Math.min(n - 1, rank - 1)), 0);
      }
      default: {
        double h = (n - 1) * p / 100;
        int r = (int) Math.floor(h);
        double w = h - r;
        if (r >= n - 1) return new Position(n - 1, 0);
        return new Position(r, w);
      }
    }
  }

  /** Rank {@code rank} (0-based), interpolated towards {@code rank + 1} by {@code weight} in [0, 1). */
  record Position(int rank, double weight) {}
}
