package io.github.llmbench.report.compare;

/**
 * How a run comparison accounts for running many tests at once. Comparing 15 steps on 5 metrics runs dozens of
 * tests; at α = 0.05 each, two runs of an unchanged server would show a few "significant" differences by chance
 * alone, and a CI gate on "any step slower" would fail often for nothing.
 */
public enum MultipleTesting {
  /** Each test at α on its own: the false-alarm rate is α per metric, not per comparison. */
  NONE,
  /**
   * Holm–Bonferroni over every test of the comparison: the chance that any verdict is a false alarm stays below α
   * (family-wise), with more power than plain Bonferroni. p-values are adjusted as
   * {@code p_(i) -> max_{j<=i} min(1, (m - j) p_(j))} over the {@code m} sorted p-values.
   */
  HOLM
}
