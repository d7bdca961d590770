package io.github.llmbench.api;

import java.util.Map;
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
 */
public record StepStatistics(int numRequests, int successful, int failed, double successRate, double durationSec,
    double latencyP50, double latencyP95, double latencyP99, double throughputTotal, double throughputOutput,
    long promptTokens, long completionTokens, double wallClockSec, double wallThroughputTotal,
    double wallThroughputOutput, LatencySummary latency, Map<String, Integer> failures) {
  public StepStatistics {
    failures = java.util.Collections.unmodifiableMap(new TreeMap<>(failures));
  }
}
