package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.StepResult;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class ChartsTest {
  private final BenchmarkResult result = Fixtures.unifiedRun();

  @Test
  void throughputChartHoldsScriptAndWallClockSeriesOfTheSweepPhases() throws Exception {
    Document svg = parse(Charts.throughputSvg(result));
    Map<String, List<double[]>> series = points(svg);
    assertThat(series.keySet()).containsExactly("SCALING throughput_total (script)",
        "SCALING throughput_total (wall-clock)", "SATURATION throughput_total (script)",
        "SATURATION throughput_total (wall-clock)");
    BenchmarkResult.PhaseResult scaling = result.phase("SCALING").orElseThrow();
    List<double[]> expected = new ArrayList<>();
    for (StepResult s : scaling.steps()) expected.add(new double[] {s.concurrency(), s.throughputTotal()});
    assertThat(series.get("SCALING throughput_total (script)")).usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(expected);
    List<double[]> wall = series.get("SATURATION throughput_total (wall-clock)");
    assertThat(wall).hasSize(4);
    assertThat(wall.get(0)).containsExactly(150, result.step("extreme_150").orElseThrow().statistics()
        .measured().wallThroughputTotal());
    assertThat(wall.get(3)).containsExactly(500, 0.0);
    assertTitleAxesAndLegend(svg, "Throughput against concurrency", 4, "500");
  }

  @Test
  void latencyChartHoldsP50P95P99() throws Exception {
    Document svg = parse(Charts.latencySvg(result));
    Map<String, List<double[]>> series = points(svg);
    assertThat(series.keySet()).containsExactly("SCALING latency_p50", "SCALING latency_p95", "SCALING latency_p99",
        "SATURATION latency_p50", "SATURATION latency_p95", "SATURATION latency_p99");
    assertThat(series.get("SCALING latency_p99")).extracting(p -> p[1])
        .containsExactly(1.6633, 2.4012, 3.5119, 6.9015);
    // extreme_500: nothing succeeded, so the script's 0 is no latency and gets no point.
    assertThat(series.get("SATURATION latency_p95")).extracting(p -> p[0])
        .containsExactly(150.0, 200.0, 300.0);
    assertTitleAxesAndLegend(svg, "Latency against concurrency", 6);
  }

  @Test
  void saturatedAndFailingMarkersAreHollow() throws Exception {
    Document svg = parse(Charts.latencySvg(result));
    NodeList groups = svg.getElementsByTagName("g");
    int hollow = 0;
    int filled = 0;
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (!g.getAttribute("class").equals("point")) continue;
      Element marker = (Element) g.getElementsByTagName("title").item(0).getNextSibling();
      String tooltip = g.getElementsByTagName("title").item(0).getTextContent();
      boolean isHollow = marker.getAttribute("fill").equals("white");
      assertThat(isHollow).as(tooltip).isEqualTo(tooltip.endsWith("SATURATED") || tooltip.endsWith("FAILING"));
      if (isHollow) hollow++; else filled++;
    }
    assertThat(hollow).isEqualTo(3 * 3); // scale_50, extreme_200, extreme_300 in three series each
    assertThat(filled).isEqualTo(3 * 4); // scale_5, _10, _25, extreme_150
  }

  @Test
  void withoutSweepPhaseAllStepsFormOneSeries() throws Exception {
    BenchmarkResult r = Fixtures.unifiedRun();
    List<BenchmarkResult.PhaseResult> phases = new ArrayList<>();
    phases.add(r.phases().get(1)); // BASELINE
    phases.add(new BenchmarkResult.PhaseResult("SCALING", List.of(r.step("scale_5").orElseThrow()), "stopped"));
    phases.add(r.phases().get(3)); // STRESS: 50 then 25 is not a sweep
    BenchmarkResult small = new BenchmarkResult(r.name(), r.baseUrl(), r.model(), r.settings(), r.environment(),
        r.startedAt(), r.finishedAt(), phases, io.github.llmbench.api.BenchmarkResult.AbortReason.of(""), 0,
        java.util.Optional.empty());
    Map<String, List<double[]>> series = points(parse(Charts.throughputSvg(small)));
    assertThat(series.keySet()).containsExactly("all steps throughput_total (script)",
        "all steps throughput_total (wall-clock)");
    assertThat(series.get("all steps throughput_total (script)")).extracting(p -> p[0])
        .containsExactly(1.0, 5.0, 25.0, 50.0);
  }

  @Test
  void emptyResultStillParses() throws Exception {
    BenchmarkResult r = Fixtures.unifiedRun();
    BenchmarkResult empty = new BenchmarkResult(r.name(), r.baseUrl(), "<model & co>", Map.of(), Map.of(),
        r.startedAt(), r.finishedAt(), List.of(), io.github.llmbench.api.BenchmarkResult.AbortReason.of("aborted"), 0,
        java.util.Optional.empty());
    Document svg = parse(Charts.latencySvg(empty));
    assertThat(points(svg)).isEmpty();
    assertThat(svg.getDocumentElement().getTextContent()).contains("no steps to plot", "<model & co>");
  }

  private static void assertTitleAxesAndLegend(Document svg, String title, int legendEntries, String... moreTicks) {
    Element root = svg.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("svg");
    assertThat(root.getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
    List<String> classes = new ArrayList<>();
    Map<String, List<String>> texts = new LinkedHashMap<>();
    NodeList all = svg.getElementsByTagName("text");
    for (int i = 0; i < all.getLength(); i++) {
      Element t = (Element) all.item(i);
      texts.computeIfAbsent(t.getAttribute("class"), k -> new ArrayList<>()).add(t.getTextContent());
      classes.add(t.getAttribute("class"));
    }
    assertThat(texts.get("chart-title")).singleElement().asString().startsWith(title);
    assertThat(texts.get("x-label")).containsExactly("concurrency (log scale)");
    assertThat(texts.get("y-label")).hasSize(1);
    assertThat(texts.get("legend-entry")).hasSize(legendEntries);
    // x ticks at the concurrencies that ran; y ticks from 0.
    List<String> xTicks = new ArrayList<>(List.of("5", "10", "25", "50", "150", "200", "300"));
    xTicks.addAll(List.of(moreTicks));
    assertThat(ticks(svg, "x-axis")).containsExactlyElementsOf(xTicks);
    assertThat(ticks(svg, "y-axis")).startsWith("0").hasSizeGreaterThanOrEqualTo(3);
  }

  private static List<String> ticks(Document svg, String axis) {
    List<String> out = new ArrayList<>();
    NodeList groups = svg.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (!g.getAttribute("class").equals(axis)) continue;
      NodeList texts = g.getElementsByTagName("text");
      for (int j = 0; j < texts.getLength(); j++) out.add(texts.item(j).getTextContent());
    }
    return out;
  }

  static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(false);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
  }

  /** data-series to the (x, y) of its points, in document order. */
  static Map<String, List<double[]>> points(Document svg) {
    Map<String, List<double[]>> out = new LinkedHashMap<>();
    NodeList groups = svg.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (!g.getAttribute("class").equals("point")) continue;
      out.computeIfAbsent(g.getAttribute("data-series"), k -> new ArrayList<>()).add(new double[] {
          Double.parseDouble(g.getAttribute("data-x")), Double.parseDouble(g.getAttribute("data-y"))});
    }
    return out;
  }
}
