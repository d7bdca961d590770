package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Goodput;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.StreamStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Stream, open-loop and goodput figures through the JSON (round trip), the Markdown and the charts. */
class StreamFiguresReportTest {
  @TempDir Path dir;

  static final StreamStatistics STREAM = new StreamStatistics(40,
      Fixtures.hdr(40, 0.05, 0.08, 0.01, 0.075, 0.1, 0.11, 0.125, 0.13, 0.131),
      Fixtures.hdr(7960, 0.004, 0.021, 0.003, 0.0205, 0.025, 0.026, 0.031, 0.045, 0.05),
      Fixtures.hdr(40, 0.018, 0.021, 0.001, 0.0207, 0.022, 0.023, 0.024, 0.024, 0.024),
      Fixtures.hdr(40, 4.1, 4.3, 0.1, 4.25, 4.4, 4.45, 4.5, 4.5, 4.5), true);

  /** 40 requests reasoned; 2 gave no answer, 1 of them at its max_tokens. */
  static final StepStatistics.ReasoningFigures REASONING = new StepStatistics.ReasoningFigures(40, 12_000, 3_960,
      true, 2, 1, List.of("run-baseline-7", "run-baseline-31"),
      Fixtures.hdr(38, 1.2, 1.5, 0.2, 1.45, 1.8, 1.9, 2.1, 2.2, 2.2));

  /** The unified fixture with stream figures on every step, reasoning, open-loop and goodput figures on one. */
  static BenchmarkResult streamed() {
    BenchmarkResult base = Fixtures.unifiedRun();
    List<BenchmarkResult.PhaseResult> phases = new ArrayList<>();
    for (BenchmarkResult.PhaseResult p : base.phases()) {
      List<StepResult> steps = new ArrayList<>();
      for (StepResult s : p.steps()) {
        Optional<OpenLoopStatistics> open = s.testName().equals("baseline")
            ? Optional.of(new OpenLoopStatistics(io.github.llmbench.api.Load.Arrival.POISSON, 1, 2.5, Optional.empty(),
                0, 2.375,
                Fixtures.hdr(10, 0.0001, 0.0002, 0.0001, 0.0002, 0.0003, 0.0003, 0.0004, 0.0004, 0.0004)))
            : Optional.empty();
        Optional<Goodput> goodput = s.testName().equals("baseline")
            ? Optional.of(new Goodput("ttft<=500ms, e2e<=10000ms", 9, 0.9, 2.25, 225.5))
            : Optional.empty();
        Optional<StepStatistics.ReasoningFigures> reasoning = s.testName().equals("baseline")
            ? Optional.of(REASONING) : Optional.empty();
        steps.add(new StepResult(s.phase(), s.testName(), s.testType(), s.concurrency(),
            s.statistics().withExtras(Optional.of(STREAM), open, goodput).withReasoning(reasoning), s.verdict(),
                io.github.llmbench.api.StepMeasurement.UNRECORDED));
      }
      phases.add(new BenchmarkResult.PhaseResult(p.name(), steps, p.stopReason()));
    }
    return new BenchmarkResult(base.name(), base.baseUrl(), base.model(), base.settings(), base.environment(),
        base.startedAt(), base.finishedAt(), phases, base.abortReason(), base.sinkFailures(),
        java.util.Optional.empty());
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
    assertThat(baseline.at("/reasoning/reasoning_tokens").asLong()).isEqualTo(12_000);
    assertThat(baseline.at("/reasoning/unanswered_ids/1").asText()).isEqualTo("run-baseline-31");
    assertThat(baseline.at("/reasoning/first_output/p50_sec").asDouble()).isEqualTo(1.45);
    assertThat(baseline.get("concurrency").isInt()).isTrue();
    BenchmarkResult read = JsonReports.read(file);
    assertThat(read).isEqualTo(original);
    assertThat(ReportFormats.toString(read, ReportFormats.json())).isEqualTo(text);
  }

