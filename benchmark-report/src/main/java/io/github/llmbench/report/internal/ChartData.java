package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StreamStatistics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Chooses what the charts plot and builds their series.
 *
 * <p>Plotted: every <b>sweep phase</b>, a phase that ran at least two steps whose concurrency strictly increases from
 * step to step (SCALING and SATURATION in the unified preset; not STRESS, whose steps differ in shape, not load).
 * One series per phase and metric. If no phase is a sweep (e.g. SCALING stopped at its first step and saturation was
 * skipped), every step is plotted as one series "all steps", sorted by concurrency. Latency charts leave out steps
 * where nothing succeeded: the script's 0 there is a placeholder, not a measurement.
 */
public final class ChartData {
  static final String SCRIPT_COLOR = "#1f77b4";
  static final String WALL_COLOR = "#2ca02c";
  static final String P50_COLOR = "#1f77b4";
  static final String P95_COLOR = "#ff7f0e";
  static final String P99_COLOR = "#d62728";
  static final String NOTE = "hollow marker: step SATURATED or FAILING";
  static final String LATENCY_NOTE = NOTE + "\nno point: no request of the step succeeded";
  static final String STREAM_NOTE = NOTE + "\nno point: no streamed request measured it";

  private ChartData() {}

  /** A named group of steps that becomes one series per metric. */
  record Group(String name, List<StepResult> steps) {}

  /**
   * One group per workload shape whose steps sweep concurrency (never two shapes in one line); named after its phase
   * when the phase holds no other sweep, else after the shape.
   */
  static List<Group> groups(BenchmarkResult result) {
    List<Group> groups = new ArrayList<>();
    List<Map.Entry<WorkloadShape, List<StepResult>>> sweeps = WorkloadShape.groups(result).entrySet().stream()
        .filter(e -> isSweep(e.getValue())).toList();
    for (Map.Entry<WorkloadShape, List<StepResult>> e : sweeps) {
      long inPhase = sweeps.stream().filter(o -> o.getKey().phase().equals(e.getKey().phase())).count();
      groups.add(new Group(inPhase == 1 ? e.getKey().phase() : e.getKey().label(), e.getValue()));
    }
    if (groups.isEmpty() && !result.steps().isEmpty()) {
      List<StepResult> all = new ArrayList<>(result.steps());
      all.sort(Comparator.comparingInt(StepResult::concurrency));
      groups.add(new Group("all steps", all));
    }
    return groups;
  }

