package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.CapacitySearch;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.core.StepNotes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the JSON tree of a result: {@code {"results": [...]}} exactly as the unified script writes it, with the
 * library's figures after the script's fields in each step and the run's description in extra top-level keys.
 *
 * <p>Python quirks kept on purpose: with no successful request the script's percentiles are the int {@code 0}; with
 * no result at all its duration is the int {@code 1}; rates and throughputs are always floats.
 */
public final class JsonResultWriter {
  /** Bumped when a key is renamed or removed; new keys do not bump it. */
  public static final int SCHEMA_VERSION = 1;

  private JsonResultWriter() {}

  public static void write(BenchmarkResult result, Appendable out) throws IOException {
    PythonJson.write(tree(result), out);
  }

  static Map<String, Object> tree(BenchmarkResult result) {
    Map<String, Object> root = new LinkedHashMap<>();
    List<Object> results = new ArrayList<>();
    for (StepResult step : result.steps()) results.add(step(step));
    root.put("results", results);
    root.put("schema_version", SCHEMA_VERSION);
    root.put("llmbench_version", llmbenchVersion(result));
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("name", result.name());
    run.put("base_url", result.baseUrl());
    run.put("model", result.model());
    run.put("settings", new LinkedHashMap<String, Object>(result.settings()));
    run.put("environment", new LinkedHashMap<String, Object>(result.environment()));
    run.put("started_at", result.startedAt().toString());
    run.put("finished_at", result.finishedAt().toString());
    run.put("abort_reason", result.abortReason().message());
    run.put("abort_kind", result.abortReason().kind().name().toLowerCase(java.util.Locale.ROOT));
    run.put("sink_failures", result.sinkFailures());
    List<Object> phases = new ArrayList<>();
    for (BenchmarkResult.PhaseResult phase : result.phases()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("name", phase.name());
      p.put("stop_reason", phase.stopReason());
      p.put("step_count", phase.steps().size());
      phases.add(p);
    }
    run.put("phases", phases);
    result.preflight().ifPresent(p -> {
      Map<String, Object> pre = new LinkedHashMap<>();
      pre.put("duration_ms", p.durationNanos() / 1e6);
      pre.put("models_status", p.modelsStatus());
      pre.put("requests_sent", p.requestsSent());
      pre.put("latency_ms", p.latencyNanos() / 1e6);
      pre.put("succeeded", p.succeeded());
      pre.put("http_status", p.httpStatus());
      pre.put("detail", p.detail());
      run.put("preflight", pre);
    });
    if (result.plan().recorded()) run.put("plan", RunPlanJson.write(result.plan()));
    root.put("run", run);
    SearchSection.estimate(result).ifPresent(e -> root.put("capacity_search", capacitySearch(e)));
    return root;
  }

  /** The {@code llmbench_version} environment entry if the engine recorded one, else this jar's version. */
  public static String llmbenchVersion(BenchmarkResult result) {
    String recorded = result.environment().get("llmbench_version");
    if (recorded != null) return recorded;
    String own = JsonResultWriter.class.getPackage().getImplementationVersion();
    return own == null ? "unknown" : own;
  }

