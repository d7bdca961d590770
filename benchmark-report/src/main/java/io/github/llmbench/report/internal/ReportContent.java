package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.TestType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What the human-readable report says, in order: the capacity answers (a sentence per workload shape, its capacity
 * curve, then the answers in figures), the run, per-phase tables (the script's figures, then the wall-clock and
 * HdrHistogram figures), failures by kind, charts, the status legend and the metric glossary of the methodology
 * guide. Rendered by {@link MarkdownRenderer} and {@link HtmlRenderer}, in the same order.
 */
public final class ReportContent {
  /** Said once before the phases, for the stream table every streamed phase gets. */
  static final String STREAM_INTRO = "Streamed steps get one more table: HdrHistogram percentiles over the "
      + "successful streamed requests of time to first token (TTFT) and end-to-end time (e2e) in seconds, of "
      + "inter-token latency (ITL) and time per output token (TPOT) in milliseconds. TTFT and e2e are measured from "
      + "when each request was due to be sent (its start, in a closed loop). 'tokens' says where output token counts "
      + "came from: the stream's usage, or 'estimated' from content chunks. The JSON report keeps every percentile "
      + "(p50, p90, p95, p99, p99.9) with count, min, mean and max.";

  private ReportContent() {}

  /**
   * The report's blocks, one layout for Markdown and HTML. The first screen answers: the title, what was measured,
   * one sentence per workload shape ({@link #headlines}), then the capacity curves; the answers in figures, the run
   * and the tables follow.
   *
   * @param chartBaseName the base name of the chart files the Markdown links to
   *     ({@code <base>_throughput.svg}); null for no links
   */
  public static List<Block> build(BenchmarkResult r, @Nullable String chartBaseName) {
    CapacityAnswers answers = CapacityAnswers.of(r);
    List<Block> out = new ArrayList<>();
    out.add(new Block.Heading(1, "LLM benchmark report: " + r.name()));
    out.add(new Block.Paragraph(r.model() + " at " + r.baseUrl() + ", started " + r.startedAt() + (r.completed()
        ? "" : "; ended early: " + r.abortReason())));
    out.addAll(SearchSection.blocks(r, chartBaseName));
    out.add(new Block.Heading(2, "Capacity answers"));
    out.add(headlines(answers));
    out.addAll(capacityCharts(r, answers, chartBaseName));
    out.addAll(answers(r, answers));
    out.add(new Block.Heading(2, "Run"));
    out.add(run(r));

    out.add(new Block.Heading(2, "Results by phase"));
    out.add(new Block.Paragraph("Latencies in seconds, throughputs in tokens per second. The first table of each "
        + "phase holds the unified script's figures; the second the request shape and the load each step really "
        + "reached; the third the wall-clock throughput and the HdrHistogram latency distribution of successful "
        + "requests (interpolated percentiles); the last one judges each status rule on its own."));
    if (ChartData.hasStream(r)) out.add(new Block.Paragraph(STREAM_INTRO));
    out.add(new Block.Paragraph(CLIENT_BOUND_LEGEND));
    Map<StepResult, RuleFigures> rules = RuleFigures.of(answers);
    int number = 1;
    for (BenchmarkResult.PhaseResult phase : r.phases()) {
      out.add(new Block.Heading(3, "Phase " + number++ + ": " + phase.name()));
      if (phase.stoppedEarly()) out.add(new Block.Paragraph("Stopped early: " + phase.stopReason()));
      if (phase.steps().isEmpty()) {
        out.add(new Block.Paragraph("No step finished."));
        continue;
      }
      out.add(scriptTable(phase.steps()));
      out.add(loadTable(r, phase.steps()));
      out.add(wallTable(phase.steps()));
      streamTable(phase.steps()).ifPresent(out::add);
      reasoningTable(phase.steps()).ifPresent(out::add);
      embeddingsTable(phase.steps()).ifPresent(out::add);
      unanswered(phase.steps()).ifPresent(out::add);
      openLoopTable(phase.steps()).ifPresent(out::add);
      goodputTable(phase.steps()).ifPresent(out::add);
      serverTable(phase.steps()).ifPresent(out::add);
      out.add(rulesTable(phase.steps(), rules, answers.thresholds()));
      List<Block.Item> reasons = new ArrayList<>();
      for (StepResult s : phase.steps()) {
        if (!s.verdict().reason().isEmpty()) {
          reasons.add(new Block.Item(s.testName(), s.status().name() + ": " + s.verdict().reason()));
        }
      }
      if (!reasons.isEmpty()) out.add(new Block.Bullets(reasons));
    }

    out.add(new Block.Heading(2, "Failures by kind"));
    out.add(failures(r));

    out.add(new Block.Heading(2, "Charts"));
    out.add(new Block.Paragraph("Against concurrency: each workload shape that ran at least two steps of increasing "
        + "concurrency (SCALING and SATURATION in the unified preset), one line per shape and metric, never two shapes "
        + "in one line; if there is none, all steps. Hollow markers are SATURATED or FAILING steps; the latency chart "
        + "has no point for a step where no request succeeded."));
    out.add(new Block.Chart("Throughput against concurrency",
        chartBaseName == null ? null : chartBaseName + "_throughput.svg", ChartData.throughputSvg(r)));
    out.add(new Block.Chart("Latency p50/p95/p99 against concurrency",
        chartBaseName == null ? null : chartBaseName + "_latency.svg", ChartData.latencySvg(r)));
    if (ChartData.hasStream(r)) {
      out.add(new Block.Chart("Time to first token p50/p95/p99 against concurrency (seconds)",
          chartBaseName == null ? null : chartBaseName + "_stream.svg", ChartData.ttftSvg(r)));
      out.add(new Block.Chart("Inter-token latency and time per output token p50/p99 against concurrency "
          + "(milliseconds)", chartBaseName == null ? null : chartBaseName + "_itl.svg", ChartData.itlSvg(r)));
    }

    out.add(new Block.Heading(2, "Status legend"));
    out.add(legend(r));
    out.add(new Block.Paragraph("The first matching rule wins, in the order FAILING, DEGRADED, SATURATED, OK. "
        + "DEGRADED is checked only in phases compared with the baseline (SCALING in the unified preset), SATURATED "
        + "only in phases compared with the previous step (SCALING and SATURATION). Note: DEGRADED status is expected under "
        + "concurrent load - it indicates the latency trade-off for higher throughput, not a problem."));

    out.add(new Block.Heading(2, "Metric glossary"));
    out.add(glossary());
    List<List<String>> extra = extraGlossary(r);
    if (!extra.isEmpty()) out.add(new Block.Table(List.of("Metric", "Description"), new boolean[2], extra));
    out.add(new Block.Paragraph("Note on throughput: the script's throughput divides the tokens of a step's "
        + "successful requests by duration_sec, the longest single request, not by the time the step took. When a "
        + "step sends more requests than its concurrency, they run in several waves and this figure overstates what "
        + "the server delivered, by up to num_requests / concurrency times. The wall-clock throughput divides the "
        + "same tokens by the step's wall-clock time (first request sent to last response received); it is shown "
        + "beside the script's figure and is the one to plan capacity with."));
    return List.copyOf(out);
  }

