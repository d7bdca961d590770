package io.github.llmbench.report.compare;

import io.github.llmbench.core.stats.ComparisonVerdict;
import java.util.List;
import java.util.Objects;

/**
 * One step present in both runs, compared metric by metric, or flagged as not comparable (different load or
 * request shape) with the reason. Immutable.
 *
 * @param phase the phase name
 * @param testName the step name
 * @param notComparableReason why the two steps cannot be compared, e.g. {@code "concurrency 50 vs 25"}; empty when
 *     they can
 * @param metrics the metrics compared (empty when not comparable)
 */
public record StepComparison(String phase, String testName, String notComparableReason,
    List<MetricComparison> metrics) {
  public StepComparison {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(testName, "testName");
    Objects.requireNonNull(notComparableReason, "notComparableReason");
    metrics = List.copyOf(metrics);
  }

  public boolean comparable() {
    return notComparableReason.isEmpty();
  }

  /**
   * {@link ComparisonVerdict#SLOWER} when any metric is slower, else {@link ComparisonVerdict#FASTER} when any is
   * faster, else {@link ComparisonVerdict#NO_SIGNIFICANT_DIFFERENCE} when any test ran, else
   * {@link ComparisonVerdict#NOT_TESTED} (also for steps that are not comparable).
   */
  public ComparisonVerdict verdict() {
    if (!comparable()) return ComparisonVerdict.NOT_TESTED;
    if (has(ComparisonVerdict.SLOWER)) return ComparisonVerdict.SLOWER;
    if (has(ComparisonVerdict.FASTER)) return ComparisonVerdict.FASTER;
    if (has(ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE)) return ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE;
    return ComparisonVerdict.NOT_TESTED;
  }

  /** The metrics whose verdict is {@link ComparisonVerdict#SLOWER}. */
  public List<MetricComparison> slowerMetrics() {
    return metrics.stream().filter(m -> m.verdict() == ComparisonVerdict.SLOWER).toList();
  }

  private boolean has(ComparisonVerdict v) {
    return metrics.stream().anyMatch(m -> m.verdict() == v);
  }
}
