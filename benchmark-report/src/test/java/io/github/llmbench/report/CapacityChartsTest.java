package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.report.internal.StatusPalette;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The capacity curves and the attainment chart, parsed as XML: their points, colours, knee, marks and SLO line. */
class CapacityChartsTest {
  @Test
  void oneCapacityCurvePerSweptShapeWithPointsColouredByStatus() throws Exception {
    BenchmarkResult r = MeasuredFixtures.measured();
    Map<String, String> charts = Charts.capacitySvgs(r);
    assertThat(charts.keySet()).containsExactly("scaling_scale_text", "saturation_extreme_text");

    Document scaling = ChartsTest.parse(charts.get("scaling_scale_text"));
    List<Element> points = points(scaling);
    assertThat(points).extracting(p -> p.getAttribute("data-series")).containsOnly("SCALING scale_* (text)");
    // x: wall-clock output throughput, y: the Hdr p99, one point per step in run order.
    for (Element p : points) {
      String name = p.getElementsByTagName("title").item(0).getTextContent().split(":")[0];
      StepResult s = r.step(name).orElseThrow();
      assertThat(Double.parseDouble(p.getAttribute("data-x"))).isEqualTo(s.statistics().measured().wallThroughputOutput());
      assertThat(Double.parseDouble(p.getAttribute("data-y"))).isEqualTo(s.statistics().measured().latency().p99Sec());
      assertThat(p.getAttribute("data-status")).isEqualTo(s.status().name());
      assertThat(dot(p).getAttribute("fill")).isEqualTo(StatusPalette.color(s.status()));
    }
    assertThat(points).extracting(p -> p.getAttribute("data-status"))
        .containsExactly("OK", "OK", "DEGRADED", "SATURATED");
    assertThat(points).filteredOn(p -> p.hasAttribute("data-knee")).singleElement()
        .satisfies(p -> assertThat(Double.parseDouble(p.getAttribute("data-x")))
            .isEqualTo(r.step("scale_25").orElseThrow().statistics().measured().wallThroughputOutput()))
        .satisfies(p -> assertThat(p.getElementsByTagName("text").item(0).getTextContent())
            .isEqualTo("scale_25 (knee)"));
    assertThat(points).noneMatch(p -> p.hasAttribute("data-client-bound"));
    // The run's e2e SLO of 5 s is drawn across the latency curve.
    assertThat(groups(scaling, "slo-line")).singleElement()
        .satisfies(g -> assertThat(g.getAttribute("data-y")).isEqualTo("5.0"));
    assertThat(text(scaling, "legend-entry")).containsExactly("OK", "DEGRADED", "SATURATED", "knee",
        "SLO e2e <= 5.000 s");
    assertThat(text(scaling, "chart-title")).containsExactly("Capacity curve: SCALING scale_* (text)");
    assertThat(text(scaling, "x-label")).containsExactly("output tokens per second (wall-clock)");

    Document saturation = ChartsTest.parse(charts.get("saturation_extreme_text"));
    List<Element> sat = points(saturation);
    // extreme_500 had no success, so no latency and no point.
    assertThat(sat).hasSize(3);
    assertThat(sat).filteredOn(p -> p.hasAttribute("data-client-bound")).singleElement()
        .satisfies(p -> assertThat(p.getElementsByTagName("title").item(0).getTextContent())
            .startsWith("extreme_300:").endsWith("client-bound"))
        .satisfies(p -> assertThat(p.getElementsByTagName("rect").item(0)).isNotNull());
    assertThat(sat).filteredOn(p -> p.hasAttribute("data-knee")).singleElement()
        .satisfies(p -> assertThat(p.getAttribute("data-status")).isEqualTo("OK"));
    assertThat(text(saturation, "legend-entry")).contains("FAILING", "client-bound");
  }

  @Test
  void streamedShapesPlotP99TimeToFirstTokenAgainstItsSlo() throws Exception {
    BenchmarkResult r = StreamFiguresReportTest.streamed();
    Map<String, String> charts = Charts.capacitySvgs(r);
    assertThat(charts.keySet()).containsExactly("scaling_scale_text_stream", "saturation_extreme_text_stream");
    Document svg = ChartsTest.parse(charts.get("scaling_scale_text_stream"));
    assertThat(text(svg, "y-label")).containsExactly("p99 TTFT (seconds)");
    assertThat(text(svg, "chart-title")).containsExactly("Capacity curve: SCALING scale_* (text, streamed)");
    assertThat(points(svg)).extracting(p -> Double.parseDouble(p.getAttribute("data-y")))
        .containsOnly(StreamFiguresReportTest.STREAM.ttft().p99Sec());
    // The run's objectives are "ttft<=500ms, e2e<=10000ms": the TTFT bound is the one drawn.
    assertThat(groups(svg, "slo-line")).singleElement()
        .satisfies(g -> assertThat(g.getAttribute("data-y")).isEqualTo("0.5"));
  }