  /** How the knee is found, said under the answers. */
  static final String KNEE_DEFINITION = "The knee is the step after which latency grows faster than throughput. On "
      + "the capacity curve's rising part (the steps up to the highest throughput), with both axes scaled to [0, 1], "
      + "it is the step farthest below the straight line from the first of them to the last (Kneedle); if none lies "
      + "clearly below it but latency rises after the throughput peak, the peak is the knee; otherwise there is none.";

  /** What the client-bound mark means, said once before the tables. */
  static final String CLIENT_BOUND_LEGEND = "client-bound: llmbench's own delays during the step (its event loops "
      + "busy or stalled, requests leaving late) could have moved one of the step's figures by more than 1 ms and "
      + "1 %, so that figure is an upper bound on the server's, off by at most the amount the reason gives; '—' "
      + "means the figure was not measured.";

  /** The capacity curve of each shape, then SLO attainment against load when the run set SLOs. */
  private static List<Block> capacityCharts(BenchmarkResult r, CapacityAnswers answers,
      @Nullable String chartBaseName) {
    List<Block> out = new ArrayList<>();
    for (CapacityAnswers.ShapeAnswers shape : ChartData.curveShapes(answers)) {
      out.add(new Block.Chart("Capacity curve of " + shape.shape().label() + ": " + shape.curve().yName()
          + " against wall-clock output throughput, one point per step coloured by status"
          + shape.curve().kneeStep().map(k -> ", knee at " + k.testName()).orElse(""),
          chartBaseName == null ? null : chartBaseName + "_capacity_" + shape.shape().slug() + ".svg",
          ChartData.capacitySvg(r, shape)));
    }
    if (ChartData.hasSlo(r)) {
      out.add(new Block.Chart("SLO attainment against achieved concurrency",
          chartBaseName == null ? null : chartBaseName + "_attainment.svg", ChartData.attainmentSvg(r)));
    }
    return out;
  }

  private static Block run(BenchmarkResult r) {
    List<Block.Item> items = new ArrayList<>();
    items.add(new Block.Item("Model", r.model()));
    items.add(new Block.Item("Target", r.baseUrl()));
    Duration elapsed = Duration.between(r.startedAt(), r.finishedAt());
    items.add(new Block.Item("Started", r.startedAt() + ", finished " + r.finishedAt() + " ("
        + Fmt.sec(elapsed.toNanos() / 1e9) + " s)"));
    items.add(new Block.Item("Outcome", r.completed() ? "completed" : "ended early: " + r.abortReason()));
    if (!r.settings().isEmpty()) items.add(new Block.Item("Settings", pairs(r.settings())));
    if (!r.environment().isEmpty()) items.add(new Block.Item("Environment", pairs(r.environment())));
    r.preflight().ifPresent(p -> items.add(new Block.Item("Pre-flight", "GET /v1/models answered "
        + (p.modelsStatus() == 0 ? "nothing" : "HTTP " + p.modelsStatus()) + "; " + (p.requestsSent() == 0
        ? "no request sent" : "1 request " + (p.succeeded() ? "succeeded" : "failed (" + p.detail() + ")") + " in "
        + Fmt.ms(p.latencyNanos() / 1e6) + " ms") + "; " + Fmt.ms(p.durationMillis())
        + " ms in all, counted in no step")));
    items.add(new Block.Item("llmbench version", JsonResultWriter.llmbenchVersion(r)));
    if (r.sinkFailures() > 0) {
      items.add(new Block.Item("Metric sink failures", r.sinkFailures() + " (the run went on regardless)"));
    }
    return new Block.Bullets(items);
  }

  private static String pairs(Map<String, String> map) {
    return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
  }

