package io.github.llmbench.report.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A small, dependency-free SVG line chart: axes with ticks and labels, a title, a legend and one polyline with point
 * markers per series.
 *
 * <p>Why our own: the well-kept Java charting libraries (JFreeChart, XChart) draw through AWT {@code Graphics2D} and
 * need an extra SVG back end (JFreeSVG, Batik) whose output is verbose and not stable enough for tests; a line chart
 * is a few hundred lines of plain SVG. Every point carries {@code data-series}, {@code data-x} and {@code data-y}
 * attributes (values in Python {@code repr} form) and a {@code <title>} tooltip, so tests and readers can check it.
 *
 * <p>The x axis is logarithmic when every x is positive (concurrency sweeps such as 5..500 stay readable), else
 * linear from 0. The y axis is linear from 0 to a rounded maximum.
 */
public final class SvgLineChart {
  static final int WIDTH = 960;
  static final int HEIGHT = 480;
  static final int LEFT = 90;
  static final int TOP = 50;
  static final int PLOT_WIDTH = 560;
  static final int PLOT_HEIGHT = 360;

  /** Pixels between two x tick labels, at least. */
  static final int MIN_TICK_GAP = 28;

  /**
   * Estimated advance of one character, in em: wider than the average sans-serif glyph (about 0.5 to 0.55 em), so
   * label boxes estimated from it err roomy. With {@link #ASCENT_EM} and {@link #DESCENT_EM} it is how labels are
   * kept apart.
   */
  static final double EM_PER_CHAR = 0.6;

  /** How far text reaches above its baseline, in em. */
  static final double ASCENT_EM = 0.8;

  /** How far text reaches below its baseline, in em. */
  static final double DESCENT_EM = 0.25;

  /** Pixels kept clear between two x tick labels. */
  static final int TICK_LABEL_PAD = 4;

  private static final int TICK_FONT_SIZE = 12;

  private static final String[] DASHES = {"", "8 5", "2 4", "12 4 3 4"};

  /** One point: its coordinates, a tooltip and whether its marker is drawn hollow. */
  public record Point(double x, double y, String tooltip, boolean hollow) {}

  /** A named line; {@code style} (0..) selects the dash pattern and marker shape. */
  public record Series(String name, String color, int style, List<Point> points) {
    public Series {
      Objects.requireNonNull(name, "name");
      points = List.copyOf(points);
    }
  }

  private SvgLineChart() {}

  /**
   * Renders the chart.
   *
   * @param note lines under the legend, separated by {@code \n} (e.g. what hollow markers mean); empty for none
   */
  public static String render(String title, String xLabel, String yLabel, List<Series> series, String note) {
    List<Double> xs = new ArrayList<>();
    double maxY = 0;
    for (Series s : series) {
      for (Point p : s.points()) {
        xs.add(p.x());
        if (Double.isFinite(p.y())) maxY = Math.max(maxY, p.y());
      }
    }
    boolean log = !xs.isEmpty() && xs.stream().allMatch(x -> x > 0 && Double.isFinite(x));
    Axis xAxis = log ? Axis.log(xs) : Axis.linear(xs.stream().mapToDouble(Double::doubleValue).max().orElse(1));
    Axis yAxis = Axis.linear(maxY);

    StringBuilder svg = frame(title, xAxis, yAxis, xLabel, log, true);
    svg.append("<text class=\"y-label\" transform=\"translate(22 ").append(TOP + PLOT_HEIGHT / 2)
        .append(") rotate(-90)\" text-anchor=\"middle\">").append(esc(yLabel)).append("</text>\n");

    if (xs.isEmpty()) {
      svg.append("<text x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"").append(TOP + PLOT_HEIGHT / 2)
          .append("\" text-anchor=\"middle\" fill=\"#666666\">no steps to plot</text>\n");
    }

    // Series.
    for (Series s : series) {
      String dash = DASHES[Math.floorMod(s.style(), DASHES.length)];
      svg.append("<g class=\"series\" data-series=\"").append(esc(s.name())).append("\">\n");
      if (s.points().size() > 1) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"2\"");
        if (!dash.isEmpty()) svg.append(" stroke-dasharray=\"").append(dash).append('"');
        svg.append(" points=\"");
        for (int i = 0; i < s.points().size(); i++) {
          Point p = s.points().get(i);
          if (i > 0) svg.append(' ');
          svg.append(n(px(xAxis, p.x()))).append(',').append(n(py(yAxis, p.y())));
        }
        svg.append("\"/>\n");
      }
      for (Point p : s.points()) {
        svg.append("<g class=\"point\" data-series=\"").append(esc(s.name())).append("\" data-x=\"")
            .append(PythonFloat.repr(p.x())).append("\" data-y=\"").append(PythonFloat.repr(p.y())).append("\">");
        svg.append("<title>").append(esc(p.tooltip())).append("</title>");
        marker(svg, s.style(), px(xAxis, p.x()), py(yAxis, p.y()), s.color(), p.hollow());
        svg.append("</g>\n");
      }
      svg.append("</g>\n");
    }

