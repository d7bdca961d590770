package io.github.llmbench.core.stats;

/** A two-sample test: the one behind a run comparison's metric ({@link TwoSampleTests}). */
public enum StatisticalTest {
  /** Mann–Whitney U (Wilcoxon rank-sum), two-sided, normal approximation. */
  MANN_WHITNEY_U("Mann–Whitney U"),
  /** A percentile-bootstrap interval of the difference of a quantile; p-value from the resampled differences. */
  BOOTSTRAP_QUANTILE_DIFFERENCE("bootstrap"),
  /** The pooled two-proportion z-test, two-sided. */
  TWO_PROPORTION_Z("two-proportion z"),
  /** Fisher's exact test on the 2×2 table, two-sided (used when an expected count is below 5). */
  FISHER_EXACT("Fisher exact"),
  /** No test. */
  NONE("none");

  private final String label;

  StatisticalTest(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