  /** The intro, the answers per shape in figures, then the notes (script statuses, short steps, the knee). */
  private static List<Block> answers(BenchmarkResult r, CapacityAnswers a) {
    List<Block> out = new ArrayList<>();
    out.add(new Block.Paragraph("The answers in figures, one row per workload shape (phase, step family, test type, "
        + "streaming): steps of different shapes are never compared. Loads are the most requests a step had in flight "
        + "at once; where that was not measured, the concurrency it asked for (c=), or the most it could reach when "
        + "it sent fewer requests (<=). Each answer judges its own rule on the step's figures, whatever status the "
        + "script gave it. 'none': no step met the rule; '—': not measured (one step, or no successful request where "
        + "it would be judged)."));
    boolean slo = a.shapes().stream().anyMatch(CapacityAnswers.ShapeAnswers::hasSlo);
    RuleThresholds rt = a.thresholds();
    List<String> headers = new ArrayList<>(List.of("workload shape", "steps",
        "capacity in flight (highest OK or DEGRADED, >= " + rt.successText() + " success)", "its p99 s"));
    if (slo) {
      headers.add("within SLO in flight (highest with >= " + Fmt.pct(CapacityAnswers.SLO_ATTAINMENT_TARGET)
          .replace(".0 %", " %") + " within SLO)");
    }
    headers.addAll(List.of("knee in flight", "degrades at in flight (p99 > " + rt.latencyText()
        + " the first step's)", "p99 ratio", "stops growing at in flight (wall-clock output < " + rt.growthText()
        + " the step before)", "growth ratio", "fails at in flight (< " + rt.successText() + " success)",
        "its success", "peak tok/s (wall-clock; output, prompt for embeddings)", "peak at in flight"));
    String none = "none";
    String dash = AchievedLoad.NOT_MEASURED;
    List<List<String>> rows = new ArrayList<>();
    for (CapacityAnswers.ShapeAnswers shape : a.shapes()) {
      List<String> row = new ArrayList<>();
      row.add(shape.shape().label());
      row.add(Integer.toString(shape.steps().size()));
      row.add(shape.highestHealthy().map(ReportContent::inFlight).orElse(none));
      row.add(shape.highestHealthy().map(s -> Fmt.sec(s.latencyP99Sec())).orElse(dash));
      if (slo) row.add(!shape.hasSlo() ? dash : shape.highestWithinSlo().map(ReportContent::inFlight).orElse(none));
      if (shape.isSweep()) {
        boolean firstMeasured = shape.steps().get(0).statistics().successful() > 0;
        boolean growthMeasured = shape.unmeasured().size() < shape.steps().size() - 1;
        row.add(shape.curve().kneeStep().map(ReportContent::inFlight).orElse(none));
        row.add(shape.latencyDegrades().map(t -> inFlight(t.step())).orElse(firstMeasured ? none : dash));
        row.add(shape.latencyDegrades().map(t -> ratio(t.ratio())).orElse(dash));
        row.add(shape.throughputStops().map(t -> inFlight(t.step())).orElse(growthMeasured ? none : dash));
        row.add(shape.throughputStops().map(t -> ratio(t.ratio())).orElse(dash));
      } else {
        row.addAll(List.of(dash, dash, dash, dash, dash));
      }
      row.add(shape.failing().map(ReportContent::inFlight).orElse(none));
      row.add(shape.failing().map(s -> Fmt.pct(s.successRate())).orElse(dash));
      row.add(shape.peak().map(s -> Fmt.tps(s.capacityTokensPerSec())).orElse(dash));
      row.add(shape.peak().map(ReportContent::inFlight).orElse(dash));
      rows.add(row);
    }
    boolean[] numeric = new boolean[headers.size()];
    java.util.Arrays.fill(numeric, true);
    numeric[0] = false;
    out.add(new Block.Table(headers, numeric, rows));

    List<Block.Item> items = new ArrayList<>();
    items.add(new Block.Item("Throughput stopped growing by the script's status (SATURATED)", a.saturated().isEmpty()
        ? "no step was SATURATED"
        : a.saturated().stream().map(t -> {
          StepResult s = t.step();
          String text = s.testName() + " (" + s.phase() + ", " + AchievedLoad.brief(s) + "): "
              + Fmt.tps(s.throughputTotal()) + " tok/s total (script)";
          if (t.previous().isPresent()) {
            StepResult p = t.previous().get();
            text += " after " + Fmt.tps(p.throughputTotal()) + " tok/s at " + p.testName();
          }
          return text;
        }).collect(Collectors.joining("; "))));
    items.add(new Block.Item("Requests began to fail by the script's status (FAILING)", a.failing().isEmpty()
        ? "no step was FAILING"
        : a.failing().stream().map(s -> s.testName() + " (" + s.phase() + ", " + AchievedLoad.brief(s) + "): "
            + Fmt.pct(s.successRate()) + " success, " + s.statistics().failed() + " of " + s.numRequests()
            + " requests failed" + failureText(s.statistics()))
            .collect(Collectors.joining("; "))));
    List<String> fewer = r.steps().stream().filter(AchievedLoad::sentFewer)
        .map(s -> s.testName() + " " + AchievedLoad.sentFewerNote(s) + " (concurrency " + s.concurrency() + ")")
        .toList();
    if (!fewer.isEmpty()) items.add(new Block.Item("Fewer requests than concurrency", String.join("; ", fewer)));
    List<String> bound = r.steps().stream().filter(AchievedLoad::clientBound)
        .map(s -> s.testName() + " (" + s.measurement().clientHealth().orElseThrow().verdictReason() + ")").toList();
    if (!bound.isEmpty()) items.add(new Block.Item("Client-bound steps", String.join("; ", bound)));
    for (BenchmarkResult.PhaseResult p : r.phases()) {
      if (p.stoppedEarly()) items.add(new Block.Item(p.name() + " stopped early", p.stopReason()));
    }
    if (!r.completed()) items.add(new Block.Item("Run ended early", r.abortReason().message()));
    out.add(new Block.Bullets(items));
    out.add(new Block.Paragraph(KNEE_DEFINITION + " A step marked client-bound measured the client as much as the "
        + "server."));
    return out;
  }

