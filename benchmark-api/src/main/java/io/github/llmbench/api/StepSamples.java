package io.github.llmbench.api;

import java.util.Arrays;

/**
 * The per-request values of one step's <b>successful</b> requests, kept so that intervals and run comparisons can
 * be computed after the fact (from a saved result as well as from a live one). Immutable: arrays are copied in and
 * out.
 *
 * <p>How the engine fills it, from the step's {@link RequestOutcome}s in request-index order, successful ones only:
 * {@code latencyNanos[i] = latencyNanos()}, {@code outputTokens[i] = completionTokens()} (same length, or empty when
 * not recorded); from those that carry a {@link RequestOutcome.StreamTiming}: {@code ttftNanos} gets {@code
 * ttftNanos()} and {@code tpotNanos} gets {@code Math.round(tpotNanos(completionTokens()))} when it is not negative (at
 * least two output tokens), exactly the values behind {@link StreamStatistics}; from those that also carry a
 * {@link RequestOutcome.Reasoning} and an output token: {@code firstOutputNanos} gets {@code firstOutputNanos()}, the
 * values behind {@link StepStatistics.ReasoningFigures#firstOutput()}.
 *
 * @param latencyNanos end-to-end latencies of the successful requests
 * @param outputTokens completion tokens of the same requests, index for index; empty when not recorded
 * @param ttftNanos time to first token of the successful streamed requests; empty when not streamed
 * @param tpotNanos time per output token of the successful streamed requests with at least two output tokens
 * @param firstOutputNanos time to first output token of the successful streamed requests that reasoned and
 *     answered; empty without reasoning
 */
public record StepSamples(long[] latencyNanos, long[] outputTokens, long[] ttftNanos, long[] tpotNanos,
    long[] firstOutputNanos) {
  /** No samples. */
  public static final StepSamples EMPTY = new StepSamples(new long[0], new long[0], new long[0], new long[0]);

  /** Samples of a step without reasoning. */
  public StepSamples(long[] latencyNanos, long[] outputTokens, long[] ttftNanos, long[] tpotNanos) {
    this(latencyNanos, outputTokens, ttftNanos, tpotNanos, new long[0]);
  }

  /**
   * @throws IllegalArgumentException if a value is negative or {@code outputTokens} is neither empty nor as long as
   *     {@code latencyNanos}
   */
  public StepSamples {
    latencyNanos = checked("latencyNanos", latencyNanos);
    outputTokens = checked("outputTokens", outputTokens);
    ttftNanos = checked("ttftNanos", ttftNanos);
    tpotNanos = checked("tpotNanos", tpotNanos);
    firstOutputNanos = checked("firstOutputNanos", firstOutputNanos);
    if (outputTokens.length != 0 && outputTokens.length != latencyNanos.length) {
      throw new IllegalArgumentException("outputTokens (" + outputTokens.length + " values) should be empty or as "
          + "long as latencyNanos (" + latencyNanos.length + " values)");
    }
  }

  /** Latencies only (a non-streamed step whose token counts were not kept). */
  public static StepSamples ofLatencies(long... latencyNanos) {
    return new StepSamples(latencyNanos, new long[0], new long[0], new long[0]);
  }

  private static long[] checked(String field, long[] values) {
    long[] copy = values.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] < 0) throw new IllegalArgumentException(field + "[" + i + "] (" + copy[i] + ") should not be negative");
    }
    return copy;
  }

  @Override
  public long[] latencyNanos() {
    return latencyNanos.clone();
  }

  @Override
  public long[] outputTokens() {
    return outputTokens.clone();
  }

  @Override
  public long[] ttftNanos() {
    return ttftNanos.clone();
  }

  @Override
  public long[] tpotNanos() {
    return tpotNanos.clone();
  }

  @Override
  public long[] firstOutputNanos() {
    return firstOutputNanos.clone();
  }

  /** How many successful requests these samples describe. */
  public int size() {
    return latencyNanos.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepSamples s && Arrays.equals(s.latencyNanos, latencyNanos)
        && Arrays.equals(s.outputTokens, outputTokens) && Arrays.equals(s.ttftNanos, ttftNanos)
        && Arrays.equals(s.tpotNanos, tpotNanos) && Arrays.equals(s.firstOutputNanos, firstOutputNanos);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(latencyNanos) * 31 * 31 * 31 + Arrays.hashCode(outputTokens) * 31 * 31
        + Arrays.hashCode(ttftNanos) * 31 + Arrays.hashCode(tpotNanos) + Arrays.hashCode(firstOutputNanos) * 7;
  }

  @Override
  public String toString() {
    return "StepSamples[latencies=" + latencyNanos.length + ", outputTokens=" + outputTokens.length + ", ttft="
        + ttftNanos.length + ", tpot=" + tpotNanos.length + ", firstOutput=" + firstOutputNanos.length + "]";
  }
}
