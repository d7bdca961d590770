package io.github.llmbench.api;

/**
 * A latency distribution in seconds: interpolated percentiles (from an HdrHistogram in the engine), the mean and
 * the standard deviation. Unlike the unified script's percentiles these interpolate and go to p99.9 and max.
 *
 * @param count how many values
 */
public record LatencySummary(long count, double minSec, double meanSec, double stddevSec, double p50Sec,
    double p90Sec, double p95Sec, double p99Sec, double p999Sec, double maxSec) {
  /** No values. */
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
