package io.github.llmbench.core.stats;

/**
 * The verdict on one metric of a step when a candidate run is compared with a baseline, at a stated significance
 * level α. "Faster" and "slower" are read as "better" and "worse" for metrics where higher is better (throughput,
 * success rate): {@link #SLOWER} is always the regression.
 */
public enum ComparisonVerdict {
  /** The candidate is significantly better (lower latency, higher rate). */
  FASTER,
  /** The candidate is significantly worse: a regression. */
  SLOWER,
  /** A test ran and found no difference at α. */
  NO_SIGNIFICANT_DIFFERENCE,
  /** No test was possible: one value per run, or no per-request samples in a result. */
  NOT_TESTED
}
