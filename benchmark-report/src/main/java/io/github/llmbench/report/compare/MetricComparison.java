package io.github.llmbench.report.compare;

import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.core.stats.ComparisonVerdict;
import io.github.llmbench.core.stats.StatisticalTest;
import io.github.llmbench.report.compare.ComparedMetric;
import io.github.llmbench.report.compare.EffectSize;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One metric of one step, baseline against candidate: the values, the test and its p-value, the effect size and
 * the verdict. Immutable.
 *
 * @param metric the metric
 * @param baseline its value in the baseline run
 * @param candidate its value in the candidate run
 * @param test the test that was run ({@link StatisticalTest#NONE} when none was possible)
 * @param pValue the two-sided p-value of this test on its own; NaN when no test ran
 * @param adjustedPValue the p-value adjusted for the comparison's {@link MultipleTesting} (equal to {@code pValue}
 *     without correction); the verdict compares it with α
 * @param effectSize the effect size, candidate against baseline
 * @param shift the Hodges–Lehmann shift (median of all candidate - baseline differences) when a rank test ran
 * @param differenceInterval a confidence interval of {@code candidate - baseline}, when one was computed
 * @param verdict faster, slower, no significant difference, or not tested
 * @param note why no test ran, or a caveat; empty when there is nothing to say
 */
public record MetricComparison(ComparedMetric metric, double baseline, double candidate, StatisticalTest test,
    double pValue, double adjustedPValue, EffectSize effectSize, OptionalDouble shift,
        Optional<ConfidenceInterval> differenceInterval,
    ComparisonVerdict verdict, String note) {
  public MetricComparison {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(effectSize, "effectSize");
    Objects.requireNonNull(shift, "shift");
    Objects.requireNonNull(differenceInterval, "differenceInterval");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(note, "note");
    checkP("pValue", pValue);
    checkP("adjustedPValue", adjustedPValue);
  }

  private static void checkP(String field, double p) {
    if (!Double.isNaN(p) && (p < 0 || p > 1)) {
      throw new IllegalArgumentException(field + " (" + p + ") should be between 0 and 1, or NaN");
    }
  }

  /** This comparison with another adjusted p-value and verdict. */
  public MetricComparison withAdjustment(double newAdjustedPValue, ComparisonVerdict newVerdict) {
    return new MetricComparison(metric, baseline, candidate, test, pValue, newAdjustedPValue, effectSize, shift,
        differenceInterval, newVerdict, note);
  }

  /** {@code candidate - baseline}. */
  public double difference() {
    return candidate - baseline;
  }

  /** {@code (candidate - baseline) / baseline}; NaN when the baseline is 0. */
  public double relativeDifference() {
    return baseline == 0 ? Double.NaN : (candidate - baseline) / baseline;
  }
}