  private static Map<String, Object> step(StepResult step) {
    StepStatistics s = step.statistics();
    boolean noSuccess = s.successful() == 0;
    boolean noResult = s.successful() + s.failed() == 0;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("phase", step.phase());
    m.put("test_name", step.testName());
    m.put("test_type", step.testType().label());
    m.put("concurrency", step.concurrency());
    m.put("num_requests", s.numRequests());
    m.put("successful", s.successful());
    m.put("failed", s.failed());
    m.put("success_rate", s.successRate());
    // The script writes the int 1 as the duration of a step without results.
    boolean scriptOne = noResult && Double.compare(s.script().durationSec(), 1.0) == 0;
    m.put("duration_sec", scriptOne ? (Object) 1 : (Object) s.script().durationSec());
    m.put("latency_p50", scriptLatency(noSuccess, s.script().latencyP50Sec()));
    m.put("latency_p95", scriptLatency(noSuccess, s.script().latencyP95Sec()));
    m.put("latency_p99", scriptLatency(noSuccess, s.script().latencyP99Sec()));
    m.put("throughput_total", s.script().throughputTotal());
    m.put("throughput_output", s.script().throughputOutput());
    m.put("status", step.status().name());
    // The library's figures, after the script's.
    m.put("status_reason", step.verdict().reason());
    if (!step.verdict().rules().isEmpty()) {
      m.put("marginal", step.verdict().marginal());
      m.put("rules", RulesJson.write(step.verdict().rules()));
    }
    // No answer said how many tokens it had: llmbench's own token figures are unknown (null), never 0. The
    // script's throughput fields above keep its 0.
    boolean unknown = StepNotes.tokensUnknown(step);
    m.put("prompt_tokens", unknown ? null : (Object) s.promptTokens());
    // Answers without usage: their prompt estimated from its text, under a name that says so, never a 0.
    int withoutUsage = step.measurement().answersWithoutUsage();
    step.measurement().requestShape().filter(shape -> withoutUsage > 0)
        .ifPresent(shape -> m.put("prompt_tokens_estimated_without_usage",
            (long) withoutUsage * shape.promptTokensEstimate()));
    m.put("completion_tokens", unknown ? null : (Object) s.completionTokens());
    m.put("wall_clock_sec", s.measured().wallClockSec());
    m.put("wall_throughput_total", unknown ? null : (Object) s.measured().wallThroughputTotal());
    m.put("wall_throughput_output", unknown ? null : (Object) s.measured().wallThroughputOutput());
    m.put("latency_hdr", summary(s.measured().latency()));
    m.put("failures", new LinkedHashMap<String, Object>(s.measured().failures()));
    // Present only when the step had them, so a plain closed-loop result stays byte-identical.
    s.measured().stream().ifPresent(st -> {
      Map<String, Object> stream = new LinkedHashMap<>();
      stream.put("requests", st.requests());
      stream.put("tokens_estimated", st.tokensEstimated());
      stream.put("ttft", summary(st.ttft()));
      stream.put("itl", summary(st.itl()));
      stream.put("tpot", summary(st.tpot()));
      stream.put("e2e", summary(st.e2e()));
      m.put("stream", stream);
    });
    s.measured().reasoning().ifPresent(r -> {
      Map<String, Object> reasoning = new LinkedHashMap<>();
      reasoning.put("requests", r.requests());
      reasoning.put("reasoning_tokens", r.reasoningTokens());
      reasoning.put("answer_tokens", r.answerTokens());
      reasoning.put("tokens_estimated", r.tokensEstimated());
      reasoning.put("unanswered", r.unanswered());
      reasoning.put("unanswered_at_limit", r.unansweredAtLimit());
      reasoning.put("unanswered_ids", new ArrayList<Object>(r.unansweredIds()));
      reasoning.put("first_output", summary(r.firstOutput()));
      m.put("reasoning", reasoning);
    });
    s.measured().openLoop().ifPresent(o -> {
      Map<String, Object> open = new LinkedHashMap<>();
      open.put("arrival", o.arrival().label());
      if (o.arrival() == Load.Arrival.GAMMA) open.put("burstiness", o.burstiness());
      open.put("target_rate", o.targetRatePerSec());
      o.ramp().ifPresent(r -> {
        Map<String, Object> ramp = new LinkedHashMap<>();
        ramp.put("shape", r.shape().label());
        ramp.put("from_rate", r.fromRatePerSec());
        ramp.put("over_sec", r.overSec());
        open.put("ramp", ramp);
      });
      open.put("max_concurrency", o.maxConcurrency());
      open.put("achieved_rate", o.achievedRatePerSec());
      open.put("send_delay", summary(o.sendDelay()));
      m.put("open_loop", open);
    });
    StepMeasurement me = step.measurement();
    // Hand-built results carry no measurement; a run always records one.
    if (!me.equals(StepMeasurement.UNRECORDED)) {
      m.put("measurement", MeasurementJson.write(me));
      m.put("notes", new ArrayList<Object>(StepNotes.of(step)));
    }
    s.measured().goodput().ifPresent(g -> {
      Map<String, Object> good = new LinkedHashMap<>();
      good.put("slo", g.slo());
      good.put("met", g.met());
      good.put("share", g.share());
      good.put("requests_per_sec", g.requestsPerSec());
      good.put("output_tokens_per_sec", g.outputTokensPerSec());
      m.put("goodput", good);
    });
    // The successful requests' own values, for intervals and run comparison (llmbench's, never the script's).
    s.measured().samples().ifPresent(sm -> {
      Map<String, Object> samples = new LinkedHashMap<>();
      samples.put("latency_nanos", longs(sm.latencyNanos()));
      samples.put("output_tokens", longs(sm.outputTokens()));
      samples.put("ttft_nanos", longs(sm.ttftNanos()));
      samples.put("tpot_nanos", longs(sm.tpotNanos()));
      if (sm.firstOutputNanos().length > 0) samples.put("first_output_nanos", longs(sm.firstOutputNanos()));
      m.put("samples", samples);
    });
    return m;
  }

