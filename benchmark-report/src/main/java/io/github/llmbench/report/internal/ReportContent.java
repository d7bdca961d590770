package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.PhaseResult;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What the human-readable report says, in order: the run, the capacity answers, per-phase tables (the script's
 * figures, then the wall-clock and HdrHistogram figures), failures by kind, charts, the status legend and the
 * metric glossary of the methodology guide. Rendered by {@link MarkdownRenderer} and {@link HtmlRenderer}.
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
   * @param chartBaseName the base name of the chart files the Markdown links to
   *     ({@code <base>_throughput.svg}); null for no links
   */
  public static List<Block> build(BenchmarkResult r, @Nullable String chartBaseName) {
    List<Block> out = new ArrayList<>();
    out.add(new Block.Heading(1, "LLM benchmark report: " + r.name()));
    out.add(run(r));

    out.add(new Block.Heading(2, "Capacity answers"));
    out.add(answers(r));

    out.add(new Block.Heading(2, "Results by phase"));
    out.add(new Block.Paragraph("Latencies in seconds, throughputs in tokens per second. The first table of each "
        + "phase holds the unified script's figures; the second the wall-clock throughput and the HdrHistogram "
        + "latency distribution of successful requests (interpolated percentiles)."));
    if (ChartData.hasStream(r)) out.add(new Block.Paragraph(STREAM_INTRO));
    int number = 1;
    for (PhaseResult phase : r.phases()) {
      out.add(new Block.Heading(3, "Phase " + number++ + ": " + phase.name()));
      if (phase.stoppedEarly()) out.add(new Block.Paragraph("Stopped early: " + phase.stopReason()));
      if (phase.steps().isEmpty()) {
        out.add(new Block.Paragraph("No step finished."));
        continue;
      }
      out.add(scriptTable(phase.steps()));
      out.add(wallTable(phase.steps()));
      streamTable(phase.steps()).ifPresent(out::add);
      openLoopTable(phase.steps()).ifPresent(out::add);
      goodputTable(phase.steps()).ifPresent(out::add);
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
    out.add(new Block.Paragraph("Plotted: each phase that ran at least two steps of increasing concurrency (SCALING "
        + "and SATURATION in the unified preset), one line per phase and metric; if there is none, all steps. "
        + "Hollow markers are SATURATED or FAILING steps; the latency chart has no point for a step where no "
        + "request succeeded."));
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
    out.add(legend());
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
    items.add(new Block.Item("llmbench version", JsonResultWriter.llmbenchVersion(r)));
    if (r.sinkFailures() > 0) {
      items.add(new Block.Item("Metric sink failures", r.sinkFailures() + " (the run went on regardless)"));
    }
    return new Block.Bullets(items);
  }

  private static String pairs(Map<String, String> map) {
    return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
  }

  private static Block answers(BenchmarkResult r) {
    CapacityAnswers a = CapacityAnswers.of(r);
    List<Block.Item> items = new ArrayList<>();
    items.add(new Block.Item("Highest concurrency that stayed OK or DEGRADED with at least 95 % success",
        a.highestHealthy().map(s -> s.concurrency() + " (" + where(s) + ", " + s.status().name() + ", "
            + Fmt.pct(s.successRate()) + " success): " + throughputs(s)).orElse("none: no step was OK or DEGRADED "
            + "with at least 95 % success")));
    items.add(new Block.Item("Throughput stopped growing (SATURATED)", a.saturated().isEmpty()
        ? "not reached: no step was SATURATED"
        : a.saturated().stream().map(t -> {
          StepResult s = t.step();
          String text = "at concurrency " + s.concurrency() + " (" + where(s) + "): " + Fmt.tps(s.throughputTotal())
              + " tok/s total (script)";
          if (t.previous().isPresent()) {
            StepResult p = t.previous().get();
            text += " after " + Fmt.tps(p.throughputTotal()) + " tok/s at concurrency " + p.concurrency();
          }
          return text;
        }).collect(Collectors.joining("; "))));
    items.add(new Block.Item("Requests began to fail (FAILING)", a.failing().isEmpty()
        ? "not reached: no step was FAILING"
        : a.failing().stream().map(s -> "at concurrency " + s.concurrency() + " (" + where(s) + "): "
            + Fmt.pct(s.successRate()) + " success, " + s.statistics().failed() + " of " + s.numRequests()
            + " requests failed" + failureText(s.statistics()))
            .collect(Collectors.joining("; "))));
    items.add(new Block.Item("Peak throughput", peak(a.peakScript(), "script") + "; "
        + peak(a.peakWall(), "wall-clock")));
    for (PhaseResult p : r.phases()) {
      if (p.stoppedEarly()) items.add(new Block.Item(p.name() + " stopped early", p.stopReason()));
    }
    if (!r.completed()) items.add(new Block.Item("Run ended early", r.abortReason()));
    return new Block.Bullets(items);
  }

  private static String peak(Optional<StepResult> step, String kind) {
    return step.map(s -> kind + " " + Fmt.tps(kind.equals("script") ? s.throughputTotal()
        : s.statistics().wallThroughputTotal()) + " tok/s total at concurrency " + s.concurrency() + " (" + where(s)
        + ")").orElse(kind + ": no successful request");
  }

  private static String where(StepResult s) {
    return s.testName() + ", " + s.phase();
  }

  private static String throughputs(StepResult s) {
    return Fmt.tps(s.throughputTotal()) + " tok/s total by the script's rule, "
        + Fmt.tps(s.statistics().wallThroughputTotal()) + " tok/s total and "
        + Fmt.tps(s.statistics().wallThroughputOutput()) + " output tok/s over wall-clock time";
  }

  private static String failureText(StepStatistics s) {
    if (s.failures().isEmpty()) return "";
    return " (" + s.failures().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
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
      rows.add(List.of(s.testName(), s.testType(), Integer.toString(s.concurrency()),
          Integer.toString(st.numRequests()), Integer.toString(st.successful()), Integer.toString(st.failed()),
          Fmt.pct(st.successRate()), Fmt.sec(st.durationSec()), Fmt.sec(st.latencyP50()), Fmt.sec(st.latencyP95()),
          Fmt.sec(st.latencyP99()), Fmt.tps(st.throughputTotal()), Fmt.tps(st.throughputOutput()),
          s.status().name()));
    }
    return new Block.Table(headers, numeric, rows);
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
      LatencySummary l = st.latency();
      rows.add(List.of(s.testName(), Fmt.sec(st.wallClockSec()), Fmt.tps(st.wallThroughputTotal()),
          Fmt.tps(st.wallThroughputOutput()), Long.toString(st.promptTokens()), Long.toString(st.completionTokens()),
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
      s.statistics().stream().ifPresent(st -> rows.add(List.of(s.testName(), Long.toString(st.requests()),
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
      s.statistics().openLoop().ifPresent(o -> rows.add(List.of(s.testName(), o.arrival().label(),
          Fmt.tps(o.targetRatePerSec()), Fmt.tps(o.achievedRatePerSec()),
          o.maxConcurrency() == 0 ? "none" : Integer.toString(o.maxConcurrency()), Fmt.sec(o.sendDelay().p50Sec()),
          Fmt.sec(o.sendDelay().p99Sec()), Fmt.sec(o.sendDelay().maxSec()))));
    }
    if (rows.isEmpty()) return Optional.empty();
    return Optional.of(new Block.Table(List.of("test_name (open loop)", "arrival", "target req/s", "achieved req/s",
        "max in flight", "send delay p50", "send delay p99", "send delay max"),
        new boolean[] {false, false, true, true, true, true, true, true}, rows));
  }

  private static Optional<Block> goodputTable(List<StepResult> steps) {
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : steps) {
      s.statistics().goodput().ifPresent(g -> rows.add(List.of(s.testName(), g.slo(), Long.toString(g.met()),
          Fmt.pct(g.share()), Fmt.tps(g.requestsPerSec()), Fmt.tps(g.outputTokensPerSec()))));
    }
    if (rows.isEmpty()) return Optional.empty();
    return Optional.of(new Block.Table(List.of("test_name (goodput)", "slo", "met", "share", "goodput req/s",
        "goodput output tok/s"), new boolean[] {false, false, true, true, true, true}, rows));
  }

  private static Block failures(BenchmarkResult r) {
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : r.steps()) {
      for (Map.Entry<String, Integer> e : s.statistics().failures().entrySet()) {
        rows.add(List.of(s.phase(), s.testName(), Integer.toString(s.concurrency()), e.getKey(),
            Integer.toString(e.getValue())));
      }
    }
    if (rows.isEmpty()) return new Block.Paragraph("No request failed.");
    return new Block.Table(List.of("phase", "test_name", "concurrency", "cause", "count"),
        new boolean[] {false, false, true, false, true}, rows);
  }

  private static Block legend() {
    return new Block.Table(List.of("Status", "Meaning", "Threshold"), new boolean[3], List.of(
        List.of("OK", "Normal operation", "Success rate >= 95 %, latency acceptable (no other rule matched)"),
        List.of("DEGRADED", "Latency increased", "p99 > 2x baseline p99 (the BASELINE step's latency_p99)"),
        List.of("SATURATED", "Throughput plateau", "throughput_total < 1.05x the previous step's throughput_total"),
        List.of("FAILING", "Requests failing", "Success rate < 95 %")));
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
            + "connection_refused, ...)")));
  }

  /** Glossary rows for the figures only some results have (so a plain result's report stays as it was). */
  private static List<List<String>> extraGlossary(BenchmarkResult r) {
    List<List<String>> rows = new ArrayList<>();
    List<StepStatistics> stats = r.steps().stream().map(StepResult::statistics).toList();
    if (stats.stream().anyMatch(s -> s.stream().isPresent())) {
      rows.add(List.of("stream_cut, malformed_chunk, stream_error", "Stream failures: a stream that ended (or whose "
          + "connection failed) before [DONE] or its finishing chunk; a chunk that was not a JSON object; an error "
          + "object sent inside the stream"));
      rows.add(List.of("TTFT, ITL, TPOT, e2e (streaming)", "Time to the first chunk with non-empty content; every "
          + "gap between consecutive content chunks; (e2e - TTFT) / (output tokens - 1), per request with at least two "
          + "output tokens; time to the last content chunk. TTFT and e2e count from when the request was due to be "
          + "sent (its start, in a closed loop)"));
    }
    if (stats.stream().anyMatch(s -> s.openLoop().isPresent())) {
      rows.add(List.of("open loop", "Requests scheduled at a target rate (constant or Poisson); latency counts from the "
            + "scheduled time, so a request sent late because the client or a concurrency ceiling held it back "
            + "includes that wait (send delay)"));
    }
    if (stats.stream().anyMatch(s -> s.goodput().isPresent())) {
      rows.add(List.of("goodput", "Requests that succeeded within every SLO bound, as a share of the step's requests and "
            + "per second of its wall-clock time"));
    }
    return rows;
  }
}
