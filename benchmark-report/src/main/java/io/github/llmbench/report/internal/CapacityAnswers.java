package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answers a capacity planner opens the report for, one set per {@link WorkloadShape}: steps of different shapes
 * are never compared. Each answer judges its own rule on the step's figures, whatever status the script's
 * first-match-wins rules gave it (a DEGRADED step that stopped scaling is still found by "throughput stopped
 * growing"); the script's own statuses are answered beside them ({@link #saturated}, {@link #failing}). Loads are
 * ranked by achieved load ({@link AchievedLoad#rankingLoad}), not by the concurrency asked for.
 *
 * @param shapes the answers per shape, in order of the shapes' first steps
 * @param saturated per phase, the first step the script marked SATURATED, with the step before it
 * @param failing per phase, the first step the script marked FAILING
 * @param thresholds the run's policy's thresholds, which every answer judges with
 */
public record CapacityAnswers(List<ShapeAnswers> shapes, List<Transition> saturated, List<StepResult> failing,
    RuleThresholds thresholds) {
  /** The SLO attainment a step within its SLO needs. */
  public static final double SLO_ATTAINMENT_TARGET = 0.95;

  /** A step, the step it was compared with (absent for a phase's first step) and the ratio of their figures. */
  public record Transition(StepResult step, Optional<StepResult> previous, double ratio) {}

  /**
   * The answers for one shape.
   *
   * @param shape the shape
   * @param steps its steps in run order
   * @param curve its capacity curve and knee
   * @param highestHealthy the step with the highest achieved load that the script marked OK or DEGRADED with at
   *     least 95 % success (ties: the higher wall-clock output throughput)
   * @param highestWithinSlo the step with the highest achieved load whose SLO attainment was at least 95 %, when
   *     the run set SLOs
   * @param latencyDegrades the first step whose script p99 exceeded 2x the p99 of the shape's first step (the
   *     transition's {@code previous}), with that ratio
   * @param throughputStops the first step whose wall-clock output throughput was below 1.05x the previous step's,
   *     with that ratio; only between steps where something succeeded
   * @param failing the first step with less than 95 % success
   * @param peak the step with the highest wall-clock output throughput
   */
  public record ShapeAnswers(WorkloadShape shape, List<StepResult> steps, CapacityCurve curve,
      Optional<StepResult> highestHealthy, Optional<StepResult> highestWithinSlo,
      Optional<Transition> latencyDegrades, Optional<Transition> throughputStops, Optional<StepResult> failing,
      Optional<StepResult> peak) {
    public ShapeAnswers {
      steps = List.copyOf(steps);
    }

    /** Whether the shape ran more than one load, so that growth and degradation can be judged at all. */
    public boolean isSweep() {
      return steps.size() > 1;
    }

    /** The steps where no request succeeded: no latency or throughput answer can come from them. */
    public List<StepResult> unmeasured() {
      return steps.stream().filter(s -> s.statistics().successful() == 0).toList();
    }

    /** Whether a step of the shape has goodput figures. */
    public boolean hasSlo() {
      return steps.stream().anyMatch(s -> s.statistics().measured().goodput().isPresent());
    }
  }

  public static CapacityAnswers of(BenchmarkResult result) {
    RuleThresholds thresholds = RuleThresholds.of(result);
    List<ShapeAnswers> shapes = new ArrayList<>();
    for (Map.Entry<WorkloadShape, List<StepResult>> e : WorkloadShape.groups(result).entrySet()) {
      shapes.add(shape(e.getKey(), e.getValue(), thresholds));
    }
    List<Transition> saturated = new ArrayList<>();
    List<StepResult> failing = new ArrayList<>();
    for (BenchmarkResult.PhaseResult phase : result.phases()) {
      List<StepResult> ps = phase.steps();
      for (int i = 0; i < ps.size(); i++) {
        if (ps.get(i).status() == Status.SATURATED) {
          StepResult step = ps.get(i);
          Optional<StepResult> previous = i == 0 ? Optional.empty() : Optional.of(ps.get(i - 1));
          double ratio = previous.map(p -> ratio(step.throughputTotal(), p.throughputTotal())).orElse(Double.NaN);
          saturated.add(new Transition(step, previous, ratio));
          break;
        }
      }
      ps.stream().filter(s -> s.status() == Status.FAILING).findFirst().ifPresent(failing::add);
    }
    return new CapacityAnswers(List.copyOf(shapes), List.copyOf(saturated), List.copyOf(failing), thresholds);
  }

  static ShapeAnswers shape(WorkloadShape shape, List<StepResult> steps, RuleThresholds thresholds) {
    Comparator<StepResult> byLoad = Comparator.comparingDouble(AchievedLoad::rankingLoad)
        .thenComparingDouble(StepResult::capacityTokensPerSec);
    Optional<StepResult> healthy = steps.stream()
        .filter(s -> s.status() == Status.OK || s.status() == Status.DEGRADED)
        .filter(s -> s.statistics().successful() > 0) // a custom policy may call a step OK where nothing succeeded
        .filter(s -> s.successRate() >= thresholds.minSuccessRate())
        .max(byLoad);
    Optional<StepResult> withinSlo = steps.stream()
        .filter(s -> s.statistics().measured().goodput().map(g -> g.share() >= SLO_ATTAINMENT_TARGET).orElse(false))
        .max(byLoad);
    Optional<Transition> degrades = Optional.empty();
    StepResult first = steps.get(0);
    if (steps.size() > 1 && first.statistics().successful() > 0 && first.latencyP99Sec() > 0) {
      for (StepResult s : steps.subList(1, steps.size())) {
        if (s.statistics().successful() > 0 && s.latencyP99Sec() > thresholds.latencyFactor() * first.latencyP99Sec()) {
          degrades = Optional.of(new Transition(s, Optional.of(first),
              ratio(s.latencyP99Sec(), first.latencyP99Sec())));
          break;
        }
      }
    }
    Optional<Transition> stops = Optional.empty();
    for (int i = 1; i < steps.size(); i++) {
      StepResult p = steps.get(i - 1);
      StepResult s = steps.get(i);
      if (p.statistics().successful() == 0 || s.statistics().successful() == 0) continue;
      double previous = p.capacityTokensPerSec();
      double now = s.capacityTokensPerSec();
      if (previous > 0 && now < thresholds.throughputGrowth() * previous) {
        stops = Optional.of(new Transition(s, Optional.of(p), ratio(now, previous)));
        break;
      }
    }
    Optional<StepResult> failing = steps.stream().filter(s -> s.successRate() < thresholds.minSuccessRate()).findFirst();
    Optional<StepResult> peak = steps.stream().filter(s -> s.statistics().successful() > 0)
        .max(Comparator.comparingDouble(StepResult::capacityTokensPerSec));
    return new ShapeAnswers(shape, steps, CapacityCurve.of(steps), healthy, withinSlo, degrades, stops, failing,
        peak);
  }

  private static double ratio(double value, double reference) {
    return reference == 0 ? Double.NaN : value / reference;
  }
}
