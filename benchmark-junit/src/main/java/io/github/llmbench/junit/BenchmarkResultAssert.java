package io.github.llmbench.junit;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.core.stats.StatisticalTest;
import io.github.llmbench.report.compare.ComparedMetric;
import io.github.llmbench.report.compare.ComparisonMarkdown;
import io.github.llmbench.report.compare.MetricComparison;
import io.github.llmbench.report.compare.MultipleTesting;
import io.github.llmbench.report.compare.RunComparator;
import io.github.llmbench.report.compare.RunComparison;
import io.github.llmbench.report.compare.StepComparison;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a whole run. */
public class BenchmarkResultAssert extends AbstractAssert<BenchmarkResultAssert, BenchmarkResult> {
  public BenchmarkResultAssert(BenchmarkResult actual) {
    super(actual, BenchmarkResultAssert.class);
  }

  /** Moves to the step with this {@code test_name}; fails if the run has no such step. */
  public StepResultAssert step(String testName) {
    isNotNull();
    Optional<StepResult> step = actual.step(testName);
    if (step.isEmpty()) {
      failWithMessage("Expected a step named <%s> but the result has steps <%s>", testName, names(actual.steps()));
    }
    return new StepResultAssert(step.orElseThrow());
  }

  /** Fails if any step with concurrency at or below {@code concurrency} is FAILING. */
  public BenchmarkResultAssert hasNoStepFailingAtOrBelowConcurrency(int concurrency) {
    isNotNull();
    List<StepResult> failing = actual.steps().stream()
        .filter(s -> s.concurrency() <= concurrency && s.status() == Status.FAILING).toList();
    if (!failing.isEmpty()) {
      StepResult first = failing.get(0);
      failWithMessage("Expected no FAILING step at concurrency <= %s but step <%s> (concurrency %s) was FAILING: %s",
          concurrency, first.testName(), first.concurrency(), first.verdict().reason());
    }
    return this;
  }

  /** Fails if any step has this status. */
  public BenchmarkResultAssert hasNoStepWithStatus(Status status) {
    isNotNull();
    actual.steps().stream().filter(s -> s.status() == status).findFirst().ifPresent(s ->
        failWithMessage("Expected no step with status <%s> but step <%s> had it: %s", status, s.testName(),
            s.verdict().reason()));
    return this;
  }

  /** Fails if the run ended early (cancelled, target unreachable). */
  public BenchmarkResultAssert isCompleted() {
    isNotNull();
    if (!actual.completed()) {
      failWithMessage("Expected the run to complete but it ended early: <%s> after steps <%s>",
          actual.abortReason(), names(actual.steps()));
    }
    return this;
  }

  /** Fails unless every step's success rate is at least {@code minimum} (0..1). */
  public BenchmarkResultAssert everyStepSuccessRateIsAtLeast(double minimum) {
    isNotNull();
    for (StepResult s : actual.steps()) new StepResultAssert(s).successRateIsAtLeast(minimum);
    return this;
  }

  /**
   * Fails if any step present in both runs is significantly slower (or worse in success rate or output rate) than
   * in {@code baseline}, by {@link RunComparator#ofDefaults()}: tests on the per-request samples at α = 0.05 for the
   * whole comparison (Holm–Bonferroni), so two runs of an unchanged server fail it less than 5 % of the time. Also
   * fails when no step's latency could be tested (no step in common, none comparable, or results without
   * per-request samples), so that such a gate does not pass silently.
   */
  public BenchmarkResultAssert isNotSlowerThan(BenchmarkResult baseline) {
    return isNotSlowerThan(baseline, RunComparator.ofDefaults());
  }

  /** {@link #isNotSlowerThan(BenchmarkResult)} with another α, bootstrap, comparability or minimum change. */
  public BenchmarkResultAssert isNotSlowerThan(BenchmarkResult baseline, RunComparator comparator) {
    isNotNull();
    RunComparison c = comparator.compare("baseline", baseline, "actual", actual);
    List<String> slower = c.steps().stream().flatMap(s -> s.slowerMetrics().stream()
        .map(m -> "step <" + s.testName() + "> " + ComparisonMarkdown.describe(m))).toList();
    if (!slower.isEmpty()) {
      failWithMessage("Expected no step to be significantly slower than the baseline (alpha = %s %s) but %d %s:%n  %s",
          c.alpha(), c.correction() == MultipleTesting.HOLM ? "for the whole comparison, Holm" : "per test",
          slower.size(), slower.size() == 1 ? "metric was" : "metrics were", String.join("\n  ", slower));
    }
    // Success rate can always be tested; a gate that never looked at latency must not pass.
    boolean latencyTested = c.steps().stream().flatMap(s -> s.metrics().stream())
        .anyMatch(m -> m.metric() == ComparedMetric.LATENCY_P50 && m.test() != StatisticalTest.NONE);
    if (!latencyTested) {
      failWithMessage("Expected a run comparable with the baseline but no step's latency could be tested: %s",
          c.steps().isEmpty() ? "no step name in common" : c.steps().stream()
              .map(s -> s.testName() + " (" + (s.comparable() ? untestedReason(s) : s.notComparableReason()) + ")")
              .toList());
    }
    return this;
  }

  private static String untestedReason(StepComparison s) {
    return s.metrics().stream().filter(m -> m.metric() == ComparedMetric.LATENCY_P50).map(MetricComparison::note)
        .findFirst().orElse("no latency");
  }

  private static List<String> names(List<StepResult> steps) {
    return steps.stream().map(StepResult::testName).toList();
  }
}
