package io.github.llmbench.report.compare;

import java.util.Objects;

/**
 * How large a difference is, independent of sample size (a p-value says only whether there is one).
 *
 * @param kind the measure
 * @param value its value, candidate against baseline; NaN for {@link Kind#NONE}
 */
public record EffectSize(Kind kind, double value) {
  /** No effect size. */
  public static final EffectSize NONE = new EffectSize(Kind.NONE, Double.NaN);

  /** Effect-size measures. */
  public enum Kind {
    /**
     * Cliff's delta, equal to the rank-biserial correlation: P(candidate &gt; baseline) - P(candidate &lt; baseline),
     * from -1 to 1. Magnitudes after Romano et al. (2006): below 0.147 negligible, 0.33 small, 0.474 medium.
     */
    CLIFFS_DELTA(0.147, 0.33, 0.474),
    /**
     * Cohen's h for two proportions: {@code 2 asin(sqrt(p_candidate)) - 2 asin(sqrt(p_baseline))}. Magnitudes after
     * Cohen (1988): below 0.2 negligible, 0.5 small, 0.8 medium.
     */
    COHENS_H(0.2, 0.5, 0.8),
    /** None computed. */
    NONE(Double.NaN, Double.NaN, Double.NaN);

    private final double small;
    private final double medium;
    private final double large;

    Kind(double small, double medium, double large) {
      this.small = small;
      this.medium = medium;
      this.large = large;
    }
  }

  public EffectSize {
    Objects.requireNonNull(kind, "kind");
  }

  /** {@code "negligible"}, {@code "small"}, {@code "medium"}, {@code "large"}, or empty for {@link Kind#NONE}. */
  public String magnitude() {
    if (kind == Kind.NONE || Double.isNaN(value)) return "";
    double a = Math.abs(value);
    if (a < kind.small) return "negligible";
    if (a < kind.medium) return "small";
    if (a < kind.large) return "medium";
    return "large";
  }
}
