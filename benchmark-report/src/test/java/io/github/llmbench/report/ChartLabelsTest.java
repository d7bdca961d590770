package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * No two text labels of a chart overlap: every {@code <text>} of the fixture runs' charts, its box estimated from its
 * position, anchor, font size and character count (0.6 em per character, 0.8 em above the baseline and 0.25 em
 * below it: wider than the average sans-serif glyph, so a box that fits here fits on screen).
 */
class ChartLabelsTest {
  /** Estimated glyph advance, in em: Helvetica's and DejaVu Sans's averages are about 0.5 to 0.55. */
  private static final double EM_PER_CHAR = 0.6;

  private static final Pattern ROTATED = Pattern.compile("translate\\(([-\\d.]+) ([-\\d.]+)\\) rotate\\(-90\\)");

  /** A label's estimated box, in SVG pixels. */
  record Box(String text, double left, double top, double right, double bottom) {
    boolean overlaps(Box o) {
      return left < o.right && o.left < right && top < o.bottom && o.top < bottom;
    }
  }

  @Test
  void noTwoLabelsOfAnyFixtureChartOverlap() throws Exception {
    Map<String, String> charts = new LinkedHashMap<>();
    charts.putAll(charts("measured", MeasuredFixtures.measured()));
    charts.putAll(charts("unified", Fixtures.unifiedRun()));
    List<String> overlaps = new ArrayList<>();
    for (Map.Entry<String, String> chart
        : charts.entrySet()) overlaps.addAll(overlaps(chart.getKey(), chart.getValue()));
    assertThat(overlaps).isEmpty();
  }

  @Test
  void closeLoadsKeepTheirTickLabelsApart() throws Exception {
    // On this axis 1000 and 1110 lie 28 px apart, closer than their four-digit labels are wide.
    List<StepResult> steps = new ArrayList<>();
    for (int c : new int[] {1000, 1110, 2000}) {
      steps.add(Fixtures.step("SCALING", "scale_" + c, c, c, c, 1, 2, 3, 3, 100L * c, 50L * c, 10,
          Fixtures.hdr(c, 0.5, 1, 0.1, 1, 2, 2.5, 3, 3, 3), Map.of(), Status.OK, "ok"));
    }
    BenchmarkResult sweep = new BenchmarkResult("close", "http://127.0.0.1:9", "m", Map.of(), Map.of(),
        Instant.EPOCH, Instant.EPOCH, List.of(new BenchmarkResult.PhaseResult("SCALING", steps, "")),
            BenchmarkResult.AbortReason.NONE, 0,
        Optional.empty());
    String svg = Charts.throughputSvg(sweep);
    assertThat(overlaps("close loads", svg)).isEmpty();
    assertThat(CapacityChartsTest.text(ChartsTest.parse(svg), "tick")).contains("1000", "2000");
  }

  @Test
  void theCheckSeesAnOverlapWhenThereIsOne() throws Exception {
    // Guards the guard: two labels drawn on the same spot are found.
    String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\"><text x=\"100\" y=\"100\">extreme_300"
        + "</text><g font-size=\"10\"><text x=\"130\" y=\"104\" text-anchor=\"end\">extreme_500</text></g></svg>";
    List<Box> boxes = boxes(ChartsTest.parse(svg));
    assertThat(boxes).hasSize(2);
    assertThat(boxes.get(0).overlaps(boxes.get(1))).isTrue();
    assertThat(boxes.get(1).left()).isEqualTo(130 - 11 * 10 * EM_PER_CHAR);
  }

  /** Each pair of overlapping labels of {@code svg}, described. */
  private static List<String> overlaps(String chart, String svg) throws Exception {
    List<Box> boxes = boxes(ChartsTest.parse(svg));
    assertThat(boxes).as(chart).isNotEmpty();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        if (boxes.get(i).overlaps(boxes.get(j))) out.add(chart + ": " + boxes.get(i) + " overlaps " + boxes.get(j));
      }
    }
    return out;
  }

  private static Map<String, String> charts(String run, BenchmarkResult r) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(run + " throughput", Charts.throughputSvg(r));
    out.put(run + " latency", Charts.latencySvg(r));
    out.put(run + " attainment", Charts.attainmentSvg(r));
    Charts.capacitySvgs(r).forEach((slug, svg) -> out.put(run + " capacity " + slug, svg));
    return out;
  }

  static List<Box> boxes(Document svg) {
    List<Box> boxes = new ArrayList<>();
    NodeList texts = svg.getElementsByTagName("text");
    for (int i = 0; i < texts.getLength(); i++) {
      Element t = (Element) texts.item(i);
      String text = t.getTextContent();
      if (text.isEmpty()) continue;
      double size = Double.parseDouble(inherited(t, "font-size", "12"));
      double width = text.length() * size * EM_PER_CHAR;
      String anchor = inherited(t, "text-anchor", "start");
      Matcher rotated = ROTATED.matcher(t.getAttribute("transform"));
      if (rotated.matches()) {
        // Turned a quarter to the left: its length runs up the page from (x, y), its glyphs' height to the left of x.
        double x = Double.parseDouble(rotated.group(1));
        double y = Double.parseDouble(rotated.group(2));
        double along = anchor.equals("middle") ? width / 2 : anchor.equals("end") ? width : 0;
        boxes.add(new Box(text, x - 0.8 * size, y - width + along, x + 0.25 * size, y + along));
        continue;
      }
      double x = Double.parseDouble(t.getAttribute("x"));
      double y = Double.parseDouble(t.getAttribute("y"));
      double left = anchor.equals("middle") ? x - width / 2 : anchor.equals("end") ? x - width : x;
      boxes.add(new Box(text, left, y - 0.8 * size, left + width, y + 0.25 * size));
    }
    return boxes;
  }

  /** An attribute of the element or of its nearest ancestor that sets it, as SVG inherits presentation attributes. */
  private static String inherited(Element e, String attribute, String otherwise) {
    for (Node n = e; n instanceof Element el; n = n.getParentNode()) {
      if (el.hasAttribute(attribute)) return el.getAttribute(attribute);
    }
    return otherwise;
  }
}
