package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The report judges with the thresholds the run's policy decided with, as its steps' decisions carry them: a user's
 * {@code UnifiedStatusPolicy(0.99, 1.5, 1.1)} gets a report judged at 99 %, 1.5x and 1.1x, never 95 %, 2x, 1.05x.
 */
class PolicyThresholdsReportTest {
  private static BenchmarkResult judgedAt(BenchmarkResult r, double success, double latency, double growth) {
    List<BenchmarkResult.PhaseResult> phases = r.phases().stream().map(p -> new BenchmarkResult.PhaseResult(p.name(),
        p.steps().stream()
        .map(s -> withDecisions(s, success, latency, growth)).toList(), p.stopReason())).toList();
    return new BenchmarkResult(r.name(), r.baseUrl(), r.model(), r.settings(), r.environment(), r.startedAt(),
        r.finishedAt(), phases, r.abortReason(), r.sinkFailures(), r.preflight());
  }

  private static StepResult withDecisions(StepResult s, double success, double latency, double growth) {
    List<Verdict.RuleDecision> rules = List.of(
        decision("success rate", Verdict.RuleDecision.Comparison.LESS_THAN, success, s.successRate()),
        decision("p99 ratio", Verdict.RuleDecision.Comparison.GREATER_THAN, latency, 1.0),
        decision("throughput ratio", Verdict.RuleDecision.Comparison.LESS_THAN, growth, 1.0));
    return new StepResult(s.phase(), s.testName(), s.testType(), s.concurrency(), s.statistics(),
        s.verdict().withRules(rules), s.measurement());
  }

  private static Verdict.RuleDecision decision(String metric, Verdict.RuleDecision.Comparison c, double threshold,
      double observed) {
    return new Verdict.RuleDecision(metric, c, threshold, observed, Optional.empty(), 10, OptionalLong.empty());
  }

  @Test
  void markdownConsoleAndCapacityAnswersUseThePolicysThresholds() {
    BenchmarkResult strict = judgedAt(MeasuredFixtures.measured(), 0.99, 1.5, 1.1);
    String md = ReportFormats.toString(strict, ReportFormats.markdown());
    assertThat(md).contains("success < 99 %", "p99 > 1.5x the shape's first step",
        "throughput_total < 1.1x previous (script)", "degrades at in flight (p99 > 1.5x the first step's)",
        "fails at in flight (< 99 % success)").doesNotContain("success < 95 %", "p99 > 2x the shape's first step");
    String html = ReportFormats.toString(strict, ReportFormats.html());
    assertThat(html).contains("success &lt; 99 %").doesNotContain("success &lt; 95 %");
    String console = ReportFormats.toString(strict, ReportFormats.summary()).replaceAll("\\s+", " ");
    String defaults = ReportFormats.toString(judgedAt(MeasuredFixtures.measured(), 0.95, 2.0, 1.05),
        ReportFormats.summary()).replaceAll("\\s+", " ");
    // scale_50's wall-clock output is 1.07x scale_25's: still growing at 1.05x, no longer at 1.1x.
    assertThat(defaults).contains("SCALING scale_* (text): sustains 25 in flight").contains("throughput keeps growing");
    assertThat(console).contains("throughput stops growing at 50 in flight (1.07x the step before)");
    // Where latency never crossed the policy's factor, the answer names that factor, not "doubles".
    String lenient = ReportFormats.toString(judgedAt(MeasuredFixtures.measured(), 0.95, 2.5, 1.05),
        ReportFormats.summary()).replaceAll("\\s+", " ");
    assertThat(lenient).contains("latency degrades from 50 in flight (p99 4.15x the first step's)",
        "latency stays within 2.5x the first step's p99 where measured");
  }
}
