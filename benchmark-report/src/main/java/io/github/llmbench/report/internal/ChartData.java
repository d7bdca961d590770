package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.PhaseResult;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
      series.add(series(group, g, "latency_p50", P50_COLOR, StepResult::latencyP50, "s", true));
      series.add(series(group, g, "latency_p95", P95_COLOR, StepResult::latencyP95, "s", true));
      series.add(series(group, g, "latency_p99", P99_COLOR, StepResult::latencyP99, "s", true));
    }
    return SvgLineChart.render("Latency against concurrency: " + result.model(), "concurrency",
        "request latency (seconds)", series, LATENCY_NOTE);
  }

  /** Whether any step has stream figures (then the stream chart is drawn). */
  public static boolean hasStream(BenchmarkResult result) {
    return result.steps().stream().anyMatch(s -> s.statistics().stream().isPresent());
  }

  /** TTFT p50/p99 and ITL p50/p99 of the steps with stream figures, against concurrency. */
  public static String streamSvg(BenchmarkResult result) {
    List<SvgLineChart.Series> series = new ArrayList<>();
    List<Group> groups = new ArrayList<>();
    for (Group g : groups(result)) {
      List<StepResult> streamed = g.steps().stream().filter(s -> s.statistics().stream().isPresent()).toList();
      if (!streamed.isEmpty()) groups.add(new Group(g.name(), streamed));
    }
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      series.add(series(group, g, "TTFT p50", P50_COLOR, s -> s.statistics().stream().get().ttft().p50Sec(), "s",
          true));
      series.add(series(group, g, "TTFT p99", P99_COLOR, s -> s.statistics().stream().get().ttft().p99Sec(), "s",
          true));
      series.add(series(group, g, "ITL p50", WALL_COLOR, s -> s.statistics().stream().get().itl().p50Sec(), "s",
          true));
      series.add(series(group, g, "ITL p99", P95_COLOR, s -> s.statistics().stream().get().itl().p99Sec(), "s",
          true));
    }
    return SvgLineChart.render("Streaming latency against concurrency: " + result.model(), "concurrency",
        "seconds", series, LATENCY_NOTE);
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
