package io.github.llmbench.report.internal;

import io.github.llmbench.api.Status;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A scatter chart whose points carry their own colour (a step's status), joined in run order by a thin line per
 * series, with horizontal reference lines (SLO bounds), a marked knee and a mark for client-bound steps. Same frame,
 * axes and escaping as {@link SvgLineChart}; every point carries {@code data-series}, {@code data-x},
 * {@code data-y}, {@code data-status}, and {@code data-knee} / {@code data-client-bound} when they apply.
 */
public final class SvgPointChart {
  static final String KNEE_COLOR = "#000000";
  static final String CLIENT_BOUND_COLOR = "#7b2cbf";
  static final String SLO_COLOR = "#d62728";

  private static final int WIDTH = SvgLineChart.WIDTH;
  private static final int HEIGHT = SvgLineChart.HEIGHT;
  private static final int LEFT = SvgLineChart.LEFT;
  private static final int TOP = SvgLineChart.TOP;
  private static final int PLOT_WIDTH = SvgLineChart.PLOT_WIDTH;
  private static final int PLOT_HEIGHT = SvgLineChart.PLOT_HEIGHT;
  private static final int LABEL_FONT_SIZE = 10;
  private static final int LINE_FONT_SIZE = 11;

  /** Pixels from a dot's centre to its label's near end. */
  private static final int LABEL_DX = 9;

  /** Baseline offsets tried for a label, in order, each right of the dot, then left of it. */
  private static final int[] LABEL_DY = {14, -8, 4, 26, -20, 38, -32, -44};

  /** Labels whose baseline lies farther than this from their dot get a leader line to it. */
  private static final int NEAR_DY = 14;

  /** One step: coordinates, status (its colour), the label beside it, a tooltip, and its marks. */
  public record Point(double x, double y, Status status, String label, String tooltip, boolean knee,
      boolean clientBound) {
    public Point {
      Objects.requireNonNull(status, "status");
    }
  }

  /** Points joined in order by a line of {@code lineColor}. */
  public record Series(String name, String lineColor, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }
  }

  /** A horizontal line at {@code y}, e.g. an SLO bound. */
  public record Line(double y, String label) {}

  private SvgPointChart() {}

  /**
   * @param yMax the top of the y axis, or NaN to fit the points and lines
   * @param note lines under the legend, separated by {@code \n}
   */
  public static String render(String title, String xLabel, String yLabel, List<Series> series, List<Line> lines,
      boolean logX, double yMax, String note) {
    List<Double> xs = new ArrayList<>();
    double maxY = 0;
    for (Series s : series) {
      for (Point p : s.points()) {
        xs.add(p.x());
        if (Double.isFinite(p.y())) maxY = Math.max(maxY, p.y());
      }
    }
    for (Line l : lines) maxY = Math.max(maxY, l.y() * 1.05);
    boolean log = logX && !xs.isEmpty() && xs.stream().allMatch(x -> x > 0 && Double.isFinite(x));
    double maxX = xs.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).max().orElse(1);
    SvgLineChart.Axis xAxis = log ? SvgLineChart.Axis.logRound(xs) : SvgLineChart.Axis.linear(maxX * 1.05);
    SvgLineChart.Axis yAxis = SvgLineChart.Axis.linear(Double.isNaN(yMax) ? maxY * 1.05 : yMax);

    StringBuilder svg = SvgLineChart.frame(title, xAxis, yAxis, xLabel, log, false);
    svg.append("<text class=\"y-label\" transform=\"translate(22 ").append(TOP + PLOT_HEIGHT / 2)
        .append(") rotate(-90)\" text-anchor=\"middle\">").append(esc(yLabel)).append("</text>\n");
    if (xs.isEmpty()) {
      svg.append("<text x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"").append(TOP + PLOT_HEIGHT / 2)
          .append("\" text-anchor=\"middle\" fill=\"#666666\">no steps to plot</text>\n");
    }

    // Text already inside the plot, which point labels must not cover: the reference lines' labels.
    List<Box> taken = new ArrayList<>();
    for (Line l : lines) {
      double y = py(yAxis, l.y());
      taken.add(Box.of(l.label(), LEFT + PLOT_WIDTH - 4, y - 5, true, LINE_FONT_SIZE));
      svg.append("<g class=\"slo-line\" data-y=\"").append(PythonFloat.repr(l.y())).append("\"><line x1=\"")
          .append(LEFT).append("\" y1=\"").append(n(y)).append("\" x2=\"").append(LEFT + PLOT_WIDTH)
          .append("\" y2=\"").append(n(y)).append("\" stroke=\"").append(SLO_COLOR)
          .append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text x=\"").append(LEFT + PLOT_WIDTH - 4)
          .append("\" y=\"").append(n(y - 5)).append("\" text-anchor=\"end\" fill=\"").append(SLO_COLOR)
          .append("\" font-size=\"").append(LINE_FONT_SIZE).append("\">").append(esc(l.label()))
          .append("</text></g>\n");
    }

    Map<Point, Box> labels = placeLabels(series, xAxis, yAxis, taken);
    Set<Status> seen = EnumSet.noneOf(Status.class);
    boolean anyKnee = false;
    boolean anyClientBound = false;
    for (Series s : series) {
      svg.append("<g class=\"series\" data-series=\"").append(esc(s.name())).append("\">\n");
      if (s.points().size() > 1) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(s.lineColor())
            .append("\" stroke-width=\"1.5\" stroke-opacity=\"0.6\" points=\"");
        for (int i = 0; i < s.points().size(); i++) {
          Point p = s.points().get(i);
          if (i > 0) svg.append(' ');
          svg.append(n(px(xAxis, p.x()))).append(',').append(n(py(yAxis, p.y())));
        }
        svg.append("\"/>\n");
      }
      for (Point p : s.points()) {
        seen.add(p.status());
        anyKnee |= p.knee();
        anyClientBound |= p.clientBound();
        double x = px(xAxis, p.x());
        double y = py(yAxis, p.y());
        String color = StatusPalette.color(p.status());
        svg.append("<g class=\"point\" data-series=\"").append(esc(s.name())).append("\" data-x=\"")
            .append(PythonFloat.repr(p.x())).append("\" data-y=\"").append(PythonFloat.repr(p.y()))
            .append("\" data-status=\"").append(p.status().name()).append('"');
        if (p.knee()) svg.append(" data-knee=\"true\"");
        if (p.clientBound()) svg.append(" data-client-bound=\"true\"");
        svg.append("><title>").append(esc(p.tooltip())).append("</title>");
        Box label = labels.get(p);
        if (label != null && Math.abs(label.baseline() - y) > NEAR_DY) {
          // Moved off its dot to clear another label: a thin line, under the dot, says whose it is.
          double toY = Math.min(Math.max(y, label.top()), label.bottom());
          svg.append("<line class=\"label-leader\" x1=\"").append(n(x)).append("\" y1=\"").append(n(y))
              .append("\" x2=\"").append(n(label.anchorX())).append("\" y2=\"").append(n(toY))
              .append("\" stroke=\"#999999\" stroke-width=\"0.75\"/>");
        }
        if (p.knee()) {
          svg.append("<circle class=\"knee-mark\" cx=\"").append(n(x)).append("\" cy=\"").append(n(y))
              .append("\" r=\"11\" fill=\"none\" stroke=\"").append(KNEE_COLOR).append("\" stroke-width=\"2\"/>");
        }
        if (p.clientBound()) {
          svg.append("<rect class=\"client-bound-mark\" x=\"").append(n(x - 8)).append("\" y=\"").append(n(y - 8))
              .append("\" width=\"16\" height=\"16\" fill=\"none\" stroke=\"").append(CLIENT_BOUND_COLOR)
              .append("\" stroke-width=\"2\"/>");
        }
        svg.append("<circle cx=\"").append(n(x)).append("\" cy=\"").append(n(y)).append("\" r=\"6\" fill=\"")
            .append(color).append("\" stroke=\"white\" stroke-width=\"1\"/>");
        if (label != null) {
          svg.append("<text class=\"point-label\" x=\"").append(n(label.anchorX())).append("\" y=\"")
              .append(n(label.baseline())).append('"').append(label.anchorEnd() ? " text-anchor=\"end\"" : "")
              .append(" font-size=\"").append(LABEL_FONT_SIZE).append("\" fill=\"#444444\">")
              .append(esc(label.text())).append("</text>");
        }
        svg.append("</g>\n");
      }
      svg.append("</g>\n");
    }

    int lx = LEFT + PLOT_WIDTH + 30;
    int ly = TOP + 10;
    svg.append("<g class=\"legend\">\n");
    if (series.size() > 1) {
      for (Series s : series) {
        svg.append("<line x1=\"").append(lx).append("\" y1=\"").append(ly).append("\" x2=\"").append(lx + 24)
            .append("\" y2=\"").append(ly).append("\" stroke=\"").append(s.lineColor())
            .append("\" stroke-width=\"2\"/>")
            .append("<text class=\"legend-entry\" x=\"").append(lx + 32).append("\" y=\"").append(ly + 4)
            .append("\">").append(esc(s.name())).append("</text>\n");
        ly += 22;
      }
    }
    for (Status st : Status.values()) {
      if (!seen.contains(st)) continue;
      svg.append("<circle cx=\"").append(lx + 12).append("\" cy=\"").append(ly).append("\" r=\"6\" fill=\"")
          .append(StatusPalette.color(st)).append("\"/><text class=\"legend-entry\" x=\"").append(lx + 32)
          .append("\" y=\"").append(ly + 4).append("\">").append(st.name()).append("</text>\n");
      ly += 22;
    }
    if (anyKnee) {
      svg.append("<circle cx=\"").append(lx + 12).append("\" cy=\"").append(ly).append("\" r=\"9\" fill=\"none\" "
          + "stroke=\"").append(KNEE_COLOR).append("\" stroke-width=\"2\"/><text class=\"legend-entry\" x=\"")
          .append(lx + 32).append("\" y=\"").append(ly + 4).append("\">knee</text>\n");
      ly += 22;
    }
    if (anyClientBound) {
      svg.append("<rect x=\"").append(lx + 5).append("\" y=\"").append(ly - 7).append("\" width=\"14\" "
          + "height=\"14\" fill=\"none\" stroke=\"").append(CLIENT_BOUND_COLOR).append("\" stroke-width=\"2\"/>")
          .append("<text class=\"legend-entry\" x=\"").append(lx + 32).append("\" y=\"").append(ly + 4)
          .append("\">client-bound</text>\n");
      ly += 22;
    }
    for (Line l : lines) {
      svg.append("<line x1=\"").append(lx).append("\" y1=\"").append(ly).append("\" x2=\"").append(lx + 24)
          .append("\" y2=\"").append(ly).append("\" stroke=\"").append(SLO_COLOR)
          .append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text class=\"legend-entry\" x=\"")
          .append(lx + 32).append("\" y=\"").append(ly + 4).append("\">").append(esc(l.label())).append("</text>\n");
      ly += 22;
    }
    return SvgLineChart.finish(svg, note, lx, ly);
  }

  /**
   * Where each point's label goes: beside its dot, below right (where it always went) or at the first of a few spots
   * around it whose box stays inside the plot and covers no label placed before it; no label when every spot is
   * taken (the point keeps its tooltip, and the tables hold its figures). Knees are placed first, then the points in
   * order, so a crowded corner keeps the knee's name.
   */
  private static Map<Point, Box> placeLabels(List<Series> series, SvgLineChart.Axis xAxis, SvgLineChart.Axis yAxis,
      List<Box> taken) {
    List<Point> order = new ArrayList<>();
    for (Series s : series) s.points().stream().filter(Point::knee).forEach(order::add);
    for (Series s : series) s.points().stream().filter(p -> !p.knee()).forEach(order::add);
    Map<Point, Box> placed = new IdentityHashMap<>();
    List<Box> occupied = new ArrayList<>(taken);
    for (Point p : order) {
      String text = p.label() + (p.knee() ? " (knee)" : "");
      if (text.isEmpty()) continue;
      double x = px(xAxis, p.x());
      double y = py(yAxis, p.y());
      for (int dy : LABEL_DY) {
        Box right = Box.of(text, x + LABEL_DX, y + dy, false, LABEL_FONT_SIZE);
        Box left = Box.of(text, x - LABEL_DX, y + dy, true, LABEL_FONT_SIZE);
        Box free = right.fits(occupied) ? right : left.fits(occupied) ? left : null;
        if (free != null) {
          placed.put(p, free);
          occupied.add(free);
          break;
        }
      }
    }
    return placed;
  }

  /** A label's estimated box (see {@link SvgLineChart#textWidth}), anchored at its start or end. */
  private record Box(String text, double anchorX, double baseline, boolean anchorEnd, double left, double top,
      double right, double bottom) {
    static Box of(String text, double anchorX, double baseline, boolean anchorEnd, double fontSize) {
      double width = SvgLineChart.textWidth(text, fontSize);
      double left = anchorEnd ? anchorX - width : anchorX;
      return new Box(text, anchorX, baseline, anchorEnd, left, baseline - SvgLineChart.ASCENT_EM * fontSize,
          left + width, baseline + SvgLineChart.DESCENT_EM * fontSize);
    }

    /** Inside the plot and clear of every box in {@code others}. */
    boolean fits(List<Box> others) {
      if (left < LEFT || right > LEFT + PLOT_WIDTH || top < TOP || bottom > TOP + PLOT_HEIGHT) return false;
      return others.stream().noneMatch(o -> left < o.right && o.left < right && top < o.bottom && o.top < bottom);
    }
  }

  private static double px(SvgLineChart.Axis axis, double value) {
    return SvgLineChart.px(axis, value);
  }

  private static double py(SvgLineChart.Axis axis, double value) {
    return SvgLineChart.py(axis, value);
  }

  private static String n(double v) {
    return SvgLineChart.n(v);
  }

  private static String esc(String s) {
    return SvgLineChart.esc(s);
  }
}
