package io.github.llmbench.api;

/**
 * Decides a step's {@link Status} from its figures and what it is compared against.
 *
 * <p>Implementations must be stateless or thread-safe: two benchmarks may share a policy.
 */
@FunctionalInterface
public interface StatusPolicy {
  Verdict classify(StepStatistics statistics, StatusContext context);

  /** The unified benchmark's policy with its thresholds (95 %, 2x, 1.05x). */
  static UnifiedStatusPolicy unified() {
    return UnifiedStatusPolicy.DEFAULT;
  }
}
