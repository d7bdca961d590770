package io.github.llmbench.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The figures of one step, before it is classified.
 *
 * <p>The first group follows the unified script exactly, quirks included: percentiles take the lower sample
 * without interpolation, over successful requests only (0 when none succeeded); {@code durationSec} is the
 * <b>largest single-request latency</b> (1 when there were no results), not the step's wall time; throughputs
 * divide the tokens of successful requests by it.
 *
 * <p>The second group is what a capacity planner should read beside them: the wall-clock duration of the step
 * (first send to last completion) and the throughputs over it, and an interpolated latency distribution.
 *
 * @param numRequests requests sent
 * @param successful requests that succeeded
 * @param failed requests that failed
 * @param successRate successful / numRequests
 * @param durationSec the script's duration: the largest single latency
 * @param latencyP50 the script's p50 in seconds
 * @param latencyP95 the script's p95 in seconds
 * @param latencyP99 the script's p99 in seconds
 * @param throughputTotal (prompt + completion tokens) / durationSec
 * @param throughputOutput completion tokens / durationSec
 * @param promptTokens prompt tokens over successful requests
 * @param completionTokens completion tokens over successful requests
 * @param wallClockSec from the first request's start to the last one's end
 * @param wallThroughputTotal (prompt + completion tokens) / wallClockSec
 * @param wallThroughputOutput completion tokens / wallClockSec
 * @param latency the distribution of successful requests' latencies
 * @param failures failed requests by {@link RequestOutcome#failureCause() cause}, sorted by cause
 * @param stream time to first token, inter-token latency, time per output token and end-to-end latency, when
 *     the step's responses were streamed
 * @param openLoop the achieved rate and send delays, when the step was an open loop
 * @param goodput the share and rate of requests that met the benchmark's {@link Slo}, when it has one
 * @param samples the successful requests' own values (latency, tokens, TTFT, TPOT), when the engine kept them;
 *     run comparison and confidence intervals need them
 */
public record StepStatistics(int numRequests, int successful, int failed, double successRate, double durationSec,
    double latencyP50, double latencyP95, double latencyP99, double throughputTotal, double throughputOutput,
    long promptTokens, long completionTokens, double wallClockSec, double wallThroughputTotal,
    double wallThroughputOutput, LatencySummary latency, Map<String, Integer> failures,
    Optional<StreamStatistics> stream, Optional<OpenLoopStatistics> openLoop, Optional<Goodput> goodput,
    Optional<StepSamples> samples) {
  public StepStatistics {
    failures = java.util.Collections.unmodifiableMap(new TreeMap<>(failures));
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(openLoop, "openLoop");
    Objects.requireNonNull(goodput, "goodput");
    Objects.requireNonNull(samples, "samples");
  }

  /** Figures without per-request samples (the parameter list before they existed). */
  public StepStatistics(int numRequests, int successful, int failed, double successRate, double durationSec,
      double latencyP50, double latencyP95, double latencyP99, double throughputTotal, double throughputOutput,
      long promptTokens, long completionTokens, double wallClockSec, double wallThroughputTotal,
      double wallThroughputOutput, LatencySummary latency, Map<String, Integer> failures,
      Optional<StreamStatistics> stream, Optional<OpenLoopStatistics> openLoop, Optional<Goodput> goodput) {
    this(numRequests, successful, failed, successRate, durationSec, latencyP50, latencyP95, latencyP99,
        throughputTotal, throughputOutput, promptTokens, completionTokens, wallClockSec, wallThroughputTotal,
        wallThroughputOutput, latency, failures, stream, openLoop, goodput, Optional.empty());
  }

  /** Figures without stream, open-loop or goodput figures (the parameter list before they existed). */
  public StepStatistics(int numRequests, int successful, int failed, double successRate, double durationSec,
      double latencyP50, double latencyP95, double latencyP99, double throughputTotal, double throughputOutput,
      long promptTokens, long completionTokens, double wallClockSec, double wallThroughputTotal,
      double wallThroughputOutput, LatencySummary latency, Map<String, Integer> failures) {
    this(numRequests, successful, failed, successRate, durationSec, latencyP50, latencyP95, latencyP99,
        throughputTotal, throughputOutput, promptTokens, completionTokens, wallClockSec, wallThroughputTotal,
        wallThroughputOutput, latency, failures, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** These figures with the stream, open-loop and goodput figures replaced (the samples are kept). */
  public StepStatistics withExtras(Optional<StreamStatistics> stream, Optional<OpenLoopStatistics> openLoop,
      Optional<Goodput> goodput) {
    return new StepStatistics(numRequests, successful, failed, successRate, durationSec, latencyP50, latencyP95,
        latencyP99, throughputTotal, throughputOutput, promptTokens, completionTokens, wallClockSec,
        wallThroughputTotal, wallThroughputOutput, latency, failures, stream, openLoop, goodput, samples);
  }

  /** These figures with the per-request samples replaced. */
  public StepStatistics withSamples(Optional<StepSamples> samples) {
    return new StepStatistics(numRequests, successful, failed, successRate, durationSec, latencyP50, latencyP95,
        latencyP99, throughputTotal, throughputOutput, promptTokens, completionTokens, wallClockSec,
        wallThroughputTotal, wallThroughputOutput, latency, failures, stream, openLoop, goodput, samples);
  }
}