  /**
   * One plain sentence per shape that ran several steps (every shape when none did): the load it sustains and at what
   * p99, how far it stays within the SLO, its knee, where latency degrades, where throughput stops growing and its
   * peak, where requests fail; each in achieved load, each judged at the policy's thresholds. The report's and the
   * console's first answer.
   */
  static Block headlines(CapacityAnswers a) {
    RuleThresholds t = a.thresholds();
    List<Block.Item> items = new ArrayList<>();
    for (CapacityAnswers.ShapeAnswers shape : ChartData.curveShapes(a)) {
      List<String> parts = new ArrayList<>();
      parts.add(shape.highestHealthy().map(s -> "sustains " + load(s) + " at p99 " + Fmt.sec(s.latencyP99Sec())
          + " s (" + s.testName() + ", " + s.status().name() + ")").orElse("sustains none of the loads tested (no "
          + "step OK or DEGRADED with >= " + t.successText() + " success)"));
      if (shape.hasSlo()) {
        parts.add(shape.highestWithinSlo().map(s -> "within SLO up to " + load(s)).orElse("no step within SLO"));
      }
      // An answer that a step without successful requests could have changed says so, never "stays" or "keeps".
      List<StepResult> unmeasured = shape.unmeasured();
      String besides = unmeasured.isEmpty() ? "" : " where measured (no request succeeded in "
          + unmeasured.stream().map(StepResult::testName).collect(Collectors.joining(", ")) + ")";
      boolean firstMeasured = !unmeasured.contains(shape.steps().get(0));
      Optional<String> peak = shape.peak().map(s -> Fmt.tps(s.capacityTokensPerSec()) + " "
          + s.capacityTokensUnit() + " at " + load(s));
      if (shape.isSweep()) {
        parts.add(shape.curve().kneeStep().map(s -> "knee at " + load(s) + " (" + s.testName() + ")")
            .orElse("no knee found" + besides));
        parts.add(shape.latencyDegrades().map(d -> "latency degrades from " + load(d.step()) + " (p99 "
            + ratio(d.ratio()) + " the first step's)").orElse(firstMeasured ? "latency stays within "
                + t.latencyText() + " the first step's p99" + besides
                : "latency growth not measured (no request succeeded in the first step, "
                    + shape.steps().get(0).testName() + ")"));
        String growth = shape.throughputStops().map(g -> "throughput stops growing at " + load(g.step()) + " ("
            + ratio(g.ratio()) + " the step before)").orElse(unmeasured.size() >= shape.steps().size() - 1
                ? "throughput growth not measured" + besides : "throughput keeps growing" + besides);
        parts.add(growth + peak.map(p -> ", peaking at " + p).orElse(""));
      } else {
        peak.ifPresent(p -> parts.add("delivers " + p));
      }
      if (peak.isEmpty()) parts.add("peak not measured (no request succeeded)");
      long failed = shape.steps().stream().mapToLong(s -> s.statistics().failed()).sum();
      parts.add(shape.failing().map(s -> "requests fail from " + load(s) + " (" + Fmt.pct(s.successRate())
          + " success)").orElse(failed == 0 ? "no request fails" : "no step below " + t.successText()
              + " success, though " + failed + " of " + shape.steps().stream().mapToLong(StepResult::numRequests)
                  .sum() + " requests failed"));
      items.add(new Block.Item(shape.shape().label(), String.join("; ", parts) + "."));
    }
    return new Block.Bullets(items);
  }

  /** {@code "25 in flight"}, {@code "at most 15 in flight"} or {@code "c=25"}, marked when client-bound. */
  private static String load(StepResult s) {
    String text = AchievedLoad.measured(s) ? s.measurement().maxInFlight() + " in flight"
        : AchievedLoad.sentFewer(s) ? "at most " + AchievedLoad.ceiling(s) + " in flight" : "c=" + s.concurrency();
    return text + (AchievedLoad.clientBound(s) ? " [client-bound]" : "");
  }

  /**
   * A table cell: {@code "25"} in flight; where that was not measured {@code "<= 15"} (it sent fewer requests) or
   * {@code "c=25"}; marked when client-bound.
   */
  private static String inFlight(StepResult s) {
    String figure = AchievedLoad.measured(s) ? Integer.toString(s.measurement().maxInFlight())
        : AchievedLoad.sentFewer(s) ? "<= " + AchievedLoad.ceiling(s) : "c=" + s.concurrency();
    return figure + (AchievedLoad.clientBound(s) ? " [client-bound]" : "");
  }

  private static String ratio(double r) {
    return Double.isFinite(r) ? String.format(java.util.Locale.ROOT, "%.2fx", r) : AchievedLoad.NOT_MEASURED;
  }