  @Test
  void attainmentAgainstAchievedConcurrency() throws Exception {
    BenchmarkResult r = MeasuredFixtures.measured();
    Document svg = ChartsTest.parse(Charts.attainmentSvg(r));
    Map<String, List<double[]>> series = ChartsTest.points(svg);
    assertThat(series.keySet()).containsExactly("SCALING scale_* (text)", "SATURATION extreme_* (text)");
    // x: the measured mean in flight (90 % of the max in the fixture), y: the share within SLO in %.
    assertThat(series.get("SCALING scale_* (text)")).extracting(p -> p[0]).containsExactly(4.5, 9.0, 22.5, 45.0);
    assertThat(series.get("SCALING scale_* (text)")).extracting(p -> p[1])
        .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b))
        .containsExactly(100.0, 100.0, 100.0, 56.0);
    assertThat(groups(svg, "slo-line")).singleElement()
        .satisfies(g -> assertThat(g.getAttribute("data-y")).isEqualTo("95.0"));
    // Means in flight are fractional: the log axis ticks at 1-2-5 values instead (data 4.5 .. 450 here).
    List<String> ticks = new ArrayList<>();
    for (Element g : groups(svg, "x-axis")) {
      NodeList t = g.getElementsByTagName("text");
      for (int i = 0; i < t.getLength(); i++) ticks.add(t.item(i).getTextContent());
    }
    assertThat(ticks).containsExactly("5", "10", "20", "50", "100", "200", "500");
    assertThat(text(svg, "x-label")).containsExactly("achieved concurrency (mean in flight) (log scale)");
    assertThat(ChartsTest.parse(Charts.attainmentSvg(Fixtures.unifiedRun())).getDocumentElement().getTextContent())
        .contains("no steps to plot");
  }

  @Test
  void twoShapesInOnePhaseNeverShareALine() throws Exception {
    // One custom phase sweeping text and vision requests: two workload shapes, two lines per metric.
    BenchmarkResult base = Fixtures.unifiedRun();
    List<StepResult> steps = new ArrayList<>();
    for (StepResult s : base.phase("SCALING").orElseThrow().steps()) {
      steps.add(new StepResult("CUSTOM", "c" + s.concurrency(), io.github.llmbench.api.TestType.TEXT, s.concurrency(),
          s.statistics(), s.verdict(),
          s.measurement()));
      steps.add(new StepResult("CUSTOM", "v" + s.concurrency(), io.github.llmbench.api.TestType.VISION,
          s.concurrency(), s.statistics(),
          s.verdict(), s.measurement()));
    }
    BenchmarkResult r = new BenchmarkResult("custom", base.baseUrl(), base.model(), Map.of(), Map.of(),
        base.startedAt(), base.finishedAt(), List.of(new BenchmarkResult.PhaseResult("CUSTOM", steps, "")),
        io.github.llmbench.api.BenchmarkResult.AbortReason.of(""), 0, java.util.Optional.empty());
    Map<String, List<double[]>> series = ChartsTest.points(ChartsTest.parse(Charts.throughputSvg(r)));
    assertThat(series.keySet()).containsExactly("CUSTOM c* (text) throughput_total (script)",
        "CUSTOM c* (text) throughput_total (wall-clock)", "CUSTOM v* (vision) throughput_total (script)",
        "CUSTOM v* (vision) throughput_total (wall-clock)");
    assertThat(series.get("CUSTOM v* (vision) throughput_total (script)")).extracting(p -> p[0])
        .containsExactly(5.0, 10.0, 25.0, 50.0);
    assertThat(Charts.capacitySvgs(r).keySet()).containsExactly("custom_c_text", "custom_v_vision");
    String md = ReportFormats.toString(r, ReportFormats.markdown());
    assertThat(md).contains("| CUSTOM c\\* (text) | 4 |", "| CUSTOM v\\* (vision) | 4 |");
  }

  static List<Element> points(Document svg) {
    return groups(svg, "point");
  }

  static List<Element> groups(Document svg, String cls) {
    List<Element> out = new ArrayList<>();
    NodeList gs = svg.getElementsByTagName("g");
    for (int i = 0; i < gs.getLength(); i++) {
      Element g = (Element) gs.item(i);
      if (g.getAttribute("class").equals(cls)) out.add(g);
    }
    return out;
  }

  /** The filled status dot of a point (its last circle; the knee ring comes first). */
  static Element dot(Element point) {
    NodeList circles = point.getElementsByTagName("circle");
    return (Element) circles.item(circles.getLength() - 1);
  }

  static List<String> text(Document svg, String cls) {
    List<String> out = new ArrayList<>();
    NodeList texts = svg.getElementsByTagName("text");
    for (int i = 0; i < texts.getLength(); i++) {
      Element t = (Element) texts.item(i);
      if (t.getAttribute("class").equals(cls)) out.add(t.getTextContent());
    }
    return out;
  }

  static Status status(Element point) {
    return Status.valueOf(point.getAttribute("data-status"));
  }
}
