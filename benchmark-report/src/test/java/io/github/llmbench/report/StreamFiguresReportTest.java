package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Goodput;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.PhaseResult;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StreamStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stream, open-loop and goodput figures through the JSON (round trip), the Markdown and the charts. */
class StreamFiguresReportTest {
  @TempDir Path dir;

  static final StreamStatistics STREAM = new StreamStatistics(40,
      Fixtures.hdr(40, 0.05, 0.08, 0.01, 0.075, 0.1, 0.11, 0.125, 0.13, 0.131),
      Fixtures.hdr(7960, 0.004, 0.021, 0.003, 0.0205, 0.025, 0.026, 0.031, 0.045, 0.05),
      Fixtures.hdr(40, 0.018, 0.021, 0.001, 0.0207, 0.022, 0.023, 0.024, 0.024, 0.024),
      Fixtures.hdr(40, 4.1, 4.3, 0.1, 4.25, 4.4, 4.45, 4.5, 4.5, 4.5), true);

  /** The unified fixture with stream figures on every step, open-loop and goodput figures on one. */
  static BenchmarkResult streamed() {
    BenchmarkResult base = Fixtures.unifiedRun();
    List<PhaseResult> phases = new ArrayList<>();
    for (PhaseResult p : base.phases()) {
      List<StepResult> steps = new ArrayList<>();
      for (StepResult s : p.steps()) {
        Optional<OpenLoopStatistics> open = s.testName().equals("baseline")
            ? Optional.of(new OpenLoopStatistics("poisson", 2.5, 0, 2.375,
                Fixtures.hdr(10, 0.0001, 0.0002, 0.0001, 0.0002, 0.0003, 0.0003, 0.0004, 0.0004, 0.0004)))
            : Optional.empty();
        Optional<Goodput> goodput = s.testName().equals("baseline")
            ? Optional.of(new Goodput("ttft<=500ms, e2e<=10000ms", 9, 0.9, 2.25, 225.5))
            : Optional.empty();
        steps.add(new StepResult(s.phase(), s.testName(), s.testType(), s.concurrency(),
            s.statistics().withExtras(Optional.of(STREAM), open, goodput), s.verdict()));
      }
      phases.add(new PhaseResult(p.name(), steps, p.stopReason()));
    }
    return new BenchmarkResult(base.name(), base.baseUrl(), base.model(), base.settings(), base.environment(),
        base.startedAt(), base.finishedAt(), phases, base.abortReason(), base.sinkFailures());
  }

  @Test
  void jsonRoundTripKeepsTheNewFigures() throws Exception {
    BenchmarkResult original = streamed();
    Path file = ReportWriter.writeJson(original, dir, "streamed");
    String text = Files.readString(file);
    JsonNode baseline = new ObjectMapper().readTree(text).get("results").get(1);
    assertThat(baseline.get("test_name").asText()).isEqualTo("baseline");
    assertThat(baseline.at("/stream/requests").asLong()).isEqualTo(40);
    assertThat(baseline.at("/stream/tokens_estimated").asBoolean()).isTrue();
    assertThat(baseline.at("/stream/itl/count").asLong()).isEqualTo(7960);
    assertThat(baseline.at("/stream/tpot/p99_sec").asDouble()).isEqualTo(0.024);
    assertThat(baseline.at("/stream/e2e/p999_sec").asDouble()).isEqualTo(4.5);
    assertThat(baseline.at("/open_loop/arrival").asText()).isEqualTo("poisson");
    assertThat(baseline.at("/open_loop/achieved_rate").asDouble()).isEqualTo(2.375);
    assertThat(baseline.at("/goodput/slo").asText()).isEqualTo("ttft<=500ms, e2e<=10000ms");
    assertThat(baseline.at("/goodput/met").asLong()).isEqualTo(9);
    assertThat(baseline.get("concurrency").isInt()).isTrue();
    BenchmarkResult read = JsonReports.read(file);
    assertThat(read).isEqualTo(original);
    assertThat(ReportFormats.toString(read, ReportFormats.json())).isEqualTo(text);
  }

  @Test
  void withoutTheNewFiguresTheJsonHasNoNewKeys() throws Exception {
    String text = ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.json());
    for (JsonNode step : new ObjectMapper().readTree(text).get("results")) {
      assertThat(step.has("stream") || step.has("open_loop") || step.has("goodput")).isFalse();
    }
  }

  @Test
  void markdownShowsStreamOpenLoopAndGoodputTables() throws Exception {
    String md = ReportFormats.toString(streamed(), ReportFormats.markdown("streamed"));
    assertThat(md).contains("| test_name | streamed | tokens | TTFT p50 | TTFT p90 | TTFT p95 | TTFT p99 | TTFT p99.9 |");
    assertThat(md).contains("| baseline | 40 | estimated | 0.075");
    assertThat(md).contains("| baseline | poisson | 2.5");
    assertThat(md).contains("| baseline | ttft<=500ms, e2e<=10000ms | 9 |");
    assertThat(md).contains("![Time to first token and inter-token latency against concurrency](streamed_stream.svg)");
    String plain = ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.markdown("plain"));
    assertThat(plain).doesNotContain("TTFT p50").doesNotContain("_stream.svg");
  }

  @Test
  void writeAllAddsTheStreamChartOnlyWhenThereAreStreamFigures() throws Exception {
    ReportFiles files = ReportWriter.writeAll(streamed(), dir, "s");
    Path svg = files.streamSvg().orElseThrow();
    String chart = Files.readString(svg);
    assertThat(chart).startsWith("<svg").contains("TTFT p50").contains("ITL p99");
    ReportFiles plain = ReportWriter.writeAll(Fixtures.unifiedRun(), dir, "p");
    assertThat(plain.streamSvg()).isEmpty();
    assertThat(dir.resolve("p_stream.svg")).doesNotExist();
  }
}