  private static List<Object> longs(long[] values) {
    List<Object> out = new ArrayList<>(values.length);
    for (long v : values) out.add(v);
    return out;
  }

  private static Map<String, Object> summary(LatencySummary l) {
    Map<String, Object> hdr = new LinkedHashMap<>();
    hdr.put("count", l.count());
    hdr.put("min_sec", l.minSec());
    hdr.put("mean_sec", l.meanSec());
    hdr.put("stddev_sec", l.stddevSec());
    hdr.put("p50_sec", l.p50Sec());
    hdr.put("p90_sec", l.p90Sec());
    hdr.put("p95_sec", l.p95Sec());
    hdr.put("p99_sec", l.p99Sec());
    hdr.put("p999_sec", l.p999Sec());
    hdr.put("max_sec", l.maxSec());
    return hdr;
  }

  /** The script writes {@code 0} (an int) for every percentile when nothing succeeded. */
  private static Object scriptLatency(boolean noSuccess, double value) {
    return noSuccess && Double.compare(value, 0.0) == 0 ? (Object) 0 : (Object) value;
  }

  /** A search's answer, for tools (a report reading the file back recomputes it from the steps and settings). */
  private static Map<String, Object> capacitySearch(io.github.llmbench.api.CapacitySearch.Estimate e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("axis", e.axis().name().toLowerCase(java.util.Locale.ROOT));
    m.put("target_attainment", e.targetAttainment());
    m.put("confidence_level", e.confidenceLevel());
    m.put("boundary", e.boundary().isPresent() ? e.boundary().getAsDouble() : null);
    m.put("lower_bound", e.lowerBound().isPresent() ? e.lowerBound().getAsDouble() : null);
    m.put("first_missing", e.firstMissing().isPresent() ? e.firstMissing().getAsDouble() : null);
    m.put("shape", e.shape().name().toLowerCase(java.util.Locale.ROOT));
    m.put("end", e.end().name().toLowerCase(java.util.Locale.ROOT));
    m.put("answer", e.describe());
    m.put("probes", e.probes());
    m.put("requests", e.requests());
    List<Object> levels = new ArrayList<>();
    for (io.github.llmbench.api.CapacitySearch.Probe p : e.levels()) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("level", p.level());
      l.put("steps", p.steps());
      l.put("requests", p.requests());
      l.put("met", p.met());
      l.put("attainment", p.attainment().estimate());
      l.put("ci_lower", p.attainment().lower());
      l.put("ci_upper", p.attainment().upper());
      l.put("judgement", p.judgement().name().toLowerCase(java.util.Locale.ROOT));
      l.put("client_bound", p.clientBound());
      levels.add(l);
    }
    m.put("levels", levels);
    return m;
  }
}