  static boolean isSweep(List<StepResult> steps) {
    if (steps.size() < 2) return false;
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).concurrency() <= steps.get(i - 1).concurrency()) return false;
    }
    return true;
  }

  public static String throughputSvg(BenchmarkResult result) {
    List<SvgLineChart.Series> series = new ArrayList<>();
    List<Group> groups = groups(result);
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      series.add(series(group, g, "throughput_total (script)", SCRIPT_COLOR, StepResult::throughputTotal, "tok/s",
          false));
      series.add(series(group, g, "throughput_total (wall-clock)", WALL_COLOR,
          s -> s.statistics().measured().wallThroughputTotal(), "tok/s", false));
    }
    return SvgLineChart.render("Throughput against concurrency: " + result.model(), "concurrency",
        "total tokens per second", series, NOTE);
  }

  public static String latencySvg(BenchmarkResult result) {
    List<SvgLineChart.Series> series = new ArrayList<>();
    List<Group> groups = groups(result);
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      // One dash per percentile, as in the stream charts: p95 often equals p99 and would hide under it.
      series.add(series(group, 3 * g, "latency_p50", P50_COLOR, StepResult::latencyP50Sec, "s", true));
      series.add(series(group, 3 * g + 1, "latency_p95", P95_COLOR, StepResult::latencyP95Sec, "s", true));
      series.add(series(group, 3 * g + 2, "latency_p99", P99_COLOR, StepResult::latencyP99Sec, "s", true));
    }
    return SvgLineChart.render("Latency against concurrency: " + result.model(), "concurrency",
        "request latency (seconds)", series, LATENCY_NOTE);
  }

  /** Whether any step has stream figures (then the two stream charts are drawn). */
  public static boolean hasStream(BenchmarkResult result) {
    return result.steps().stream().anyMatch(s -> s.statistics().measured().stream().isPresent());
  }

  /**
   * Time to first token p50/p95/p99 in seconds of the steps with stream figures, against concurrency. Drawn apart
   * from the inter-token figures: TTFT grows to seconds under load while inter-token gaps stay at milliseconds, so on
   * one axis the latter would lie flat on zero. Unlike the other charts each line has its own dash and marker, not
   * one per phase: neighbouring percentiles often coincide, and a dashed line drawn over a solid one keeps both
   * visible.
   */
  public static String ttftSvg(BenchmarkResult result) {
    List<SvgLineChart.Series> series = new ArrayList<>();
    List<Group> groups = streamGroups(result);
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      series.add(streamSeries(group, 3 * g, "TTFT p50", P50_COLOR, StreamStatistics::ttft, LatencySummary::p50Sec,
          1));
      series.add(streamSeries(group, 3 * g + 1, "TTFT p95", P95_COLOR, StreamStatistics::ttft,
          LatencySummary::p95Sec, 1));
      series.add(streamSeries(group, 3 * g + 2, "TTFT p99", P99_COLOR, StreamStatistics::ttft,
          LatencySummary::p99Sec, 1));
    }
    return SvgLineChart.render("Time to first token against concurrency: " + result.model(), "concurrency",
        "time to first token (seconds)", series, STREAM_NOTE);
  }

  /**
   * Inter-token latency p50/p99 and time per output token p50/p99, in milliseconds, of the steps with stream
   * figures, against concurrency.
   */
  public static String itlSvg(BenchmarkResult result) {
    List<SvgLineChart.Series> series = new ArrayList<>();
    List<Group> groups = streamGroups(result);
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      series.add(streamSeries(group, 4 * g, "ITL p50", P50_COLOR, StreamStatistics::itl, LatencySummary::p50Sec,
          1000));
      series.add(streamSeries(group, 4 * g + 1, "ITL p99", P99_COLOR, StreamStatistics::itl, LatencySummary::p99Sec,
          1000));
      series.add(streamSeries(group, 4 * g + 2, "TPOT p50", WALL_COLOR, StreamStatistics::tpot,
          LatencySummary::p50Sec, 1000));
      series.add(streamSeries(group, 4 * g + 3, "TPOT p99", P95_COLOR, StreamStatistics::tpot,
          LatencySummary::p99Sec, 1000));
    }
    return SvgLineChart.render("Inter-token latency and time per output token: " + result.model(), "concurrency",
        "milliseconds", series, STREAM_NOTE);
  }

  /** The chart groups, each cut to its steps with stream figures; groups left without any are dropped. */
  private static List<Group> streamGroups(BenchmarkResult result) {
    List<Group> groups = new ArrayList<>();
    for (Group g : groups(result)) {
      List<StepResult> streamed = g.steps().stream().filter(s -> s.statistics().measured().stream().isPresent()).toList();
      if (!streamed.isEmpty()) groups.add(new Group(g.name(), streamed));
    }
    return groups;
  }

  /**
   * One stream metric as a series, {@code scale} times its seconds; a step whose summary is empty (no request
   * streamed, or none had two tokens for a gap) gets no point, as its 0 is no measurement.
   */
  private static SvgLineChart.Series streamSeries(Group group, int style, String metric, String color,
      Function<StreamStatistics, LatencySummary> summary, ToDoubleFunction<LatencySummary> percentile, int scale) {
    String unit = scale == 1 ? "s" : "ms";
    List<SvgLineChart.Point> points = new ArrayList<>();
    for (StepResult s : group.steps()) {
      LatencySummary l = summary.apply(s.statistics().measured().stream().orElseThrow());
      if (l.count() == 0) continue;
      double y = percentile.applyAsDouble(l) * scale;
      String shown = scale == 1 ? Fmt.sec(y) : Fmt.ms(y);
      String tooltip = s.testName() + ": concurrency " + s.concurrency() + ", " + metric + " " + shown + " " + unit
          + ", " + s.status().name();
      boolean hollow = s.status() == Status.SATURATED || s.status() == Status.FAILING;
      points.add(new SvgLineChart.Point(s.concurrency(), y, tooltip, hollow));
    }
    return new SvgLineChart.Series(group.name() + " " + metric, color, style, points);
  }

  private static SvgLineChart.Series series(Group group, int style, String metric, String color,
      ToDoubleFunction<StepResult> value, String unit, boolean needsSuccess) {
    List<SvgLineChart.Point> points = new ArrayList<>();
    for (StepResult s : group.steps()) {
      // The script writes 0 for the latency of a step where nothing succeeded; that is no measurement, so no point.
      if (needsSuccess && s.statistics().successful() == 0) continue;
      double y = value.applyAsDouble(s);
      String shown = unit.equals("s") ? Fmt.sec(y) + " s" : Fmt.tps(y) + " tok/s";
      String tooltip = s.testName() + ": concurrency " + s.concurrency() + ", " + metric + " " + shown + ", "
          + s.status().name();
      boolean hollow = s.status() == Status.SATURATED || s.status() == Status.FAILING;
      points.add(new SvgLineChart.Point(s.concurrency(), y, tooltip, hollow));
    }
    return new SvgLineChart.Series(group.name() + " " + metric, color, style, points);
  }

  private static final String CURVE_LINE = "#888888";
  private static final String[] SHAPE_LINES = {"#555555", "#17becf", "#8c564b", "#e377c2", "#bcbd22"};

  /** The shapes that get a capacity curve: those that ran at least two steps, or every shape when none did. */
  public static List<CapacityAnswers.ShapeAnswers> curveShapes(CapacityAnswers answers) {
    List<CapacityAnswers.ShapeAnswers> sweeps = answers.shapes().stream()
        .filter(CapacityAnswers.ShapeAnswers::isSweep).toList();
    return sweeps.isEmpty() ? answers.shapes() : sweeps;
  }

  /**
   * The capacity curve of one shape: wall-clock output throughput (x) against p99 latency, or p99 time to first
   * token when the shape streams (y), one point per step coloured by status, joined in run order; the knee ringed,
   * client-bound steps boxed, the run's SLO bound on y drawn as a dashed line.
   */
  public static String capacitySvg(BenchmarkResult result, CapacityAnswers.ShapeAnswers shape) {
    CapacityCurve curve = shape.curve();
    SloBounds slo = SloBounds.of(result.steps());
    List<SvgPointChart.Point> points = new ArrayList<>();
    for (int i = 0; i < curve.points().size(); i++) {
      CapacityCurve.Point p = curve.points().get(i);
      StepResult s = p.step();
      boolean knee = curve.knee().isPresent() && curve.knee().get() == i;
      String tooltip = s.testName() + ": " + Fmt.tps(p.outputTokensPerSec()) + " output tok/s, " + curve.yName()
          + " " + Fmt.sec(p.p99Sec()) + " s, " + AchievedLoad.describe(s) + ", " + s.status().name()
          + (knee ? ", knee" : "") + (AchievedLoad.clientBound(s) ? ", client-bound" : "");
      points.add(new SvgPointChart.Point(p.outputTokensPerSec(), p.p99Sec(), s.status(), s.testName(), tooltip, knee,
          AchievedLoad.clientBound(s)));
    }
    List<SvgPointChart.Line> lines = new ArrayList<>();
    String bound = curve.ttft() ? "ttft" : "e2e";
    slo.sec(bound).ifPresent(sec -> lines.add(new SvgPointChart.Line(sec, "SLO " + bound + " <= " + Fmt.sec(sec)
        + " s")));
    String note = "one point per step, in run order\nx: wall-clock output throughput\n"
        + (curve.knee().isPresent() ? "knee: where latency starts to grow\nfaster than throughput" : "no knee found");
    return SvgPointChart.render("Capacity curve: " + shape.shape().label(), "output tokens per second (wall-clock)",
        curve.yName() + " (seconds)", List.of(new SvgPointChart.Series(shape.shape().label(), CURVE_LINE, points)),
        lines, false, Double.NaN, note);
  }

  /** Whether any step has goodput figures (then the attainment chart is drawn). */
  public static boolean hasSlo(BenchmarkResult result) {
    return result.steps().stream().anyMatch(s -> s.statistics().measured().goodput().isPresent());
  }

  /**
   * SLO attainment (the share of requests that met every objective, in %) against achieved concurrency (the
   * measured mean in flight; the nominal concurrency where it was not measured) on a logarithmic axis with 1-2-5
   * ticks (means in flight are fractional, so a tick per value would not read), one series per shape with goodput
   * figures that ran at least two steps, points coloured by status; the 95 % the capacity answers ask is drawn.
   */
  public static String attainmentSvg(BenchmarkResult result) {
    List<SvgPointChart.Series> series = new ArrayList<>();
    int colour = 0;
    for (CapacityAnswers.ShapeAnswers shape : curveShapes(CapacityAnswers.of(result))) {
      List<SvgPointChart.Point> points = new ArrayList<>();
      for (StepResult s : shape.steps()) {
        Optional<io.github.llmbench.api.Goodput> g = s.statistics().measured().goodput();
        if (g.isEmpty()) continue;
        double x = AchievedLoad.meanInFlight(s).orElse((double) s.concurrency());
        String tooltip = s.testName() + ": " + Fmt.pct(g.get().share()) + " met " + g.get().slo() + ", "
            + AchievedLoad.describe(s) + ", " + s.status().name()
            + (AchievedLoad.clientBound(s) ? ", client-bound" : "");
        points.add(new SvgPointChart.Point(x, g.get().share() * 100, s.status(), s.testName(), tooltip, false,
            AchievedLoad.clientBound(s)));
      }
      if (!points.isEmpty()) {
        series.add(new SvgPointChart.Series(shape.shape().label(), SHAPE_LINES[colour++ % SHAPE_LINES.length],
            points));
      }
    }
    String slo = result.steps().stream().flatMap(s -> s.statistics().measured().goodput().stream()).findFirst()
        .map(io.github.llmbench.api.Goodput::slo).orElse("");
    return SvgPointChart.render("SLO attainment against load: " + slo, "achieved concurrency (mean in flight)",
        "requests within SLO (%)", series, List.of(new SvgPointChart.Line(HEALTHY_PCT, "95 % attainment")), true,
        100, "x: nominal concurrency where\nin flight was not measured");
  }

  private static final double HEALTHY_PCT = CapacityAnswers.SLO_ATTAINMENT_TARGET * 100;
}
