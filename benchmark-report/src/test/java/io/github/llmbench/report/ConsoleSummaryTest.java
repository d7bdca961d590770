package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StreamStatistics;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The end-of-run summary: a table whose cells are never cut, prose wrapped at 80 columns, then the answers. */
class ConsoleSummaryTest {
  @Test
  void stepsThenAnswersWithProseWithinEightyColumns() {
    String text = ReportFormats.toString(MeasuredFixtures.measured(), ReportFormats.summary());
    List<String> lines = text.lines().toList();
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("step ")).findFirst().orElseThrow());
    assertThat(lines.subList(0, header)).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
    assertThat(lines.get(header)).matches("step +load +in flight +p50 s +p99 s +tok/s +status");
    assertThat(text).contains("tok/s: wall-clock output");
    assertThat(text).contains("scale_25      c=25   25/22.5   2.851   3.512    1419.8  DEGRADED\n");
    assertThat(text).contains("long_output   c=50   30/27.0   9.121  10.002    1491.9  OK (sent 30)\n");
    assertThat(text).contains("extreme_300  c=300 300/270.0  25.106  30.000     333.0  FAILING client-bound\n");
    assertThat(text).contains("extreme_500  c=500 500/450.0       —       —       0.0  FAILING\n");
    assertThat(text).contains("client-bound: llmbench's own delays could have moved a figure");
    int answers = text.indexOf("Capacity answers\n");
    assertThat(answers).isGreaterThan(text.indexOf("extreme_500"));
    assertThat(text.substring(answers).lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    assertThat(text.substring(answers)).contains("SCALING scale_* (text): sustains 25 in flight at p99 3.512 s",
        "SATURATION extreme_* (text): sustains 150 in flight");
    // Not measured: dashes, never a made-up load.
    String plain = ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.summary());
    assertThat(plain).contains("scale_25      c=25         —   2.851   3.512    1419.8  DEGRADED\n")
        .contains("sustains c=25 at p99 3.512 s (scale_25, DEGRADED)").doesNotContain("client-bound:");
  }

  @Test
  void aLongNameAndEveryMarkStayWholeHoweverWideTheRowGets() {
    BenchmarkResult measured = MeasuredFixtures.measured();
    String longName = "a_step_name_well_past_sixteen_characters";
    List<BenchmarkResult.PhaseResult> phases = measured.phases().stream().map(p -> new BenchmarkResult.PhaseResult(p.name(),
        p.steps().stream().map(s -> s.testName().equals("extreme_300") ? renamed(s, longName) : s).toList(),
        p.stopReason())).toList();
    BenchmarkResult wide = new BenchmarkResult(measured.name(), measured.baseUrl(), measured.model(),
        measured.settings(), measured.environment(), measured.startedAt(), measured.finishedAt(), phases,
        measured.abortReason(), measured.sinkFailures(), measured.preflight());
    String text = ReportFormats.toString(wide, ReportFormats.summary());
    assertThat(text).contains(longName + " c=300 300/270.0  25.106  30.000     333.0  FAILING client-bound\n");
  }

  @Test
  void aStreamedRunShowsTtftAndTpotColumns() {
    BenchmarkResult measured = MeasuredFixtures.measured();
    LatencySummary ttft = new LatencySummary(10, 0.1, 0.2, 0, 0.25, 0.3, 0.35, 0.4, 0.4, 0.4);
    LatencySummary tpot = new LatencySummary(10, 0.01, 0.02, 0, 0.0123, 0.03, 0.035, 0.04, 0.04, 0.04);
    StreamStatistics stream = new StreamStatistics(10, ttft, tpot, tpot, ttft, false);
    List<BenchmarkResult.PhaseResult> phases = measured.phases().stream().map(p -> new BenchmarkResult.PhaseResult(p.name(),
        p.steps().stream().map(s -> s.testName().equals("scale_25") ? streamed(s, stream) : s).toList(),
        p.stopReason())).toList();
    BenchmarkResult run = new BenchmarkResult(measured.name(), measured.baseUrl(), measured.model(),
        measured.settings(), measured.environment(), measured.startedAt(), measured.finishedAt(), phases,
        measured.abortReason(), measured.sinkFailures(), measured.preflight());
    String text = ReportFormats.toString(run, ReportFormats.summary());
    assertThat(text).containsPattern("step +load +in flight +p50 s +p99 s +TTFT p50 +TTFT p99 +TPOT p50 +tok/s");
    assertThat(text).contains("TTFT in s, TPOT in ms");
    assertThat(text).containsPattern("scale_25 +c=25 +25/22\\.5 +2\\.851 +3\\.512 +0\\.250 +0\\.400 +12\\.3 +1419\\.8");
    assertThat(text).containsPattern("scale_50 +c=50 +50/45\\.0 +5\\.106 +6\\.902 +— +— +— +1525\\.5");
  }

  private static StepResult renamed(StepResult s, String name) {
    return new StepResult(s.phase(), name, s.testType(), s.concurrency(), s.statistics(), s.verdict(),
        s.measurement());
  }

  private static StepResult streamed(StepResult s, StreamStatistics stream) {
    return new StepResult(s.phase(), s.testName(), s.testType(), s.concurrency(),
        s.statistics().toBuilder().stream(Optional.of(stream)).build(), s.verdict(), s.measurement());
  }
}