    // Legend.
    int lx = LEFT + PLOT_WIDTH + 30;
    int ly = TOP + 10;
    svg.append("<g class=\"legend\">\n");
    for (Series s : series) {
      String dash = DASHES[Math.floorMod(s.style(), DASHES.length)];
      svg.append("<line x1=\"").append(lx).append("\" y1=\"").append(ly).append("\" x2=\"").append(lx + 30)
          .append("\" y2=\"").append(ly).append("\" stroke=\"").append(s.color()).append("\" stroke-width=\"2\"");
      if (!dash.isEmpty()) svg.append(" stroke-dasharray=\"").append(dash).append('"');
      svg.append("/>");
      marker(svg, s.style(), lx + 15, ly, s.color(), false);
      svg.append("<text class=\"legend-entry\" x=\"").append(lx + 38).append("\" y=\"").append(ly + 4).append("\">")
          .append(esc(s.name())).append("</text>\n");
      ly += 22;
    }
    return finish(svg, note, lx, ly);
  }

  /** The legend's note lines, then the end of the legend group and of the SVG element. */
  static String finish(StringBuilder svg, String note, double lx, double ly) {
    double y = ly;
    if (!note.isEmpty()) {
      for (String line : note.split("\n")) {
        svg.append("<text class=\"legend-note\" x=\"").append(n(lx)).append("\" y=\"").append(n(y + 8))
            .append("\" fill=\"#555555\" font-size=\"11\">").append(esc(line)).append("</text>\n");
        y += 16;
      }
    }
    svg.append("</g>\n</svg>\n");
    return svg.toString();
  }

  private static void marker(StringBuilder svg, int style, double x, double y, String color, boolean hollow) {
    String fill = hollow ? "white" : color;
    String common = " fill=\"" + fill + "\" stroke=\"" + color + "\" stroke-width=\"1.5\"/>";
    switch (Math.floorMod(style, 3)) {
      case 0 -> svg.append("<circle cx=\"").append(n(x)).append("\" cy=\"").append(n(y)).append("\" r=\"4\"")
          .append(common);
      case 1 -> svg.append("<rect x=\"").append(n(x - 4)).append("\" y=\"").append(n(y - 4))
          .append("\" width=\"8\" height=\"8\"").append(common);
      default -> svg.append("<path d=\"M").append(n(x)).append(' ').append(n(y - 5)).append(" L").append(n(x + 5))
          .append(' ').append(n(y)).append(" L").append(n(x)).append(' ').append(n(y + 5)).append(" L")
          .append(n(x - 5)).append(' ').append(n(y)).append(" Z\"").append(common);
    }
  }

  /**
   * The frame every chart shares: the SVG element, its title, the white background, the grid with its ticks and
   * labels on both axes, the axis lines and the x label; the caller draws its data and closes the element.
   */
  static StringBuilder frame(String title, Axis xAxis, Axis yAxis, String xLabel, boolean log, boolean tickMarks) {
    StringBuilder svg = new StringBuilder();
      svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
          .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
          .append("\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n");
      svg.append("<title>").append(esc(title)).append("</title>\n");
      svg.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
          .append("\" fill=\"white\"/>\n");
      svg.append("<text class=\"chart-title\" x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"28\" "
          + "text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">").append(esc(title)).append("</text>\n");

      // Grid, ticks and tick labels.
      svg.append("<g class=\"y-axis\">\n");
      for (BigDecimal tick : yAxis.ticks) {
        double y = py(yAxis, tick.doubleValue());
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(n(y)).append("\" x2=\"")
            .append(LEFT + PLOT_WIDTH).append("\" y2=\"").append(n(y)).append("\" stroke=\"#e0e0e0\"/>\n");
        svg.append("<text class=\"tick\" x=\"").append(LEFT - 8).append("\" y=\"").append(n(y + 4))
            .append("\" text-anchor=\"end\">").append(label(tick)).append("</text>\n");
      }
      svg.append("</g>\n<g class=\"x-axis\">\n");
      for (BigDecimal tick : xAxis.ticks) {
        double x = px(xAxis, tick.doubleValue());
        svg.append("<line x1=\"").append(n(x)).append("\" y1=\"").append(TOP).append("\" x2=\"").append(n(x))
            .append("\" y2=\"").append(TOP + PLOT_HEIGHT).append("\" stroke=\"#eeeeee\"/>\n");
        if (tickMarks) {
          svg.append("<line x1=\"").append(n(x)).append("\" y1=\"").append(TOP + PLOT_HEIGHT).append("\" x2=\"")
              .append(n(x)).append("\" y2=\"").append(TOP + PLOT_HEIGHT + 5).append("\" stroke=\"#333333\"/>\n");
        }
        svg.append("<text class=\"tick\" x=\"").append(n(x)).append("\" y=\"").append(TOP + PLOT_HEIGHT + 20)
            .append("\" text-anchor=\"middle\">").append(label(tick)).append("</text>\n");
      }
      svg.append("</g>\n");
      // Axis lines and labels.
      svg.append("<path d=\"M").append(LEFT).append(' ').append(TOP).append(" V").append(TOP + PLOT_HEIGHT)
          .append(" H").append(LEFT + PLOT_WIDTH).append("\" fill=\"none\" stroke=\"#333333\"/>\n");
      svg.append("<text class=\"x-label\" x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"")
          .append(TOP + PLOT_HEIGHT + 45).append("\" text-anchor=\"middle\">")
          .append(esc(xLabel + (log ? " (log scale)" : ""))).append("</text>\n");
    return svg;
  }

  static double px(Axis axis, double value) {
    return LEFT + axis.fraction(Double.isFinite(value) ? value : 0) * PLOT_WIDTH;
  }

  static double py(Axis axis, double value) {
    double v = Double.isFinite(value) ? value : 0;
    return TOP + PLOT_HEIGHT - axis.fraction(v) * PLOT_HEIGHT;
  }

  /** The estimated width of {@code text} in pixels at {@code fontSize}. */
  static double textWidth(String text, double fontSize) {
    return text.length() * fontSize * EM_PER_CHAR;
  }

  /** A coordinate with at most one decimal. */
  static String n(double v) {
    String s = String.format(Locale.ROOT, "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  static String label(BigDecimal tick) {
    return tick.signum() == 0 ? "0" : tick.stripTrailingZeros().toPlainString();
  }

  /** Escapes text for XML content and attribute values. */
  public static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          // Characters XML 1.0 forbids are dropped rather than producing an unparsable file.
          if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') b.append(c);
        }
      }
    }
    return b.toString();
  }

  /** An axis domain and its ticks. */
  static final class Axis {
    final boolean log;
    final double min;
    final double max;
    final List<BigDecimal> ticks;

    private Axis(boolean log, double min, double max, List<BigDecimal> ticks) {
      this.log = log;
      this.min = min;
      this.max = max;
      this.ticks = ticks;
    }

    double fraction(double v) {
      if (log) return (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
      return (v - min) / (max - min);
    }

    /** From 0 to a 1-2-2.5-5 rounded maximum, about five intervals. */
    static Axis linear(double maxValue) {
      if (!(maxValue > 0) || !Double.isFinite(maxValue)) maxValue = 1;
      double raw = maxValue / 5;
      int exp = (int) Math.floor(Math.log10(raw));
      double mag = Math.pow(10, exp);
      String mantissa = raw / mag <= 1 ? "1" : raw / mag <= 2 ? "2" : raw / mag <= 2.5 ? "2.5" : raw / mag <= 5 ? "5"
          : "10";
      BigDecimal step = new BigDecimal(mantissa).scaleByPowerOfTen(exp);
      List<BigDecimal> ticks = new ArrayList<>();
      BigDecimal t = BigDecimal.ZERO;
      ticks.add(t);
      while (t.doubleValue() < maxValue * (1 - 1e-12)) {
        t = t.add(step);
        ticks.add(t);
      }
      return new Axis(false, 0, t.doubleValue(), List.copyOf(ticks));
    }

    /**
     * Logarithmic with the bounds of {@link #log}, ticks at 1, 2 and 5 times the powers of ten between them: for
     * values that are not round (a mean in flight of 22.47), whose own ticks would not read.
     */
    static Axis logRound(List<Double> values) {
      Axis bounds = log(values);
      List<BigDecimal> ticks = new ArrayList<>();
      for (int exp = (int) Math.floor(Math.log10(bounds.min)); exp <= (int) Math.ceil(Math.log10(bounds.max));
          exp++) {
        for (String mantissa : new String[] {"1", "2", "5"}) {
          BigDecimal tick = new BigDecimal(mantissa).scaleByPowerOfTen(exp);
          if (tick.doubleValue() >= bounds.min && tick.doubleValue() <= bounds.max) ticks.add(tick);
        }
      }
      return new Axis(true, bounds.min, bounds.max, bounds.spaced(ticks));
    }

    /**
     * The ticks of {@code candidates} (ascending) that keep {@link #MIN_TICK_GAP} from the tick before and whose
     * labels keep {@link #TICK_LABEL_PAD} from its label, as estimated by {@link #textWidth}; the others are left
     * out, so no two x tick labels overlap.
     */
    List<BigDecimal> spaced(List<BigDecimal> candidates) {
      List<BigDecimal> ticks = new ArrayList<>();
      double lastAt = Double.NEGATIVE_INFINITY;
      double lastRight = Double.NEGATIVE_INFINITY;
      for (BigDecimal tick : candidates) {
        double at = fraction(tick.doubleValue()) * PLOT_WIDTH;
        double half = textWidth(label(tick), TICK_FONT_SIZE) / 2;
        if (at - lastAt < MIN_TICK_GAP || at - half < lastRight + TICK_LABEL_PAD) continue;
        ticks.add(tick);
        lastAt = at;
        lastRight = at + half;
      }
      return List.copyOf(ticks);
    }

    /**
     * Logarithmic, padded a little beyond the data, with a tick at each distinct data value (the concurrencies that
     * ran), leaving out a tick that would crowd the one before it.
     */
    static Axis log(List<Double> values) {
      double lo = values.stream().mapToDouble(Double::doubleValue).min().orElse(1);
      double hi = values.stream().mapToDouble(Double::doubleValue).max().orElse(10);
      double min = lo / 1.3;
      double max = hi * 1.3;
      if (hi / lo < 4) {
        min = lo / 2;
        max = hi * 2;
      }
      Axis bounds = new Axis(true, min, max, List.of());
      return new Axis(true, min, max, bounds.spaced(values.stream().distinct().sorted().map(BigDecimal::valueOf)
          .toList()));
    }
  }
}
