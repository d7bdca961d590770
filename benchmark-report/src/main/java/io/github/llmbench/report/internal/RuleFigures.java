package io.github.llmbench.report.internal;

import io.github.llmbench.api.StepResult;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Each status rule judged on its own for one step, within its workload shape, whatever the script's
 * first-match-wins order made of them: a DEGRADED step whose throughput stopped growing says so here.
 *
 * @param p99Ratio the script's p99 over that of the shape's first step; empty for the first step or when either
 *     had no success
 * @param scriptGrowth {@code throughput_total} over the previous step's of the shape; empty for the first step
 * @param wallGrowth wall-clock output throughput over the previous step's of the shape; empty for the first step
 *     or when the previous step delivered nothing
 */
record RuleFigures(OptionalDouble p99Ratio, OptionalDouble scriptGrowth, OptionalDouble wallGrowth) {
  /** The figures of every step, by step identity. */
  static Map<StepResult, RuleFigures> of(CapacityAnswers answers) {
    Map<StepResult, RuleFigures> out = new IdentityHashMap<>();
    for (CapacityAnswers.ShapeAnswers shape : answers.shapes()) {
      List<StepResult> steps = shape.steps();
      StepResult first = steps.get(0);
      out.put(first, new RuleFigures(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty()));
      for (int i = 1; i < steps.size(); i++) {
        StepResult s = steps.get(i);
        StepResult p = steps.get(i - 1);
        OptionalDouble p99 = first.statistics().successful() > 0 && s.statistics().successful() > 0
            && first.latencyP99Sec() > 0 ? OptionalDouble.of(s.latencyP99Sec() / first.latencyP99Sec())
                : OptionalDouble.empty();
        OptionalDouble script = p.throughputTotal() > 0 ? OptionalDouble.of(s.throughputTotal() / p.throughputTotal())
            : OptionalDouble.empty();
        double previousWall = p.statistics().measured().wallThroughputOutput();
        OptionalDouble wall = previousWall > 0
            ? OptionalDouble.of(s.statistics().measured().wallThroughputOutput() / previousWall)
                : OptionalDouble.empty();
        out.put(s, new RuleFigures(p99, script, wall));
      }
    }
    return out;
  }
}
