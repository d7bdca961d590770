package io.github.llmbench.report.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.core.stats.ComparisonVerdict;
import io.github.llmbench.core.stats.StatisticalTest;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The comparison records: how a step's and a run's verdicts follow from their metrics, and effect sizes. */
class ComparisonRecordsTest {
  @Test
  void stepAndRunVerdictsAggregateTheMetrics() {
    MetricComparison slower = metric(ComparisonVerdict.SLOWER);
    MetricComparison faster = metric(ComparisonVerdict.FASTER);
    MetricComparison same = metric(ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE);
    StepComparison a = new StepComparison("P", "a", "", List.of(faster, slower));
    StepComparison b = new StepComparison("P", "b", "", List.of(same, faster));
    StepComparison c = new StepComparison("P", "c", "concurrency 5 vs 6", List.of());
    assertThat(a.verdict()).isEqualTo(ComparisonVerdict.SLOWER);
    assertThat(a.slowerMetrics()).containsExactly(slower);
    assertThat(b.verdict()).isEqualTo(ComparisonVerdict.FASTER);
    assertThat(c.verdict()).isEqualTo(ComparisonVerdict.NOT_TESTED);
    RunComparison run = new RunComparison("x", "y", 0.05, MultipleTesting.HOLM, List.of(a, b, c), List.of(),
        List.of());
    assertThat(run.anySignificantlySlower()).isTrue();
    assertThat(run.stepCount(ComparisonVerdict.FASTER)).isEqualTo(1);
    assertThat(run.notComparableCount()).isEqualTo(1);
    assertThat(run.testCount()).isEqualTo(4);
    assertThat(new RunComparison("x", "y", 0.05, MultipleTesting.NONE, List.of(b), List.of(), List.of())
        .anySignificantlySlower()).isFalse();
    assertThatThrownBy(() -> new RunComparison("x", "y", 1.5, MultipleTesting.NONE, List.of(), List.of(), List.of()))
        .hasMessage("alpha (1.5) should be in (0, 1)");
  }

  @Test
  void effectSizeMagnitudes() {
    assertThat(new EffectSize(EffectSize.Kind.CLIFFS_DELTA, 0.1).magnitude()).isEqualTo("negligible");
    assertThat(new EffectSize(EffectSize.Kind.CLIFFS_DELTA, -0.4).magnitude()).isEqualTo("medium");
    assertThat(new EffectSize(EffectSize.Kind.CLIFFS_DELTA, 0.5).magnitude()).isEqualTo("large");
    assertThat(new EffectSize(EffectSize.Kind.COHENS_H, 0.3).magnitude()).isEqualTo("small");
    assertThat(EffectSize.NONE.magnitude()).isEmpty();
  }

  private static MetricComparison metric(ComparisonVerdict v) {
    return new MetricComparison(ComparedMetric.LATENCY_P50, 1, 1.5, StatisticalTest.MANN_WHITNEY_U, 0.01, 0.01,
        new EffectSize(EffectSize.Kind.CLIFFS_DELTA, 0.6), OptionalDouble.of(0.5), Optional.empty(), v, "");
  }
}
