package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.ServerMetrics;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The steps of a result as CSV for spreadsheets: a header, then one row per step with every figure. The script's
 * fields come first in the script's order ({@code phase ... status}), then llmbench's: the workload shape,
 * wall-clock figures, the HdrHistogram percentiles, stream, open-loop and goodput figures, the measurement (achieved
 * load, client health) and the server's metrics.
 *
 * <p>RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote or a line break, quotes
 * doubled inside it. Numbers use {@link Locale#ROOT} (a dot for decimals, no grouping) and the JSON's float form;
 * seconds, milliseconds and shares (0..1) are named in the header. A figure that is absent (a step that did not
 * stream, was not measured, had no server metrics) is an empty cell, never 0.
 */
public final class StepsCsv {
  private StepsCsv() {}

  public static void write(BenchmarkResult result, Appendable out) throws IOException {
    List<List<String[]>> rows = new ArrayList<>();
    for (StepResult s : result.steps()) rows.add(row(result, s));
    // A result without steps still gets the header, taken from a blank step.
    List<String[]> header = rows.isEmpty() ? row(result, BLANK) : rows.get(0);
    line(out, header.stream().map(c -> c[0]).toList());
    for (List<String[]> row : rows) line(out, row.stream().map(c -> c[1]).toList());
  }

  private static final StepResult BLANK = new StepResult("", "", io.github.llmbench.api.TestType.TEXT, 1,
      StepStatistics.builder()
      .requests(0, 0, 0)
      .successRate(0)
      .durationSec(0)
      .scriptLatencySec(0, 0, 0)
      .throughput(0, 0)
      .tokens(0, 0)
      .wallClock(0, 0, 0)
      .latency(LatencySummary.EMPTY)
      .failures(java.util.Map.of())
      .build(), io.github.llmbench.api.Verdict.of(
      io.github.llmbench.api.Status.OK, ""), StepMeasurement.UNRECORDED);

  /** The columns of one step as (name, value) pairs. */
  private static List<String[]> row(BenchmarkResult result, StepResult step) {
    Row r = new Row();
    StepStatistics s = step.statistics();
    r.add("phase", step.phase());
    r.add("test_name", step.testName());
    r.add("test_type", step.testType().label());
    r.add("concurrency", step.concurrency());
    r.add("num_requests", s.numRequests());
    r.add("successful", s.successful());
    r.add("failed", s.failed());
    r.add("success_rate", s.successRate());
    r.add("duration_sec", s.script().durationSec());
    r.add("latency_p50", s.script().latencyP50Sec());
    r.add("latency_p95", s.script().latencyP95Sec());
    r.add("latency_p99", s.script().latencyP99Sec());
    r.add("throughput_total", s.script().throughputTotal());
    r.add("throughput_output", s.script().throughputOutput());
    r.add("status", step.status().name());
    r.add("status_reason", step.verdict().reason());
    r.add("workload_shape", WorkloadShape.of(result, step).label());
    r.add("prompt_tokens", s.promptTokens());
    r.add("completion_tokens", s.completionTokens());
    r.add("wall_clock_sec", s.measured().wallClockSec());
    r.add("wall_throughput_total", s.measured().wallThroughputTotal());
    r.add("wall_throughput_output", s.measured().wallThroughputOutput());
    summary(r, "latency_hdr", Optional.of(s.measured().latency()));
    r.add("failures", s.measured().failures().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(";")));
    var stream = s.measured().stream();
    r.add("stream_requests", stream.map(x -> Long.toString(x.requests())).orElse(""));
    r.add("stream_tokens_estimated", stream.map(x -> Boolean.toString(x.tokensEstimated())).orElse(""));
    summary(r, "ttft", stream.map(x -> x.ttft()));
    summary(r, "itl", stream.map(x -> x.itl()));
    summary(r, "tpot", stream.map(x -> x.tpot()));
    summary(r, "e2e", stream.map(x -> x.e2e()));
    var open = s.measured().openLoop();
    r.add("open_loop_arrival", open.map(o -> o.arrival().label()).orElse(""));
    r.add("open_loop_burstiness", open.map(o -> num(o.burstiness())).orElse(""));
    r.add("open_loop_ramp", open.flatMap(o -> o.ramp()).map(Load.Ramp::describe).orElse(""));
    r.add("open_loop_target_rate", open.map(o -> num(o.targetRatePerSec())).orElse(""));
    r.add("open_loop_max_concurrency", open.map(o -> Integer.toString(o.maxConcurrency())).orElse(""));
    r.add("open_loop_achieved_rate", open.map(o -> num(o.achievedRatePerSec())).orElse(""));
    r.add("open_loop_send_delay_p50_sec", open.map(o -> num(o.sendDelay().p50Sec())).orElse(""));
    r.add("open_loop_send_delay_p99_sec", open.map(o -> num(o.sendDelay().p99Sec())).orElse(""));
    r.add("open_loop_send_delay_max_sec", open.map(o -> num(o.sendDelay().maxSec())).orElse(""));
    var good = s.measured().goodput();
    r.add("goodput_slo", good.map(g -> g.slo()).orElse(""));
    r.add("goodput_met", good.map(g -> Long.toString(g.met())).orElse(""));
    r.add("goodput_share", good.map(g -> num(g.share())).orElse(""));
    r.add("goodput_requests_per_sec", good.map(g -> num(g.requestsPerSec())).orElse(""));
    r.add("goodput_output_tokens_per_sec", good.map(g -> num(g.outputTokensPerSec())).orElse(""));

    StepMeasurement m = step.measurement();
    boolean measured = AchievedLoad.measured(step);
    r.add("connection_mode", measured ? m.connectionMode().name().toLowerCase(Locale.ROOT) : "");
    r.add("workers", measured ? Integer.toString(m.workers()) : "");
    r.add("start_spread_ms", measured ? num(m.startSpreadMillis()) : "");
    r.add("trimmed_requests", measured ? Integer.toString(m.trimmedRequests()) : "");
    r.add("max_in_flight", measured ? Integer.toString(m.maxInFlight()) : "");
    r.add("mean_in_flight", measured ? num(m.meanInFlight()) : "");
    r.add("sent_fewer_than_concurrency", Boolean.toString(AchievedLoad.sentFewer(step)));
    Optional<ClientHealth> h = m.clientHealth();
    r.add("client_bound", h.map(x -> Boolean.toString(x.clientBound())).orElse(""));
    r.add("client_reasons", h.map(x -> String.join("; ", x.reasons())).orElse(""));
    r.add("client_send_lag_p50_ms", h.map(x -> num(x.sendLag().p50Millis())).orElse(""));
    r.add("client_send_lag_p99_ms", h.map(x -> num(x.sendLag().p99Millis())).orElse(""));
    r.add("client_send_lag_max_ms", h.map(x -> num(x.sendLag().maxMillis())).orElse(""));
    r.add("client_hiccup_max_ms", h.map(x -> num(x.hiccups().maxMillis())).orElse(""));
    r.add("client_hiccup_p99_ms", h.map(x -> num(x.hiccups().p99Millis())).orElse(""));
    r.add("client_gc_count", h.map(x -> Long.toString(x.gc().count())).orElse(""));
    r.add("client_gc_time_ms", h.map(x -> num(x.gc().timeMillis())).orElse(""));
    r.add("client_gc_share", h.map(x -> num(x.gc().shareOfWindow())).orElse(""));
    r.add("client_cpu_share_of_cores", h.map(x -> num(x.cpu().shareOfCores())).orElse(""));
    r.add("client_cpus", h.map(x -> Integer.toString(x.cpu().availableProcessors())).orElse(""));
    Optional<ServerMetrics> sm = m.serverMetrics();
    r.add("server_scrapes", sm.map(x -> Integer.toString(x.scrapes())).orElse(""));
    r.add("server_running_max", sm.map(x -> num(x.runningRequestsMax())).orElse(""));
    r.add("server_running_mean", sm.map(x -> num(x.runningRequestsMean())).orElse(""));
    r.add("server_waiting_max", sm.map(x -> num(x.waitingRequestsMax())).orElse(""));
    r.add("server_waiting_mean", sm.map(x -> num(x.waitingRequestsMean())).orElse(""));
    r.add("server_kv_cache_max_share", sm.map(x -> num(x.kvCacheUsageMaxFraction())).orElse(""));
    r.add("server_kv_cache_mean_share", sm.map(x -> num(x.kvCacheUsageMeanFraction())).orElse(""));
    r.add("server_preemptions", sm.map(x -> num(x.preemptions())).orElse(""));
    r.add("server_prompt_tokens", sm.map(x -> num(x.promptTokens())).orElse(""));
    r.add("server_generation_tokens", sm.map(x -> num(x.generationTokens())).orElse(""));
    r.add("server_succeeded_requests", sm.map(x -> num(x.succeededRequests())).orElse(""));
    estimate(r, "server_queue", sm.flatMap(ServerMetrics::queueTime));
    estimate(r, "server_ttft", sm.flatMap(ServerMetrics::timeToFirstToken));
    estimate(r, "server_e2e", sm.flatMap(ServerMetrics::endToEnd));
    return r.cells;
  }

  private static void summary(Row r, String prefix, Optional<LatencySummary> l) {
    r.add(prefix + "_count", l.map(x -> Long.toString(x.count())).orElse(""));
    r.add(prefix + "_min_sec", l.map(x -> num(x.minSec())).orElse(""));
    r.add(prefix + "_mean_sec", l.map(x -> num(x.meanSec())).orElse(""));
    r.add(prefix + "_stddev_sec", l.map(x -> num(x.stddevSec())).orElse(""));
    r.add(prefix + "_p50_sec", l.map(x -> num(x.p50Sec())).orElse(""));
    r.add(prefix + "_p90_sec", l.map(x -> num(x.p90Sec())).orElse(""));
    r.add(prefix + "_p95_sec", l.map(x -> num(x.p95Sec())).orElse(""));
    r.add(prefix + "_p99_sec", l.map(x -> num(x.p99Sec())).orElse(""));
    r.add(prefix + "_p999_sec", l.map(x -> num(x.p999Sec())).orElse(""));
    r.add(prefix + "_max_sec", l.map(x -> num(x.maxSec())).orElse(""));
  }

  private static void estimate(Row r, String prefix, Optional<ServerMetrics.LatencyEstimate> e) {
    r.add(prefix + "_count", e.map(x -> Long.toString(x.count())).orElse(""));
    r.add(prefix + "_mean_sec", e.map(x -> num(x.meanSec())).orElse(""));
    // The bucket each percentile lies in; the last bucket's upper bound is Infinity.
    r.add(prefix + "_p50_bucket_lower_sec", e.map(x -> num(x.p50().lowerSec())).orElse(""));
    r.add(prefix + "_p50_bucket_upper_sec", e.map(x -> num(x.p50().upperSec())).orElse(""));
    r.add(prefix + "_p99_bucket_lower_sec", e.map(x -> num(x.p99().lowerSec())).orElse(""));
    r.add(prefix + "_p99_bucket_upper_sec", e.map(x -> num(x.p99().upperSec())).orElse(""));
  }

  private static String num(double v) {
    return PythonFloat.repr(v);
  }

  private static String num(OptionalDouble v) {
    return v.isPresent() ? num(v.getAsDouble()) : "";
  }

  private static String num(OptionalLong v) {
    return v.isPresent() ? Long.toString(v.getAsLong()) : "";
  }

  private static void line(Appendable out, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) out.append(',');
      out.append(quote(fields.get(i)));
    }
    out.append("\r\n");
  }

  /** RFC 4180: quoted when the field holds a comma, a quote or a line break; quotes doubled. */
  static String quote(String field) {
    boolean needs = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
        || field.indexOf('\r') >= 0;
    return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }

  private static final class Row {
    final List<String[]> cells = new ArrayList<>();

    void add(String name, String value) {
      cells.add(new String[] {name, value});
    }

    void add(String name, long value) {
      add(name, Long.toString(value));
    }

    void add(String name, double value) {
      add(name, num(value));
    }
  }
}
