package io.github.llmbench.core;

import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.core.stats.QuantileRule;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.jspecify.annotations.Nullable;

/**
 * The one place a step's figures are computed from what they are made of, for a run (from its requests) and for a
 * merge of shards (from the shards' counts, samples and added histograms) alike: the script's figures, quirks
 * included, the wall-clock figures and the latency distribution.
 *
 * <p>The script's percentiles take the lower sample ({@link QuantileRule#SCRIPT_LOWER}, 0 with no data); its
 * throughputs divide the tokens of successful requests by its duration, the longest single request. A distribution's
 * percentiles come from an HdrHistogram of 3 significant digits, kept within the exact range; its count, min, max,
 * mean and sample standard deviation from the values themselves.
 */
public final class StepFigures {
  /** The precision of every latency histogram, in a run and in the interval logs a merge adds. */
  public static final int SIGNIFICANT_DIGITS = 3;
  private static final double NANOS_PER_SEC = 1e9;

  private StepFigures() {}

  /**
   * What a step's figures are made of: counts and sums, which shards add exactly, and two spans, which a merge
   * bounds.
   *
   * @param numRequests requests the step sent
   * @param successful requests that succeeded
   * @param failed requests that failed
   * @param failures failed requests by cause
   * @param promptTokens prompt tokens of the successful requests
   * @param completionTokens completion tokens of the successful requests
   * @param durationSec the script's duration: the longest single request, 1 when there was none
   * @param wallClockSec from the first request's start to the last one's end
   */
  public record Totals(int numRequests, int successful, int failed, Map<String, Integer> failures,
      long promptTokens, long completionTokens, double durationSec, double wallClockSec) {
    public Totals {
      if (numRequests <= 0) throw new IllegalArgumentException("numRequests (" + numRequests + ") should be positive");
      failures = Map.copyOf(failures);
    }
  }

  /**
   * The step's figures.
   *
   * @param sortedLatencyNanos the successful requests' latencies, ascending
   * @param histogram those latencies recorded at {@link #SIGNIFICANT_DIGITS}, or null to record them here
   */
  public static StepStatistics of(Totals t, long[] sortedLatencyNanos, @Nullable Histogram histogram) {
    Objects.requireNonNull(t, "totals");
    double[] sortedSec = new double[sortedLatencyNanos.length];
    for (int i = 0; i < sortedSec.length; i++) sortedSec[i] = sortedLatencyNanos[i] / NANOS_PER_SEC;
    long tokens = t.promptTokens() + t.completionTokens();
    double duration = t.durationSec();
    double wall = t.wallClockSec();
    return StepStatistics.builder()
        .requests(t.numRequests(), t.successful(), t.failed())
        .successRate((double) t.successful() / t.numRequests())
        .durationSec(duration)
        .scriptLatencySec(script(sortedSec, 50), script(sortedSec, 95), script(sortedSec, 99))
        .throughput(duration > 0 ? tokens / duration : 0, duration > 0 ? t.completionTokens() / duration : 0)
        .tokens(t.promptTokens(), t.completionTokens())
        .wallClock(wall, wall > 0 ? tokens / wall : 0, wall > 0 ? t.completionTokens() / wall : 0)
        .latency(histogram == null ? summary(sortedLatencyNanos) : summary(sortedLatencyNanos, histogram))
        .failures(t.failures())
        .build();
  }

  /**
   * The unified script's percentile: {@code k = (len - 1) * p / 100}, {@code f = int(k)}, value {@code data[f]}
   * (the script's interpolation branch can never run, so this is the lower sample). 0 for no data.
   *
   * @param sortedSec ascending values
   * @param p the percentile, 0 to 100
   */
  public static double script(double[] sortedSec, int p) {
    if (p < 0 || p > 100) throw new IllegalArgumentException("p (" + p + ") should be between 0 and 100");
    return sortedSec.length == 0 ? 0 : QuantileRule.SCRIPT_LOWER.of(sortedSec, p);
  }

  /** The distribution of these values (nanoseconds, in any order; the array is left as it is), in seconds. */
  public static LatencySummary summaryOfUnsorted(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return summary(sorted);
  }

  /** The distribution of these values (ascending, nanoseconds), in seconds, with a histogram recorded here. */
  public static LatencySummary summary(long[] sortedNanos) {
    Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
    for (long v : sortedNanos) histogram.recordValue(Math.max(0, v));
    return summary(sortedNanos, histogram);
  }

  /** The distribution of these values (ascending, nanoseconds), with their histogram's percentiles. */
  public static LatencySummary summary(long[] sortedNanos, Histogram histogram) {
    if (sortedNanos.length == 0) return LatencySummary.EMPTY;
    SummaryStatistics stats = new SummaryStatistics();
    for (long v : sortedNanos) stats.addValue(v / NANOS_PER_SEC);
    long min = sortedNanos[0];
    long max = sortedNanos[sortedNanos.length - 1];
    return new LatencySummary(sortedNanos.length, min / NANOS_PER_SEC, stats.getMean(), stats.getStandardDeviation(),
        hdr(histogram, 50, min, max), hdr(histogram, 90, min, max), hdr(histogram, 95, min, max),
        hdr(histogram, 99, min, max), hdr(histogram, 99.9, min, max), max / NANOS_PER_SEC);
  }

  /**
   * A distribution known only from its histogram: percentiles as above, count exact, min, max, mean and (sample)
   * standard deviation to the histogram's resolution. Empty when there is no histogram.
   */
  public static LatencySummary fromHistogram(@Nullable Histogram h) {
    if (h == null || h.getTotalCount() == 0) return LatencySummary.EMPTY;
    long n = h.getTotalCount();
    long min = h.getMinValue();
    long max = h.getMaxValue();
    double sd = n > 1 ? h.getStdDeviation() * Math.sqrt((double) n / (n - 1)) : 0;
    return new LatencySummary(n, min / NANOS_PER_SEC, h.getMean() / NANOS_PER_SEC, sd / NANOS_PER_SEC,
        hdr(h, 50, min, max), hdr(h, 90, min, max), hdr(h, 95, min, max), hdr(h, 99, min, max),
        hdr(h, 99.9, min, max), max / NANOS_PER_SEC);
  }

  /** HdrHistogram reports the highest value equivalent to the bucket; keep it within the exact range. */
  private static double hdr(Histogram histogram, double percentile, long min, long max) {
    long v = histogram.getValueAtPercentile(percentile);
    return Math.min(max, Math.max(min, v)) / NANOS_PER_SEC;
  }
}
