package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.PhaseResult;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StreamStatistics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

  static List<Group> groups(BenchmarkResult result) {
    List<Group> groups = new ArrayList<>();
    for (PhaseResult phase : result.phases()) {
      if (isSweep(phase.steps())) groups.add(new Group(phase.name(), phase.steps()));
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
          s -> s.statistics().wallThroughputTotal(), "tok/s", false));
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
      series.add(series(group, 3 * g, "latency_p50", P50_COLOR, StepResult::latencyP50, "s", true));
      series.add(series(group, 3 * g + 1, "latency_p95", P95_COLOR, StepResult::latencyP95, "s", true));
      series.add(series(group, 3 * g + 2, "latency_p99", P99_COLOR, StepResult::latencyP99, "s", true));
    }
    return SvgLineChart.render("Latency against concurrency: " + result.model(), "concurrency",
        "request latency (seconds)", series, LATENCY_NOTE);
  }

  /** Whether any step has stream figures (then the two stream charts are drawn). */
  public static boolean hasStream(BenchmarkResult result) {
    return result.steps().stream().anyMatch(s -> s.statistics().stream().isPresent());
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
      List<StepResult> streamed = g.steps().stream().filter(s -> s.statistics().stream().isPresent()).toList();
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
      LatencySummary l = summary.apply(s.statistics().stream().orElseThrow());
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
}
