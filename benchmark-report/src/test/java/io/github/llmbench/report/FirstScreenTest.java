package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.report.internal.Block;
import io.github.llmbench.report.internal.ReportContent;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The report opens on its answers, in Markdown as in HTML: the title, what was measured, one sentence per swept
 * workload shape, then the capacity charts, and only then a table; the answers table holds one figure per cell.
 */
class FirstScreenTest {
  /** A load (in flight, c=, <=), a figure with its unit, 'none' or '—', optionally marked client-bound. */
  private static final Pattern FIGURE = Pattern.compile(
      "(none|—|c=\\d+|<= \\d+|\\d+(\\.\\d+)?( %|x)?)( \\[client-bound])?");

  @Test
  void titleThenOneSentencePerShapeThenTheChartsThenTheTables() {
    for (BenchmarkResult r : List.of(MeasuredFixtures.measured(), Fixtures.unifiedRun())) {
      List<Block> blocks = ReportContent.build(r, "benchmark_20250102_030405");
      assertThat(blocks.get(0)).isInstanceOf(Block.Heading.class);
      assertThat(((Block.Paragraph) blocks.get(1)).text()).startsWith(r.model() + " at " + r.baseUrl());
      assertThat(blocks.get(2)).isEqualTo(new Block.Heading(2, "Capacity answers"));
      List<Block.Item> sentences = ((Block.Bullets) blocks.get(3)).items();
      assertThat(sentences).extracting(Block.Item::label)
          .containsExactly("SCALING scale_* (text)", "SATURATION extreme_* (text)");
      assertThat(sentences).allSatisfy(s -> assertThat(s.text()).startsWith("sustains ").endsWith(".")
          .doesNotContain("\n"));
      int charts = 4;
      while (blocks.get(charts) instanceof Block.Chart) charts++;
      // A capacity curve per swept shape, and SLO attainment when the run set SLOs.
      boolean slo = r.steps().stream().anyMatch(s -> s.statistics().measured().goodput().isPresent());
      assertThat(charts - 4).isEqualTo(slo ? 3 : 2);
      assertThat(blocks.subList(0, charts)).noneMatch(b -> b instanceof Block.Table);
    }
  }

  @Test
  void theAnswersTableHoldsOneFigurePerCell() {
    for (BenchmarkResult r : List.of(MeasuredFixtures.measured(), Fixtures.unifiedRun())) {
      Block.Table answers = ReportContent.build(r, null).stream().filter(b -> b instanceof Block.Table)
          .map(Block.Table.class::cast).findFirst().orElseThrow();
      assertThat(answers.headers().get(0)).isEqualTo("workload shape");
      assertThat(answers.rows()).hasSize(6);
      for (List<String> row : answers.rows()) {
        assertThat(row.subList(1, row.size())).as(row.get(0)).allSatisfy(cell -> assertThat(cell).matches(FIGURE));
      }
    }
  }

  @Test
  void theMarkdownOpensOnTheSentencesAndTheCharts() {
    String md = ReportFormats.toString(MeasuredFixtures.measured(),
        ReportFormats.markdown("benchmark_20250102_030405"));
    int sentence = md.indexOf("- **SCALING scale_\\* (text):** sustains 25 in flight");
    int curve = md.indexOf("![Capacity curve of SCALING scale_\\* (text)");
    int attainment = md.indexOf("![SLO attainment against achieved concurrency]");
    int table = md.indexOf("\n| workload shape |");
    int run = md.indexOf("## Run\n");
    assertThat(md).startsWith("# LLM benchmark report: unified\n\nmeta-llama/Llama-3.1-8B-Instruct at ");
    assertThat(md.substring(0, sentence)).doesNotContain("- **Model:**", "|");
    assertThat(sentence).isLessThan(curve);
    assertThat(curve).isLessThan(attainment);
    assertThat(attainment).isLessThan(table);
    assertThat(table).isLessThan(run);
  }
}