  @Test
  void withoutTheNewFiguresTheJsonHasNoNewKeys() throws Exception {
    String text = ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.json());
    for (JsonNode step : new ObjectMapper().readTree(text).get("results")) {
      assertThat(step.has("stream") || step.has("open_loop") || step.has("goodput") || step.has("reasoning"))
          .isFalse();
    }
  }

  @Test
  void markdownShowsStreamOpenLoopAndGoodputTables() throws Exception {
    String md = ReportFormats.toString(streamed(), ReportFormats.markdown("streamed"));
    assertThat(md).contains("| test_name (streaming) | streamed | tokens | TTFT p50 s | TTFT p90 s | TTFT p99 s "
        + "| TTFT p99.9 s | ITL p50 ms | ITL p99 ms | TPOT p50 ms | TPOT p99 ms | e2e p50 s | e2e p99 s | e2e p99.9 s |\n"
        + "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    // TTFT and e2e in seconds, ITL and TPOT in milliseconds; p95 (0.110, 26.0, 23.0) left to the JSON.
    assertThat(md).contains("| baseline | 40 | estimated | 0.075 | 0.100 | 0.125 | 0.130 | 20.5 | 31.0 | 20.7 | 24.0 "
        + "| 4.250 | 4.500 | 4.500 |\n");
    assertThat(md).doesNotContain("TTFT p95", "ITL p90");
    assertThat(md).contains("| baseline | poisson | none | 2.5");
    assertThat(md).contains("| baseline | ttft<=500ms, e2e<=10000ms | 9 |");
    assertThat(md).contains("| baseline | 40 | 12000 | 3960 | chunks | 2 | 1 | 0.075 | 1.450 | 2.100 |\n");
    assertThat(md).contains("- **baseline:** 2 of 40 requests reasoned and gave no answer (1 stopped at max_tokens): "
        + "run-baseline-7, run-baseline-31\n");
    String plain = ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.markdown("plain"));
    assertThat(plain).doesNotContain("TTFT").doesNotContain("_stream.svg").doesNotContain("_itl.svg");
  }

  @Test
  void theStreamExplanationIsSaidOnceBeforeThePhases() throws Exception {
    BenchmarkResult result = streamed();
    String md = ReportFormats.toString(result, ReportFormats.markdown("streamed"));
    assertThat(count(md, "| test_name (streaming) |")).isEqualTo(result.phases().size());
    assertThat(count(md, "Streamed steps get one more table")).isEqualTo(1);
    int intro = md.indexOf("Streamed steps get one more table");
    assertThat(intro).isBetween(md.indexOf("## Results by phase"), md.indexOf("### Phase 1"));
    assertThat(md).contains("measured from when each request was due to be sent (its start, in a closed loop)")
        .doesNotContain("scheduled send time").doesNotContain("Streaming (seconds");
    String html = ReportFormats.toString(result, ReportFormats.html());
    assertThat(count(html, "Streamed steps get one more table")).isEqualTo(1);
    assertThat(count(html, "name (streaming)</th>")).isEqualTo(result.phases().size());
    String plain = ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.markdown("plain"));
    assertThat(plain).doesNotContain("Streamed steps");
  }

  @Test
  void markdownLinksAndHtmlEmbedsBothStreamCharts() throws Exception {
    BenchmarkResult result = streamed();
    String md = ReportFormats.toString(result, ReportFormats.markdown("streamed"));
    assertThat(md).contains("![Time to first token p50/p95/p99 against concurrency (seconds)](streamed_stream.svg)",
        "![Inter-token latency and time per output token p50/p99 against concurrency (milliseconds)]"
            + "(streamed_itl.svg)");
    String html = ReportFormats.toString(result, ReportFormats.html());
    assertThat(html).contains(Charts.ttftSvg(result), Charts.itlSvg(result));
    // Four charts against concurrency, one capacity curve per swept shape (SCALING, SATURATION), SLO attainment.
    assertThat(Charts.capacitySvgs(result)).hasSize(2);
    assertThat(html).contains(Charts.capacitySvgs(result).values().toArray(String[]::new))
        .contains(Charts.attainmentSvg(result));
    assertThat(count(html, "<svg ")).isEqualTo(4 + 2 + 1);
  }

  @Test
  void ttftChartHoldsP50P95P99InSeconds() throws Exception {
    Map<String, List<double[]>> series = ChartsTest.points(ChartsTest.parse(Charts.ttftSvg(streamed())));
    assertThat(series.keySet()).containsExactly("SCALING TTFT p50", "SCALING TTFT p95", "SCALING TTFT p99",
        "SATURATION TTFT p50", "SATURATION TTFT p95", "SATURATION TTFT p99");
    assertThat(series.get("SCALING TTFT p50")).extracting(p -> p[0]).containsExactly(5.0, 10.0, 25.0, 50.0);
    assertThat(series.get("SCALING TTFT p50")).extracting(p -> p[1]).containsOnly(0.075);
    assertThat(series.get("SATURATION TTFT p99")).extracting(p -> p[1]).containsOnly(0.125);
    String svg = Charts.ttftSvg(streamed());
    assertThat(svg).contains("time to first token (seconds)").doesNotContain("ITL");
  }

  @Test
  void itlChartHoldsItlAndTpotInMilliseconds() throws Exception {
    String svg = Charts.itlSvg(streamed());
    Map<String, List<double[]>> series = ChartsTest.points(ChartsTest.parse(svg));
    assertThat(series.keySet()).containsExactly("SCALING ITL p50", "SCALING ITL p99", "SCALING TPOT p50",
        "SCALING TPOT p99", "SATURATION ITL p50", "SATURATION ITL p99", "SATURATION TPOT p50", "SATURATION TPOT p99");
    assertThat(series.get("SCALING ITL p50")).extracting(p -> p[1]).allSatisfy(y -> assertThat(y)
        .isCloseTo(20.5, within(1e-9)));
    assertThat(series.get("SCALING ITL p99")).extracting(p -> p[1]).allSatisfy(y -> assertThat(y)
        .isCloseTo(31.0, within(1e-9)));
    assertThat(series.get("SATURATION TPOT p99")).extracting(p -> p[1]).allSatisfy(y -> assertThat(y)
        .isCloseTo(24.0, within(1e-9)));
    assertThat(svg).contains(">milliseconds<", "ITL p50 20.5 ms").doesNotContain("TTFT");
  }

  @Test
  void linesOfOnePhaseDifferInDashSoCoincidingPercentilesStayVisible() throws Exception {
    for (String svg : List.of(Charts.ttftSvg(streamed()), Charts.itlSvg(streamed()), Charts.latencySvg(streamed()))) {
      Document doc = ChartsTest.parse(svg);
      Map<String, String> dashes = new LinkedHashMap<>();
      NodeList lines = doc.getElementsByTagName("polyline");
      for (int i = 0; i < lines.getLength(); i++) {
        Element line = (Element) lines.item(i);
        String series = ((Element) line.getParentNode()).getAttribute("data-series");
        if (series.startsWith("SCALING")) dashes.put(series, line.getAttribute("stroke-dasharray"));
      }
      assertThat(dashes).hasSizeGreaterThanOrEqualTo(3);
      assertThat(new HashSet<>(dashes.values())).as(dashes.toString()).hasSameSizeAs(dashes.values());
    }
  }

  @Test
  void aStepWithoutGapsGetsNoItlPoint() throws Exception {
    // Every request of scale_10 produced a single token: no gap, no TPOT; its 0 is no measurement.
    StreamStatistics single = new StreamStatistics(10, STREAM.ttft(), LatencySummary.EMPTY, LatencySummary.EMPTY,
        STREAM.e2e(), false);
    BenchmarkResult base = streamed();
    List<BenchmarkResult.PhaseResult> phases = new ArrayList<>();
    for (BenchmarkResult.PhaseResult p : base.phases()) {
      phases.add(new BenchmarkResult.PhaseResult(p.name(),
          p.steps().stream().map(s -> !s.testName().equals("scale_10") ? s
          : new StepResult(s.phase(), s.testName(), s.testType(), s.concurrency(), s.statistics().withExtras(
              Optional.of(single), s.statistics().measured().openLoop(), s.statistics().measured().goodput()),
                  s.verdict(), io.github.llmbench.api.StepMeasurement.UNRECORDED)).toList(),
          p.stopReason()));
    }
    BenchmarkResult r = new BenchmarkResult(base.name(), base.baseUrl(), base.model(), base.settings(),
        base.environment(), base.startedAt(), base.finishedAt(), phases, base.abortReason(), base.sinkFailures(),
        java.util.Optional.empty());
    Map<String, List<double[]>> itl = ChartsTest.points(ChartsTest.parse(Charts.itlSvg(r)));
    assertThat(itl.get("SCALING ITL p50")).extracting(p -> p[0]).containsExactly(5.0, 25.0, 50.0);
    assertThat(itl.get("SCALING TPOT p99")).extracting(p -> p[0]).containsExactly(5.0, 25.0, 50.0);
    Map<String, List<double[]>> ttft = ChartsTest.points(ChartsTest.parse(Charts.ttftSvg(r)));
    assertThat(ttft.get("SCALING TTFT p50")).extracting(p -> p[0]).containsExactly(5.0, 10.0, 25.0, 50.0);
  }

  @Test
  void writeAllAddsBothStreamChartsOnlyWhenThereAreStreamFigures() throws Exception {
    BenchmarkResult result = streamed();
    ReportFiles files = ReportWriter.writeAll(result, dir, "s");
    assertThat(files.streamSvg()).contains(dir.resolve("s_stream.svg"));
    assertThat(files.itlSvg()).contains(dir.resolve("s_itl.svg"));
    assertThat(Files.readString(files.streamSvg().orElseThrow())).isEqualTo(Charts.ttftSvg(result));
    assertThat(Files.readString(files.itlSvg().orElseThrow())).isEqualTo(Charts.itlSvg(result));
    ChartsTest.parse(Files.readString(dir.resolve("s_itl.svg")));
    ReportFiles plain = ReportWriter.writeAll(Fixtures.unifiedRun(), dir, "p");
    assertThat(plain.streamSvg()).isEmpty();
    assertThat(plain.itlSvg()).isEmpty();
    assertThat(dir.resolve("p_stream.svg")).doesNotExist();
    assertThat(dir.resolve("p_itl.svg")).doesNotExist();
  }


  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) n++;
    return n;
  }
}