  private static String failureText(StepStatistics s) {
    if (s.measured().failures().isEmpty()) return "";
    return " (" + s.measured().failures().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", ")) + ")";
  }

  private static Block scriptTable(List<StepResult> steps) {
    List<String> headers = List.of("test_name", "test_type", "concurrency", "num_requests", "successful", "failed",
        "success_rate", "duration_sec", "latency_p50", "latency_p95", "latency_p99", "throughput_total",
        "throughput_output", "status");
    boolean[] numeric = {false, false, true, true, true, true, true, true, true, true, true, true, true, false};
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : steps) {
      StepStatistics st = s.statistics();
      rows.add(List.of(s.testName(), s.testType().label(), Integer.toString(s.concurrency()),
          Integer.toString(st.numRequests()), Integer.toString(st.successful()), Integer.toString(st.failed()),
          Fmt.pct(st.successRate()), Fmt.sec(st.script().durationSec()), Fmt.sec(st.script().latencyP50Sec()),
              Fmt.sec(st.script().latencyP95Sec()),
          Fmt.sec(st.script().latencyP99Sec()), Fmt.tps(st.script().throughputTotal()),
              Fmt.tps(st.script().throughputOutput()),
          s.status().name()));
    }
    return new Block.Table(headers, numeric, rows);
  }

  /** The request shape and the load each step reached, and how it was measured. */
  private static Block loadTable(BenchmarkResult r, List<StepResult> steps) {
    List<String> headers = List.of("test_name (load)", "workload shape", "prompt tok/req", "output tok/req",
        "concurrency", "max in flight", "mean in flight", "achieved req/s", "connections", "workers",
        "start spread ms", "trimmed", "client", "note");
    boolean[] numeric = {false, false, true, true, true, true, true, true, false, true, true, true, false, false};
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : steps) {
      StepStatistics st = s.statistics();
      boolean measured = AchievedLoad.measured(s);
      String none = AchievedLoad.NOT_MEASURED;
      List<String> notes = new ArrayList<>();
      if (AchievedLoad.sentFewer(s)) notes.add(AchievedLoad.sentFewerNote(s));
      // What the server did that changes how the figures read, the same lines as the console's and the JSON's.
      notes.addAll(io.github.llmbench.core.StepNotes.of(s));
      rows.add(List.of(s.testName(), WorkloadShape.of(r, s).label(),
          st.successful() == 0 ? none : Fmt.tps((double) st.promptTokens() / st.successful()),
          st.successful() == 0 ? none : Fmt.tps((double) st.completionTokens() / st.successful()),
          Integer.toString(s.concurrency()), AchievedLoad.maxCell(s), AchievedLoad.meanCell(s),
          st.measured().openLoop().map(o -> Fmt.tps(o.achievedRatePerSec())).orElse(none),
          measured ? s.measurement().connectionMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
              : none,
          measured ? Integer.toString(s.measurement().workers()) : none,
          measured ? Fmt.ms(s.measurement().startSpreadMillis()) : none,
          measured ? Integer.toString(s.measurement().trimmedRequests()) : none,
          AchievedLoad.clientCell(s), String.join("; ", notes)));
    }
    return new Block.Table(headers, numeric, rows);
  }

  /** Each status rule judged on its own, within the step's shape. */
  private static Block rulesTable(List<StepResult> steps, Map<StepResult, RuleFigures> rules, RuleThresholds t) {
    List<String> headers = List.of("test_name (each rule on its own)", "status (script)",
        "success < " + t.successText(), "p99 > " + t.latencyText() + " the shape's first step",
        "throughput_total < " + t.growthText() + " previous (script)",
        "wall-clock output < " + t.growthText() + " previous");
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : steps) {
      RuleFigures f = rules.get(s);
      rows.add(List.of(s.testName(), s.status().name(),
          (s.successRate() < t.minSuccessRate() ? "yes" : "no") + " (" + Fmt.pct(s.successRate())
              + ")",
          rule(f.p99Ratio(), v -> v > t.latencyFactor()),
          rule(f.scriptGrowth(), v -> v < t.throughputGrowth()),
          rule(f.wallGrowth(), v -> v < t.throughputGrowth())));
    }
    return new Block.Table(headers, new boolean[headers.size()], rows);
  }

  private static String rule(java.util.OptionalDouble ratio, java.util.function.DoublePredicate fires) {
    if (ratio.isEmpty()) return AchievedLoad.NOT_MEASURED;
    return (fires.test(ratio.getAsDouble()) ? "yes" : "no") + " (" + ratio(ratio.getAsDouble()) + ")";
  }

  /** What the server's own metrics said, for the steps that scraped them. */
  private static Optional<Block> serverTable(List<StepResult> steps) {
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : steps) {
      s.measurement().serverMetrics().ifPresent(m -> rows.add(List.of(s.testName(), Integer.toString(m.scrapes()),
          count(m.runningRequestsMax()), count(m.waitingRequestsMax()), one(m.waitingRequestsMean()),
          m.kvCacheUsageMaxFraction().isPresent() ? Fmt.pct(m.kvCacheUsageMaxFraction().getAsDouble())
              : AchievedLoad.NOT_MEASURED,
          m.preemptions().isPresent() ? Long.toString(m.preemptions().getAsLong()) : AchievedLoad.NOT_MEASURED,
          m.prefixCacheHitRate().isPresent() ? Fmt.pct(m.prefixCacheHitRate().getAsDouble())
              : AchievedLoad.NOT_MEASURED,
          // A histogram places a percentile in a bucket, no finer: its bounds, not a point guessed inside it.
          m.queueTime().map(e -> e.p50().describe()).orElse(AchievedLoad.NOT_MEASURED),
          m.timeToFirstToken().map(e -> e.p50().describe()).orElse(AchievedLoad.NOT_MEASURED),
          m.endToEnd().map(e -> e.p50().describe()).orElse(AchievedLoad.NOT_MEASURED),
          m.endToEnd().map(e -> e.p99().describe()).orElse(AchievedLoad.NOT_MEASURED))));
    }
    if (rows.isEmpty()) return Optional.empty();
    List<String> headers = List.of("test_name (server metrics)", "scrapes", "running max", "waiting max",
        "waiting mean", "KV cache max", "preemptions", "prefix cache hits", "queue p50 in s", "server TTFT p50 in s",
        "server e2e p50 in s", "server e2e p99 in s");
    boolean[] numeric = new boolean[headers.size()];
    java.util.Arrays.fill(numeric, true);
    numeric[0] = false;
    return Optional.of(new Block.Table(headers, numeric, rows));
  }

  private static String count(java.util.OptionalDouble v) {
    return v.isPresent() ? Long.toString(Math.round(v.getAsDouble())) : AchievedLoad.NOT_MEASURED;
  }

  private static String one(java.util.OptionalDouble v) {
    return v.isPresent() ? Fmt.ms(v.getAsDouble()) : AchievedLoad.NOT_MEASURED;
  }

  private static Block wallTable(List<StepResult> steps) {
    List<String> headers = List.of("test_name", "wall_clock_sec", "wall tok/s total", "wall tok/s output",
        "prompt_tokens", "completion_tokens", "hdr count", "min", "mean", "stddev", "p50", "p90", "p95", "p99",
        "p99.9", "max");
    boolean[] numeric = new boolean[headers.size()];
    java.util.Arrays.fill(numeric, true);
    numeric[0] = false;
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : steps) {
      StepStatistics st = s.statistics();
      LatencySummary l = st.measured().latency();
      rows.add(List.of(s.testName(), Fmt.sec(st.measured().wallClockSec()),
          Fmt.tps(st.measured().wallThroughputTotal()),
          Fmt.tps(st.measured().wallThroughputOutput()), Long.toString(st.promptTokens()),
              Long.toString(st.completionTokens()),
          Long.toString(l.count()), Fmt.sec(l.minSec()), Fmt.sec(l.meanSec()), Fmt.sec(l.stddevSec()),
          Fmt.sec(l.p50Sec()), Fmt.sec(l.p90Sec()), Fmt.sec(l.p95Sec()), Fmt.sec(l.p99Sec()), Fmt.sec(l.p999Sec()),
          Fmt.sec(l.maxSec())));
    }
    return new Block.Table(headers, numeric, rows);
  }

  /**
   * One row per streamed step: the tail of TTFT and e2e (p50, p90, p99, p99.9; e2e without p90), the middle and tail
   * of ITL and TPOT (p50, p99). p95 and the rest stay in the JSON, so the table fits a page.
   */
  private static Optional<Block> streamTable(List<StepResult> steps) {
    List<String> headers = List.of("test_name (streaming)", "streamed", "tokens", "TTFT p50 s", "TTFT p90 s",
        "TTFT p99 s", "TTFT p99.9 s", "ITL p50 ms", "ITL p99 ms", "TPOT p50 ms", "TPOT p99 ms", "e2e p50 s",
        "e2e p99 s", "e2e p99.9 s");
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : steps) {
      s.statistics().measured().stream().ifPresent(st -> rows.add(List.of(s.testName(), Long.toString(st.requests()),
          st.tokensEstimated() ? "estimated" : "usage", Fmt.sec(st.ttft().p50Sec()), Fmt.sec(st.ttft().p90Sec()),
          Fmt.sec(st.ttft().p99Sec()), Fmt.sec(st.ttft().p999Sec()), Fmt.ms(st.itl().p50Sec() * 1000),
          Fmt.ms(st.itl().p99Sec() * 1000), Fmt.ms(st.tpot().p50Sec() * 1000), Fmt.ms(st.tpot().p99Sec() * 1000),
          Fmt.sec(st.e2e().p50Sec()), Fmt.sec(st.e2e().p99Sec()), Fmt.sec(st.e2e().p999Sec()))));
    }
    if (rows.isEmpty()) return Optional.empty();
    boolean[] numeric = new boolean[headers.size()];
    java.util.Arrays.fill(numeric, true);
    numeric[0] = false;
    numeric[2] = false;
    return Optional.of(new Block.Table(headers, numeric, rows));
  }

  private static Optional<Block> openLoopTable(List<StepResult> steps) {
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : steps) {
      s.statistics().measured().openLoop().ifPresent(o -> rows.add(List.of(s.testName(), o.arrivalLabel(),
          o.ramp().map(Load.Ramp::describe).orElse("none"), Fmt.tps(o.targetRatePerSec()),
          Fmt.tps(o.achievedRatePerSec()),
          o.maxConcurrency() == 0 ? "none" : Integer.toString(o.maxConcurrency()), Fmt.sec(o.sendDelay().p50Sec()),
          Fmt.sec(o.sendDelay().p99Sec()), Fmt.sec(o.sendDelay().maxSec()))));
    }
    if (rows.isEmpty()) return Optional.empty();
    return Optional.of(new Block.Table(List.of("test_name (open loop)", "arrival", "ramp", "target req/s",
        "achieved req/s", "max in flight", "send delay p50", "send delay p99", "send delay max"),
        new boolean[] {false, false, false, true, true, true, true, true, true}, rows));
  }

  private static Optional<Block> goodputTable(List<StepResult> steps) {
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : steps) {
      s.statistics().measured().goodput().ifPresent(g -> rows.add(List.of(s.testName(), g.slo(), Long.toString(g.met()),
          Fmt.pct(g.share()), Fmt.tps(g.requestsPerSec()), Fmt.tps(g.outputTokensPerSec()))));
    }
    if (rows.isEmpty()) return Optional.empty();
    return Optional.of(new Block.Table(List.of("test_name (goodput)", "slo", "met", "share", "goodput req/s",
        "goodput output tok/s"), new boolean[] {false, false, true, true, true, true}, rows));
  }

  private static Block failures(BenchmarkResult r) {
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : r.steps()) {
      for (Map.Entry<String, Integer> e : s.statistics().measured().failures().entrySet()) {
        rows.add(List.of(s.phase(), s.testName(), Integer.toString(s.concurrency()), e.getKey(),
            Integer.toString(e.getValue())));
      }
    }
    if (rows.isEmpty()) return new Block.Paragraph("No request failed.");
    return new Block.Table(List.of("phase", "test_name", "concurrency", "cause", "count"),
        new boolean[] {false, false, true, false, true}, rows);
  }

  /**
   * The status legend, from the rules the run's status policy described ({@code status_rule.<STATUS>} settings);
   * the unified policy's defaults for a result that carries none (read from an older JSON).
   */
  private static Block legend(BenchmarkResult r) {
    Map<String, String> s = r.settings();
    boolean described = s.keySet().stream().anyMatch(k -> k.startsWith("status_rule."));
    if (!described && r.settings().containsKey("server_metrics")) {
      return new Block.Paragraph("The run's status policy did not describe its rules.");
    }
    return new Block.Table(List.of("Status", "Meaning", "Rule (first match wins: FAILING, DEGRADED, SATURATED, OK)"),
        new boolean[3], List.of(
        List.of("OK", "Normal operation", s.getOrDefault("status_rule.OK", "no other rule matched")),
        List.of("DEGRADED", "Latency increased",
            s.getOrDefault("status_rule.DEGRADED", "p99 > 2.0x baseline p99 (the BASELINE step's latency_p99)")),
        List.of("SATURATED", "Throughput plateau",
            s.getOrDefault("status_rule.SATURATED", "throughput_total < 1.05x the previous step's throughput_total")),
        List.of("FAILING", "Requests failing", s.getOrDefault("status_rule.FAILING", "success rate < 0.95"))));
  }

  private static Block glossary() {
    return new Block.Table(List.of("Metric", "Description"), new boolean[2], List.of(
        List.of("throughput_total", "Total tokens (input + output) per second, by the script's rule: tokens of "
            + "successful requests / duration_sec"),
        List.of("throughput_output", "Output tokens per second (generation speed), by the same rule"),
        List.of("latency_p99", "99th percentile request latency (seconds)"),
        List.of("success_rate", "Percentage of successful requests (successful / num_requests)"),
        List.of("latency_p50, latency_p95", "50th and 95th percentile request latency (seconds)"),
        List.of("percentiles (script)", "Over successful requests only, the lower sample at index "
            + "int((n - 1) p / 100), no interpolation; 0 when no request succeeded"),
        List.of("duration_sec", "The longest single request latency of the step (failed ones included), not the "
            + "step's wall-clock time; 1 when there was no result"),
        List.of("wall_clock_sec", "From the first request sent to the last response received"),
        List.of("wall tok/s total, wall tok/s output", "The same tokens divided by wall_clock_sec: what the server "
            + "delivered"),
        List.of("hdr count, min, mean, stddev, p50 ... max", "HdrHistogram distribution of successful requests' "
            + "latencies (seconds), interpolated percentiles up to p99.9 and the maximum"),
        List.of("failures by kind", "Failed requests counted by cause (http, backpressure, timeout, "
            + "connection_refused, ...)"),
        List.of("workload shape", "Phase, step family (the step's name without its load number), test type and "
            + "streaming: steps of one shape send the same requests, so only they are compared"),
        List.of("prompt tok/req, output tok/req", "Tokens the server counted per successful request (served, "
            + "not asked)"),
        List.of("max in flight, mean in flight", "Achieved load: the most requests in flight at once and their "
            + "time-weighted mean over the step's wall-clock time, measured from the requests' own start and end "
            + "times; every capacity answer is stated in them"),
        List.of("connections, workers, start spread ms, trimmed", "Whether latencies include connection set-up "
            + "(warm: pooled connections opened before the clock started; new-per-request: as the script's client), "
            + "the workers that sent the requests (an open loop: the most it had out at once), the time from the first "
            + "to the last worker's first request, and "
            + "the requests left out of the figures"),
        List.of("client", "client-bound when llmbench's own delays could have moved a figure by more than 1 ms and "
            + "1 % (that figure is then an upper bound, off by at most the amount given), ok when they could not, '—' "
            + "when not checked")));
  }
  /**
   * One row per step whose requests reasoned: how many did, their reasoning and answer tokens, how many gave no
   * answer, and the time to first output token beside the time to first token of any kind.
   */
  private static Optional<Block> reasoningTable(List<StepResult> steps) {
    List<String> headers = List.of("test_name (reasoning)", "reasoned", "reasoning tokens", "answer tokens",
        "counted", "unanswered", "at max_tokens", "TTFT p50 s", "first output p50 s", "first output p99 s");
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : steps) {
      s.statistics().measured().reasoning().ifPresent(r -> rows.add(List.of(s.testName(),
          Long.toString(r.requests()), Long.toString(r.reasoningTokens()), Long.toString(r.answerTokens()),
          r.tokensEstimated() ? "chunks" : "usage", Long.toString(r.unanswered()),
          Long.toString(r.unansweredAtLimit()),
          s.statistics().measured().stream().map(st -> Fmt.sec(st.ttft().p50Sec())).orElse(AchievedLoad.NOT_MEASURED),
          r.firstOutput().count() == 0 ? AchievedLoad.NOT_MEASURED : Fmt.sec(r.firstOutput().p50Sec()),
          r.firstOutput().count() == 0 ? AchievedLoad.NOT_MEASURED : Fmt.sec(r.firstOutput().p99Sec()))));
    }
    if (rows.isEmpty()) return Optional.empty();
    boolean[] numeric = new boolean[headers.size()];
    java.util.Arrays.fill(numeric, true);
    numeric[0] = false;
    numeric[4] = false;
    return Optional.of(new Block.Table(headers, numeric, rows));
  }

  /**
   * One row per embeddings step: inputs embedded (one per successful request), inputs and prompt tokens per second of
   * wall clock, and the latency's middle and tail.
   */
  private static Optional<Block> embeddingsTable(List<StepResult> steps) {
    List<String> headers = List.of("test_name (embeddings)", "inputs", "inputs/s", "prompt tok/s", "p50 s", "p99 s");
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : steps) {
      if (s.testType() != TestType.EMBEDDINGS) continue;
      StepStatistics st = s.statistics();
      double wall = st.measured().wallClockSec();
      rows.add(List.of(s.testName(), Integer.toString(st.successful()),
          wall > 0 ? Fmt.tps(st.successful() / wall) : AchievedLoad.NOT_MEASURED,
          wall > 0 ? Fmt.tps(s.capacityTokensPerSec()) : AchievedLoad.NOT_MEASURED,
          Fmt.sec(st.measured().latency().p50Sec()), Fmt.sec(st.measured().latency().p99Sec())));
    }
    if (rows.isEmpty()) return Optional.empty();
    boolean[] numeric = new boolean[headers.size()];
    java.util.Arrays.fill(numeric, true);
    numeric[0] = false;
    return Optional.of(new Block.Table(headers, numeric, rows));
  }

  /** The requests that reasoned and gave no answer, named by request id, so they can be found in the server's logs. */
  private static Optional<Block> unanswered(List<StepResult> steps) {
    List<Block.Item> items = new ArrayList<>();
    for (StepResult s : steps) {
      s.statistics().measured().reasoning().filter(r -> r.unanswered() > 0).ifPresent(r -> items.add(
          new Block.Item(s.testName(), r.unanswered() + " of " + r.requests() + " requests reasoned and gave no "
              + "answer (" + r.unansweredAtLimit() + " stopped at max_tokens): " + String.join(", ", r.unansweredIds())
              + (r.unanswered() > r.unansweredIds().size() ? ", ..." : ""))));
    }
    return items.isEmpty() ? Optional.empty() : Optional.of(new Block.Bullets(items));
  }

  /** Glossary rows for the figures only some results have (so a plain result's report stays as it was). */
  private static List<List<String>> extraGlossary(BenchmarkResult r) {
    List<List<String>> rows = new ArrayList<>();
    List<StepStatistics> stats = r.steps().stream().map(StepResult::statistics).toList();
    if (stats.stream().anyMatch(s -> s.measured().stream().isPresent())) {
      rows.add(List.of("stream_cut, malformed_chunk, stream_error", "Stream failures: a stream that ended (or whose "
          + "connection failed) before [DONE] or its finishing chunk; a chunk that was not a JSON object; an error "
          + "object sent inside the stream"));
      rows.add(List.of("TTFT, ITL, TPOT, e2e (streaming)", "Time to the first chunk with non-empty content; ITL is "
          + "the gap between consecutive content chunks (a chunk gap, not a token gap: a server that sends several "
          + "tokens per chunk shows fewer, longer gaps); TPOT, the per-request inter-token latency, is (e2e - TTFT) / "
          + "(output tokens - 1), per request with at least two output tokens, whatever the chunking; e2e is the time "
          + "to the last content chunk. TTFT and e2e count from when the request was due to be sent (its start, in a "
          + "closed loop)"));
    }
    if (stats.stream().anyMatch(s -> s.measured().reasoning().isPresent())) {
      rows.add(List.of("reasoning", "A reasoning model's thinking: the chunks whose delta carries reasoning_content "
          + "or reasoning. Reasoning tokens are usage.completion_tokens_details.reasoning_tokens when the server "
          + "reports it (usage), else the reasoning chunks counted (chunks); answer tokens are the completion tokens "
          + "without them. TTFT counts to the first token of any kind, reasoning included; first output counts to "
          + "the first chunk with content or a tool call. Unanswered: reasoned and gave no content and no tool call; "
          + "at max_tokens: of those, the ones whose finish_reason was length"));
    }
    if (stats.stream().anyMatch(s -> s.measured().openLoop().isPresent())) {
      rows.add(List.of("open loop",
          "Requests scheduled at a target rate (constant or Poisson); latency counts from the "
            + "scheduled time, so a request sent late because the client or a concurrency ceiling held it back "
            + "includes that wait (send delay)"));
    }
    if (r.steps().stream().anyMatch(s -> s.measurement().serverMetrics().isPresent())) {
      rows.add(List.of("server metrics", "The target's own Prometheus metrics (vLLM names) scraped over the step: "
          + "requests running and waiting at a scrape (max, time-weighted mean), the highest KV cache usage, "
          + "preemptions, the prefix cache's hits as a share of the prompt tokens it was asked for "
          + "(vllm:prefix_cache_hits / vllm:prefix_cache_queries), and the server's queue time, time to first token and end-to-end latency, whose "
          + "percentiles are estimated from its histogram buckets"));
    }
    if (stats.stream().anyMatch(s -> s.measured().goodput().isPresent())) {
      rows.add(List.of("goodput",
          "Requests that succeeded within every SLO bound, as a share of the step's requests and "
            + "per second of its wall-clock time"));
    }
    return rows;
  }
}
