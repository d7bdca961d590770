package io.github.llmbench.api;

import java.util.OptionalDouble;

/**
 * What a step is compared against when it is classified. Passed in by the runner, never read from shared state.
 *
 * @param baselineP99Sec the baseline step's p99 latency in seconds, when the step's phase compares to a baseline
 * @param previousThroughputTotal the previous step's {@code throughput_total} in tokens/s, when the step's phase
 *     compares each step with the one before
 */
public record StatusContext(OptionalDouble baselineP99Sec, OptionalDouble previousThroughputTotal) {
  private static final StatusContext NONE = new StatusContext(OptionalDouble.empty(), OptionalDouble.empty());

  /** A context with nothing to compare against. */
  public static StatusContext none() {
    return NONE;
  }

  public StatusContext withBaselineP99Sec(double seconds) {
    return new StatusContext(OptionalDouble.of(seconds), previousThroughputTotal);
  }

  public StatusContext withPreviousThroughputTotal(double tokensPerSecond) {
    return new StatusContext(baselineP99Sec, OptionalDouble.of(tokensPerSecond));
  }
}
