package io.github.llmbench.junit;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
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

  private static List<String> names(List<StepResult> steps) {
    return steps.stream().map(StepResult::testName).toList();
  }
}
