package io.github.llmbench.core.stats;

import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.StepSamples;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Conversions of {@link StepSamples} to the seconds and rates the statistics work on. */
public final class Samples {
  private static final double NANOS_PER_SEC = 1e9;

  private Samples() {}

  /**
   * The samples of one step from its outcomes, as {@link StepSamples} documents: successful requests in
   * request-index order; latency and completion tokens of each; TTFT of those streamed; TPOT of those streamed with
   * at least two output tokens (rounded to the nanosecond, as the step's stream figures are); time to first output
   * token of those streamed that reasoned and answered.
   */
  public static StepSamples of(List<RequestOutcome> outcomes) {
    List<RequestOutcome> ok = outcomes.stream().filter(RequestOutcome::success)
        .sorted(Comparator.comparingInt(RequestOutcome::requestIndex)).toList();
    long[] latency = new long[ok.size()];
    long[] tokens = new long[ok.size()];
    long[] ttft = new long[ok.size()];
    long[] tpot = new long[ok.size()];
    long[] firstOutput = new long[ok.size()];
    int streamed = 0;
    int perToken = 0;
    int reasoned = 0;
    for (int i = 0; i < ok.size(); i++) {
      RequestOutcome o = ok.get(i);
      latency[i] = o.latencyNanos();
      tokens[i] = o.completionTokens();
      RequestOutcome.StreamTiming t = o.streamTiming();
      if (t == null) continue;
      ttft[streamed++] = t.ttftNanos();
      double tp = t.tpotNanos(o.completionTokens());
      if (tp >= 0) tpot[perToken++] = Math.round(tp);
      if (o.reasoning() != null && t.firstOutputNanos() != RequestOutcome.StreamTiming.NO_OUTPUT) {
        firstOutput[reasoned++] = t.firstOutputNanos();
      }
    }
    return new StepSamples(latency, tokens, Arrays.copyOf(ttft, streamed), Arrays.copyOf(tpot, perToken),
        Arrays.copyOf(firstOutput, reasoned));
  }

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
    return Arrays.copyOf(out, n);
  }

  private static double[] seconds(long[] nanos) {
    double[] out = new double[nanos.length];
    for (int i = 0; i < nanos.length; i++) out[i] = nanos[i] / NANOS_PER_SEC;
    return out;
  }
}
