package io.github.llmbench.examples.adaptive;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.RequestShape;
import io.github.llmbench.api.RunPlan;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepSamples;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.StreamStatistics;
import io.github.llmbench.api.TestType;
import io.github.llmbench.api.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A result read the way a service would file it: for every step, the script's figures beside llmbench's measured
 * ones, the stream and open-loop figures when the step has them, each status rule with its interval, and how the
 * step was measured. It names every part of a {@link StepResult}, so it doubles as a map of the result types.
 */
public final class StepDigest {
  private StepDigest() {}

  /** The run's plan, then one block of lines per step. */
  public static List<String> of(BenchmarkResult result) {
    List<String> lines = new ArrayList<>();
    RunPlan plan = result.plan();
    lines.add(String.format(Locale.ROOT, "plan: %d phases, %s", plan.phases().size(),
        plan.stream() ? "streamed" : "not streamed"));
    for (StepResult step : result.steps()) lines.addAll(of(step));
    return lines;
  }

  /** One step: its load and status, then its figures. */
  public static List<String> of(StepResult step) {
    List<String> lines = new ArrayList<>();
    StepStatistics statistics = step.statistics();
    StepStatistics.ScriptFigures script = statistics.script();
    StepStatistics.MeasuredFigures measured = statistics.measured();
    TestType type = step.testType();
    lines.add(String.format(Locale.ROOT, "%s (%s, %s): %s, %d/%d ok", step.testName(), step.loadLabel(), type,
        step.status(), statistics.successful(), statistics.numRequests()));
    lines.add(String.format(Locale.ROOT, "  script:   p99 %.3f s, %.1f tok/s over its longest latency %.3f s",
        script.latencyP99Sec(), script.throughputTotal(), script.durationSec()));
    LatencySummary latency = measured.latency();
    lines.add(String.format(Locale.ROOT, "  measured: p99 %.3f s (interpolated), %.1f tok/s over %.3f s wall clock",
        latency.p99Sec(), measured.wallThroughputTotal(), measured.wallClockSec()));
    measured.stream().ifPresent((StreamStatistics s) -> lines.add(String.format(Locale.ROOT,
        "  stream:   TTFT p50 %.3f s, TPOT p50 %.4f s", s.ttft().p50Sec(), s.tpot().p50Sec())));
    measured.openLoop().ifPresent((OpenLoopStatistics o) -> lines.add(String.format(Locale.ROOT,
        "  open loop: %.1f/s achieved of %.1f/s", o.achievedRatePerSec(), o.targetRatePerSec())));
    measured.samples().map(StepSamples::size)
        .ifPresent(n -> lines.add("  samples:  " + n + " successful requests kept"));
    for (Verdict.RuleDecision rule : step.verdict().rules()) {
      String interval = rule.interval().filter(ci -> ci.hasLower() || ci.hasUpper())
          .map((ConfidenceInterval ci) -> ci.describe(3)).orElse("no interval");
      lines.add(String.format(Locale.ROOT, "  rule:     %s %s %s, observed %.3f (%s, %s)", rule.metric(),
          rule.comparison().symbol(), rule.threshold(), rule.observed(), interval,
          rule.firmness().name().toLowerCase(Locale.ROOT)));
    }
    StepMeasurement how = step.measurement();
    String shape = how.requestShape().map((RequestShape r) -> "~" + r.promptTokensEstimate() + " prompt tokens, "
        + r.maxTokens() + " max tokens").orElse("shape not recorded");
    String client = how.clientHealth().map((ClientHealth h) -> h.clientBound() ? "client-bound" : "client keeps up")
        .orElse("client not checked");
    lines.add(String.format(Locale.ROOT, "  measured with %d workers, %s; %s", how.workers(), shape, client));
    return lines;
  }
}
