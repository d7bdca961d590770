package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.PhaseResult;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The answers a capacity planner opens the report for, computed from the steps' statuses.
 *
 * @param highestHealthy the step with the highest concurrency whose status is OK or DEGRADED and whose success rate
 *     is at least 95 % (ties: the higher script throughput); all phases are considered
 * @param saturated per phase, the first step whose throughput stopped growing (SATURATED), with the step before it
 * @param failing per phase, the first step whose requests began to fail (FAILING)
 * @param peakScript the step with the highest script {@code throughput_total}
 * @param peakWall the step with the highest wall-clock total throughput
 */
public record CapacityAnswers(Optional<StepResult> highestHealthy, List<Transition> saturated, List<StepResult> failing,
    Optional<StepResult> peakScript, Optional<StepResult> peakWall) {
  /** The success rate a healthy step needs. */
  public static final double HEALTHY_SUCCESS_RATE = 0.95;

  /** A step and the step before it in its phase (absent for a phase's first step). */
  public record Transition(StepResult step, Optional<StepResult> previous) {}

  public static CapacityAnswers of(BenchmarkResult result) {
    List<StepResult> steps = result.steps();
    Optional<StepResult> healthy = steps.stream()
        .filter(s -> s.status() == Status.OK || s.status() == Status.DEGRADED)
        .filter(s -> s.successRate() >= HEALTHY_SUCCESS_RATE)
        .max(Comparator.comparingInt(StepResult::concurrency).thenComparingDouble(StepResult::throughputTotal));
    List<Transition> saturated = new ArrayList<>();
    List<StepResult> failing = new ArrayList<>();
    for (PhaseResult phase : result.phases()) {
      List<StepResult> ps = phase.steps();
      for (int i = 0; i < ps.size(); i++) {
        if (ps.get(i).status() == Status.SATURATED) {
          saturated.add(new Transition(ps.get(i), i == 0 ? Optional.empty() : Optional.of(ps.get(i - 1))));
          break;
        }
      }
      ps.stream().filter(s -> s.status() == Status.FAILING).findFirst().ifPresent(failing::add);
    }
    Optional<StepResult> peakScript = steps.stream().filter(s -> s.statistics().successful() > 0)
        .max(Comparator.comparingDouble(StepResult::throughputTotal));
    Optional<StepResult> peakWall = steps.stream().filter(s -> s.statistics().successful() > 0)
        .max(Comparator.comparingDouble(s -> s.statistics().wallThroughputTotal()));
    return new CapacityAnswers(healthy, List.copyOf(saturated), List.copyOf(failing), peakScript, peakWall);
  }
}
