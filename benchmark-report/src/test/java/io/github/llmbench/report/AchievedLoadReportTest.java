package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Markdown states capacity in achieved load, says when a step sent fewer requests than its concurrency, shows
 * the request shape, how each step was measured, the client-bound mark and the server's metrics, and judges each
 * rule on its own.
 */
class AchievedLoadReportTest {
  private static final String MD_ROW_LOAD = "| test_name (load) | workload shape | prompt tok/req | output tok/req | "
      + "concurrency | max in flight | mean in flight | achieved req/s | connections | workers | start spread ms | "
      + "trimmed | client | note |";

  @Test
  void capacityAnswersAreStatedInAchievedLoadPerShape() {
    String md = ReportFormats.toString(MeasuredFixtures.measured(), ReportFormats.markdown());
    assertThat(md).contains("- **SCALING scale_\\* (text):** sustains 25 in flight at p99 3.512 s (scale_25, "
        + "DEGRADED); within SLO up to 25 in flight; knee at 25 in flight (scale_25); latency degrades from 25 in "
        + "flight (p99 2.11x the first step's); throughput keeps growing, peaking at 1525.5 output tok/s at 50 in "
        + "flight; no request fails.\n");
    assertThat(md).contains("- **SATURATION extreme_\\* (text):** sustains 150 in flight at p99 15.100 s (extreme_150, "
        + "OK); no step within SLO; knee at 150 in flight (extreme_150); latency stays within 2x the first step's p99 "
        + "where measured (no request succeeded in extreme_500); throughput stops growing at 200 in flight (0.97x the "
        + "step before), peaking at 986.8 output tok/s at 150 in flight; requests fail from 300 in flight "
        + "[client-bound] (50.0 % success).\n");
    // The table: one row per shape, figures in achieved load, the client-bound mark kept.
    assertThat(md).contains("| SCALING scale_\\* (text) | 4 | 25 | 3.512 | 25 | 25 | 25 | 2.11x | none | — | none | — "
        + "| 1525.5 | 50 |");
    assertThat(md).contains("| SATURATION extreme_\\* (text) | 4 | 150 | 15.100 | none | 150 | none | — | 200 | 0.97x "
        + "| 300 [client-bound] | 50.0 % | 986.8 | 150 |");
    assertThat(md).contains("| STRESS long_output (text) | 1 | 30 | 10.002 | none | — | — | — | — | — | none | — | "
        + "1491.9 | 30 |");
  }

  @Test
  void stepsThatSentFewerRequestsThanTheirConcurrencySaySo() {
    String md = ReportFormats.toString(MeasuredFixtures.measured(), ReportFormats.markdown());
    assertThat(md).contains("- **Fewer requests than concurrency:** long_output sent 30 requests, so at most 30 in "
        + "flight (concurrency 50); long_context sent 15 requests, so at most 15 in flight (concurrency 25)");
    assertThat(md).contains("| long_output | STRESS long_output (text) | 203.0 | 500.0 | 50 | 30 | 27.0 | — | warm "
        + "| 30 | 1.3 | 0 | ok | sent 30 requests, so at most 30 in flight |");
    // Not measured (a result built by hand): the bound is still said, the figures are dashes.
    String plain = ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.markdown());
    assertThat(plain).contains("| long_output | STRESS long_output (text) | 203.0 | 500.0 | 50 | — | — | — | — "
        + "| — | — | — | — | sent 30 requests, so at most 30 in flight |");
    assertThat(plain).contains("sustains c=25 at p99 3.512 s (scale_25, DEGRADED)", "| STRESS long_output (text) | 1 "
        + "| <= 30 | 10.002 |");
  }

  @Test
  void tablesShowHowEachStepWasMeasuredAndTheClientBoundMark() {
    String md = ReportFormats.toString(MeasuredFixtures.measured(), ReportFormats.markdown());
    assertThat(count(md, MD_ROW_LOAD)).isEqualTo(5);
    assertThat(md).contains("| extreme_300 | SATURATION extreme_\\* (text) | 507.0 | 100.0 | 300 | 300 | 270.0 | — "
        + "| warm | 300 | 1.3 | 0 | client-bound | client-bound: " + MeasuredFixtures.CLIENT_REASON + " |");
    assertThat(md).contains("client-bound: llmbench's own delays during the step (its event loops busy or stalled, "
        + "requests leaving late) could have moved one of the step's figures by more than 1 ms and 1 %");
    assertThat(md).contains("- **Client-bound steps:** extreme_300 (client-bound: " + MeasuredFixtures.CLIENT_REASON
        + ")");
    // Server metrics, for the two phases that scraped them.
    assertThat(count(md, "| test_name (server metrics) |")).isEqualTo(2);
    // Server percentiles as the buckets they lie in, the last bucket open above; never a point guessed inside one.
    assertThat(md).contains("| extreme_200 | 12 | 128 | 72 | 43.2 | 99.0 % | 7 | 25.0 % | — | [0.2, 0.3] | [0.5, 0.8] "
        + "| > 10 |");
    assertThat(md).contains("| server e2e p50 in s |").doesNotContain("est. s");
    assertThat(md).contains("- **Pre-flight:** GET /v1/models answered HTTP 200; 1 request succeeded in 380.0 ms");
    String plain = ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.markdown());
    assertThat(plain).doesNotContain("server metrics", "Client-bound steps", "Pre-flight");
  }

  @Test
  void aDegradedStepThatStoppedScalingSaysSo() {
    // SCALING where scale_50 is DEGRADED by the script's first-match rule, yet its wall-clock output grew only 2 %.
    BenchmarkResult base = Fixtures.unifiedRun();
    List<StepResult> steps = new ArrayList<>(base.phase("SCALING").orElseThrow().steps().subList(0, 3));
    steps.add(Fixtures.step("SCALING", "scale_50", 50, 100, 100, 5.1044, 6.2102, 6.9015, 6.9015, 50700, 10200,
        7.0433 * 1.0, hdr(), Map.of(), Status.DEGRADED, "p99 6.902 s > 2.0 x baseline p99 1.310 s"));
    BenchmarkResult r = new BenchmarkResult("unified", base.baseUrl(), base.model(), base.settings(),
        base.environment(), base.startedAt(), base.finishedAt(), List.of(base.phases().get(0), base.phases().get(1),
        new BenchmarkResult.PhaseResult("SCALING", steps, "")),
            io.github.llmbench.api.BenchmarkResult.AbortReason.of(""), 0, java.util.Optional.empty());
    String md = ReportFormats.toString(r, ReportFormats.markdown());
    assertThat(md).contains("| scale_50 | DEGRADED | no (100.0 %) | yes (4.15x) | yes (0.88x) | yes (1.02x) |");
    assertThat(md).contains("throughput stops growing at c=50 (1.02x the step before)");
    assertThat(md).contains("| SCALING scale_\\* (text) | 4 | c=50 | 6.902 | c=25 | c=25 | 2.11x | c=50 | 1.02x | "
        + "none | — | 1448.2 | c=50 |");
    assertThat(md).contains("- **Throughput stopped growing by the script's status (SATURATED):** no step was "
        + "SATURATED");
  }

  private static LatencySummary hdr() {
    return Fixtures.hdr(100, 4.3012, 5.2021, 0.5507, 5.1055, 5.9987, 6.2151, 6.9015, 6.9015, 6.9015);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
    return n;
  }
}
