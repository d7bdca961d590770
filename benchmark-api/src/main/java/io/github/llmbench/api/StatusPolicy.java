package io.github.llmbench.api;

/**
 * Decides a step's {@link Status} from its figures and what it is compared against.
 *
 * <p>Implementations must be stateless or thread-safe: two benchmarks may share a policy.
 */
@FunctionalInterface
public interface StatusPolicy {
  Verdict classify(StepStatistics statistics, StatusContext context);

  /**
   * The policy's rules, in the order it applies them, with its thresholds: what a report's legend prints. A custom
   * policy that says nothing (the default) gets a legend that says so.
   */
  default java.util.List<StatusRule> rules() {
    return java.util.List.of();
  }

  /** The unified benchmark's policy with its thresholds (95 %, 2x, 1.05x). */
  static UnifiedStatusPolicy unified() {
    return UnifiedStatusPolicy.DEFAULT;
  }
}
