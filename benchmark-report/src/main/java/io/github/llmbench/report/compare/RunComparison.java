package io.github.llmbench.report.compare;

import io.github.llmbench.core.stats.ComparisonVerdict;
import io.github.llmbench.core.stats.StatisticalTest;
import io.github.llmbench.report.compare.MultipleTesting;
import java.util.List;
import java.util.Objects;

/**
 * A candidate run compared with a baseline, step by step for every step present in both. Immutable.
 *
 * @param baseline a label for the baseline run (its name and start time)
 * @param candidate a label for the candidate run
 * @param alpha the significance level, e.g. 0.05: of each test, or of the whole comparison under
 *     {@link MultipleTesting#HOLM}
 * @param correction how the many tests of the comparison are accounted for
 * @param steps the steps present in both runs, in the candidate's order
 * @param onlyInBaseline names of steps only the baseline ran
 * @param onlyInCandidate names of steps only the candidate ran
 */
public record RunComparison(String baseline, String candidate, double alpha, MultipleTesting correction,
    List<StepComparison> steps,
    List<String> onlyInBaseline, List<String> onlyInCandidate) {
  /** @throws IllegalArgumentException if alpha is not strictly between 0 and 1 */
  public RunComparison {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(candidate, "candidate");
    if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha (" + alpha + ") should be in (0, 1)");
    Objects.requireNonNull(correction, "correction");
    steps = List.copyOf(steps);
    onlyInBaseline = List.copyOf(onlyInBaseline);
    onlyInCandidate = List.copyOf(onlyInCandidate);
  }

  /** Whether any comparable step has a metric significantly worse in the candidate (for a CI exit code). */
  public boolean anySignificantlySlower() {
    return steps.stream().anyMatch(s -> s.verdict() == ComparisonVerdict.SLOWER);
  }

  /** How many comparable steps have this {@link StepComparison#verdict()}. */
  public long stepCount(ComparisonVerdict verdict) {
    return steps.stream().filter(StepComparison::comparable).filter(s -> s.verdict() == verdict).count();
  }

  /** How many steps present in both runs could not be compared. */
  public long notComparableCount() {
    return steps.stream().filter(s -> !s.comparable()).count();
  }

  /** How many tests ran in all (the more tests, the more false alarms at α by chance alone). */
  public long testCount() {
    return steps.stream().flatMap(s -> s.metrics().stream()).filter(m -> m.test() != StatisticalTest.NONE).count();
  }
}
