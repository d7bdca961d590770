package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The end-of-run summary fits 80 columns and ends with the answers, in achieved load. */
class ConsoleSummaryTest {
  @Test
  void stepsThenAnswersWithinEightyColumns() {
    String text = ReportFormats.toString(MeasuredFixtures.measured(), ReportFormats.summary());
    List<String> lines = text.lines().toList();
    assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
    assertThat(lines.get(1)).matches("step +c +in flight +p50 s +p99 s +tok/s +status");
    assertThat(text).contains("scale_25        25   25/22.5   2.851   3.512    1419.8  DEGRADED\n");
    assertThat(text).contains("long_output     50   30/27.0   9.121  10.002    1491.9  OK (sent 30)\n");
    assertThat(text).contains("extreme_300    300 300/270.0  25.106  30.000     333.0  FAILING client-bound\n");
    assertThat(text).contains("extreme_500    500 500/450.0       —       —       0.0  FAILING\n");
    assertThat(text).contains("client-bound: llmbench's own delays could have moved a figure");
    int answers = text.indexOf("Capacity answers\n");
    assertThat(answers).isGreaterThan(text.indexOf("extreme_500"));
    assertThat(text.substring(answers)).contains("SCALING scale_* (text): capacity 25 in flight (scale_25,",
        "SATURATION extreme_* (text): capacity 150 in flight");
    // Not measured: dashes, never a made-up load.
    String plain = ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.summary());
    assertThat(plain).contains("scale_25        25         —   2.851   3.512    1419.8  DEGRADED\n")
        .contains("capacity c=25 (scale_25, DEGRADED)").doesNotContain("client-bound:");
  }
}
