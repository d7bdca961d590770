package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.StatusPolicy;
import io.github.llmbench.api.UnifiedStatusPolicy;
import io.github.llmbench.api.Verdict;
import java.util.Optional;

/**
 * The thresholds the run's status policy decided with, read from its steps' rule decisions (the policy's own, carried
 * by each step's verdict), so that the report judges nothing at thresholds the run did not use. A result without
 * decisions (built by hand, or from a file older than them) gets the unified policy's.
 *
 * @param minSuccessRate below it, a step is failing
 * @param latencyFactor a p99 above this many times the reference p99 has degraded
 * @param throughputGrowth throughput below this many times the previous step's has stopped growing
 */
public record RuleThresholds(double minSuccessRate, double latencyFactor, double throughputGrowth) {
  public static RuleThresholds of(BenchmarkResult result) {
    UnifiedStatusPolicy defaults = StatusPolicy.unified();
    return new RuleThresholds(threshold(result, "success rate").orElse(defaults.minSuccessRate()),
        threshold(result, "p99 ratio").orElse(defaults.latencyFactor()),
        threshold(result, "throughput ratio").orElse(defaults.throughputGrowth()));
  }

  private static Optional<Double> threshold(BenchmarkResult result, String metric) {
    return result.steps().stream().flatMap(s -> s.verdict().rules().stream())
        .filter(d -> d.metric().equals(metric)).map(Verdict.RuleDecision::threshold).findFirst();
  }

  /** {@code "95 %"}, {@code "2x"}, {@code "1.05x"}: as the report's headings print them. */
  String successText() {
    return Fmt.pct(minSuccessRate).replace(".0 %", " %");
  }

  String latencyText() {
    return factor(latencyFactor);
  }

  String growthText() {
    return factor(throughputGrowth);
  }

  private static String factor(double f) {
    return (f == Math.rint(f) ? String.valueOf((long) f) : String.valueOf(f)) + "x";
  }
}
