package io.github.llmbench.api;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Decides a step's {@link Status} from its figures and what it is compared against.
 *
 * <p>Implementations must be stateless or thread-safe: two benchmarks may share a policy.
 */
@FunctionalInterface
public interface StatusPolicy {
  Verdict classify(StepStatistics statistics, Context context);

  /**
   * The policy's rules, in the order it applies them, with its thresholds: what a report's legend prints. A custom
   * policy that says nothing (the default) gets a legend that says so.
   */
  default java.util.List<Rule> rules() {
    return java.util.List.of();
  }

  /** The unified benchmark's policy with its thresholds (95 %, 2x, 1.05x). */
  static UnifiedStatusPolicy unified() {
    return UnifiedStatusPolicy.DEFAULT;
  }

  /**
   * One rule of a {@link StatusPolicy}, as the policy describes itself: which status it gives and when, with the
   * policy's own thresholds, so that a report's legend and capacity answers come from the policy that ran.
   *
   * @param status the status the rule gives
   * @param when its condition, e.g. {@code "success rate < 0.95"}
   */
  public record Rule(Status status, String when) {
    public Rule {
      Objects.requireNonNull(status, "status");
      Checks.notBlank("when", when);
    }
  }

  /**
   * What a step is compared against when it is classified. Passed in by the runner, never read from shared state.
   *
   * @param baselineP99Sec the baseline step's p99 latency in seconds, when the step's phase compares to a baseline
   * @param previousThroughputTotal the previous step's {@code throughput_total} in tokens/s, when the step's phase
   *     compares each step with the one before
   */
  public record Context(OptionalDouble baselineP99Sec, OptionalDouble previousThroughputTotal) {
    private static final Context NONE = new Context(OptionalDouble.empty(), OptionalDouble.empty());

    /** A context with nothing to compare against. */
    public static Context none() {
      return NONE;
    }

    public Context withBaselineP99Sec(double seconds) {
      return new Context(OptionalDouble.of(seconds), previousThroughputTotal);
    }

    public Context withPreviousThroughputTotal(double tokensPerSecond) {
      return new Context(baselineP99Sec, OptionalDouble.of(tokensPerSecond));
    }
  }
}
