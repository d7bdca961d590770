package io.github.llmbench.report.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.StepResult;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComparisonMarkdownTest {
  @Test
  void summaryCountsTheStepsAndEachStepHasATable() {
    BenchmarkResult base = CompareFixtures.run(2, 1.0, Set.of());
    BenchmarkResult slow = CompareFixtures.mapSteps(CompareFixtures.run(2, 1.5, Set.of("scale_10", "chat_stream")),
        s -> s.testName().equals("scale_5")
            ? new StepResult(s.phase(), s.testName(), s.testType(), 6, s.statistics(), s.verdict(),
                io.github.llmbench.api.StepMeasurement.UNRECORDED) : s);

    String md = ComparisonMarkdown.render(RunComparator.ofDefaults().compare("base.json", base, "new.json", slow));

    assertThat(md).startsWith("# Run comparison\n\nBaseline: **base.json**  \nCandidate: **new.json**\n\n"
        + "**5 steps in both runs: 2 slower, 0 faster, 2 no significant difference, 1 not comparable.** "
        + "Significance level \u03b1 = 0.05 for the whole comparison: p-values are adjusted by Holm\u2013Bonferroni "
        + "over its 20 tests, so the chance that any verdict is a false alarm stays below \u03b1.\n");
    assertThat(md).contains("## scale_5 (SCALING): not comparable\n\nconcurrency 5 vs 6.\n");
    assertThat(md).contains("## scale_10 (SCALING): **slower**\n\n| metric | baseline | candidate | difference | test "
        + "| p-value | effect size | 95 % CI of difference | verdict |\n");
    assertThat(md).containsPattern("\\| latency p50 \\| 0\\.988 s \\| 1\\.482 s \\| \\+0\\.494 s \\(\\+50\\.0 %\\) \\| "
        + "Mann\u2013Whitney U \\| < 0\\.001 \\| Cliff's \u03b4 \\+0\\.\\d\\d \\(large\\); shift \\+0\\.\\d{3} s \\| "
        + "\\+0\\.\\d{3} \u2026 \\+0\\.\\d{3} s \\| \\*\\*slower\\*\\* \\|");
    assertThat(md).contains("| throughput output | ").contains("| none | \u2013 | \u2013 | \u2013 | not tested |");
    assertThat(md).containsPattern("\\| TPOT p50 \\| \\d\\.\\d\\d ms \\|");
    assertThat(md).containsPattern("\\| output rate per request p50 \\| [^\\n]*\\*\\*worse\\*\\* \\|");
    assertThat(md).contains("- latency p99: p99 of 10 requests: the bootstrap cannot see past the largest value");
    assertThat(md).contains("## Method\n");
    // Each table row has as many cells as the header.
    md.lines().filter(l -> l.startsWith("| ")).forEach(l -> assertThat(l.split(" \\| ", -1)).hasSize(9));
  }

  @Test
  void withoutCorrectionTheSummarySaysHowManyFalseAlarmsToExpect() {
    BenchmarkResult base = CompareFixtures.run(4, 1.0, Set.of());
    BenchmarkResult other = CompareFixtures.run(5, 1.0, Set.of());
    RunComparator uncorrected = RunComparator.ofDefaults().withCorrection(io.github.llmbench.report.compare.MultipleTesting.NONE);
    String md = ComparisonMarkdown.render(uncorrected.compare(base, other));
    assertThat(md).contains("Significance level \u03b1 = 0.05 for each test, two-sided; 24 tests ran, so about 1.2 "
        + "of them would flag a difference by chance alone if nothing had changed.")
        .doesNotContain("(Holm ");
    String holm = ComparisonMarkdown.render(RunComparator.ofDefaults().compare(base, other));
    assertThat(holm).containsPattern("\\| \\d\\.\\d{3} \\(Holm \\d\\.\\d{3}\\) \\|");
  }

  @Test
  void aRunAgainstItselfSaysNoDifference() {
    BenchmarkResult run = CompareFixtures.run(3, 1.0, Set.of());
    String md = ComparisonMarkdown.render(RunComparator.ofDefaults().compare(run, run));
    assertThat(md).contains("Baseline: **run-3 (2026-12-01T10:00:00Z)**")
        .contains("**5 steps in both runs: 0 slower, 0 faster, 5 no significant difference, 0 not comparable.**")
        .doesNotContain("**slower**");
  }
}
