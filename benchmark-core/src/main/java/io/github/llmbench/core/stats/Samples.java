package io.github.llmbench.core.stats;

import io.github.llmbench.api.StepSamples;

/** Conversions of {@link StepSamples} to the seconds and rates the statistics work on. */
public final class Samples {
  private static final double NANOS_PER_SEC = 1e9;

  private Samples() {}

  /** The successful requests' latencies in seconds. */
  public static double[] latencySec(StepSamples samples) {
    return seconds(samples.latencyNanos());
  }

  /** Time to first token in seconds (empty when not streamed). */
  public static double[] ttftSec(StepSamples samples) {
    return seconds(samples.ttftNanos());
  }

  /** Time per output token in seconds (empty when not streamed). */
  public static double[] tpotSec(StepSamples samples) {
    return seconds(samples.tpotNanos());
  }

  /**
   * Each successful request's completion tokens / its latency, in tokens per second; empty when token counts were
   * not recorded. Requests with a zero latency are left out.
   */
  public static double[] outputRatePerSec(StepSamples samples) {
    long[] tokens = samples.outputTokens();
    long[] latency = samples.latencyNanos();
    if (tokens.length == 0) return new double[0];
    double[] out = new double[tokens.length];
    int n = 0;
    for (int i = 0; i < tokens.length; i++) {
      if (latency[i] > 0) out[n++] = tokens[i] / (latency[i] / NANOS_PER_SEC);
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static double[] seconds(long[] nanos) {
    double[] out = new double[nanos.length];
    for (int i = 0; i < nanos.length; i++) out[i] = nanos[i] / NANOS_PER_SEC;
    return out;
  }
}
