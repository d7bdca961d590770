package io.github.llmbench.report.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Goodput;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepSamples;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.StreamStatistics;
import io.github.llmbench.api.TestType;
import io.github.llmbench.api.Verdict;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a JSON file written by {@link JsonResultWriter} back into an equal {@link BenchmarkResult}, or a plain
 * unified-script file holding only {@code {"results": [...]}}: missing extras become zeros and empties, and phases
 * are the runs of consecutive steps with the same {@code phase}.
 *
 * <p>A bad value fails with an {@link IllegalArgumentException} naming the field path and the value, e.g.
 * {@code results[2].concurrency ("x") should be an integer}.
 */
public final class JsonResultReader {
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonResultReader() {}

  /**
   * @throws IOException if the text is not JSON
   * @throws IllegalArgumentException if a field is missing or has the wrong type
   */
  public static BenchmarkResult read(Reader in) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new IOException("not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr()), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the top level (" + kind(root) + ") should be an object with \"results\"");
    }
    return result(root);
  }

  private static BenchmarkResult result(JsonNode root) {
    JsonNode results = root.get("results");
    if (results == null || !results.isArray()) {
      throw new IllegalArgumentException("results (" + kind(results) + ") should be an array");
    }
    List<StepResult> steps = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) steps.add(step(results.get(i), "results[" + i + "]"));

    JsonNode run = root.get("run");
    if (run == null || run.isNull()) {
      return new BenchmarkResult("", "", "", Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH,
          groupConsecutive(steps), BenchmarkResult.AbortReason.NONE, 0, java.util.Optional.empty());
    }
    requireObject(run, "run");
    List<BenchmarkResult.PhaseResult> phases = phases(run, steps);
    return new BenchmarkResult(text(run, "name", "run"), text(run, "base_url", "run"), text(run, "model", "run"),
        stringMap(run, "settings", "run"), stringMap(run, "environment", "run"),
        instant(run, "started_at", "run"), instant(run, "finished_at", "run"), phases,
        abortReason(run), integer(run, "sink_failures", "run"), preflight(run), RunPlanJson.read(run));
  }

  /** {@code abort_reason} with its {@code abort_kind}; a file without the kind is read by the message. */
  private static BenchmarkResult.AbortReason abortReason(JsonNode run) {
    String message = text(run, "abort_reason", "run");
    JsonNode kind = run.get("abort_kind");
    try {
      return kind == null || kind.isNull() ? BenchmarkResult.AbortReason.of(message)
          : BenchmarkResult.AbortReason.of(kind.asText(), message);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("run." + e.getMessage());
    }
  }

  private static List<BenchmarkResult.PhaseResult> phases(JsonNode run, List<StepResult> steps) {
    JsonNode phases = run.get("phases");
    if (phases == null || phases.isNull()) return groupConsecutive(steps);
    if (!phases.isArray()) throw new IllegalArgumentException("run.phases (" + kind(phases) + ") should be an array");
    List<BenchmarkResult.PhaseResult> out = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < phases.size(); i++) {
      String path = "run.phases[" + i + "]";
      JsonNode p = requireObject(phases.get(i), path);
      String name = text(p, "name", path);
      int count;
      if (p.hasNonNull("step_count")) {
        count = (int) integer(p, "step_count", path);
        if (count < 0 || next + count > steps.size()) {
          throw new IllegalArgumentException(path + ".step_count (" + count + ") exceeds the " + (steps.size() - next)
              + " results left");
        }
      } else {
        count = 0;
        while (next + count < steps.size() && steps.get(next + count).phase().equals(name)) count++;
      }
      out.add(new BenchmarkResult.PhaseResult(name, steps.subList(next, next + count),
          optionalText(p, "stop_reason", path)));
      next += count;
    }
    if (next != steps.size()) {
      throw new IllegalArgumentException("run.phases account for " + next + " of the " + steps.size() + " results");
    }
    return out;
  }

  private static List<BenchmarkResult.PhaseResult> groupConsecutive(List<StepResult> steps) {
    List<BenchmarkResult.PhaseResult> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= steps.size(); i++) {
      if (i == steps.size() || !steps.get(i).phase().equals(steps.get(start).phase())) {
        out.add(new BenchmarkResult.PhaseResult(steps.get(start).phase(), steps.subList(start, i), ""));
        start = i;
      }
    }
    return out;
  }

  private static StepResult step(JsonNode node, String path) {
    requireObject(node, path);
    int successful = (int) integer(node, "successful", path);
    int failed = (int) integer(node, "failed", path);
    LatencySummary hdr = LatencySummary.EMPTY;
    JsonNode h = node.get("latency_hdr");
    if (h != null && !h.isNull()) hdr = summary(h, path + ".latency_hdr");
    Map<String, Integer> failures = new TreeMap<>();
    JsonNode f = node.get("failures");
    if (f != null && !f.isNull()) {
      requireObject(f, path + ".failures");
      for (Map.Entry<String, JsonNode> e : f.properties()) {
        failures.put(e.getKey(), (int) integer(f, e.getKey(), path + ".failures"));
      }
    }
    StepStatistics stats = StepStatistics.builder()
        .requests((int) integer(node, "num_requests", path), successful, failed)
        .successRate(number(node, "success_rate", path))
        .durationSec(number(node, "duration_sec", path))
        .scriptLatencySec(number(node, "latency_p50", path), number(node, "latency_p95", path),
            number(node, "latency_p99", path))
        .throughput(number(node, "throughput_total", path), number(node, "throughput_output", path))
        .tokens(optionalInteger(node, "prompt_tokens", path), optionalInteger(node, "completion_tokens", path))
        .wallClock(optionalNumber(node, "wall_clock_sec", path), optionalNumber(node, "wall_throughput_total", path),
            optionalNumber(node, "wall_throughput_output", path))
        .latency(hdr)
        .failures(failures)
        .build()
        .withExtras(stream(node, path), openLoop(node, path), goodput(node, path))
        .withReasoning(reasoning(node, path))
        .withSamples(samples(node, path));
    Verdict verdict = new Verdict(status(node, path), optionalText(node, "status_reason", path),
        RulesJson.read(node.get("rules"), path + ".rules"));
    TestType type;
    try {
      type = TestType.ofLabel(text(node, "test_type", path));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + "." + e.getMessage());
    }
    return new StepResult(text(node, "phase", path), text(node, "test_name", path), type,
        (int) integer(node, "concurrency", path), stats, verdict, measurement(node, path));
  }

  private static StepMeasurement measurement(JsonNode node, String path) {
    JsonNode m = node.get("measurement");
    if (m == null || m.isNull()) return StepMeasurement.UNRECORDED;
    return MeasurementJson.read(m, path + ".measurement");
  }

  private static Optional<BenchmarkResult.Preflight> preflight(JsonNode run) {
    JsonNode p = run.get("preflight");
    if (p == null || p.isNull()) return Optional.empty();
    String pp = "run.preflight";
    requireObject(p, pp);
    return Optional.of(new BenchmarkResult.Preflight(Math.round(number(p, "duration_ms", pp) * 1e6),
        (int) integer(p, "models_status", pp),
        (int) integer(p, "requests_sent", pp), Math.round(number(p, "latency_ms", pp) * 1e6), bool(p, "succeeded", pp),
        (int) integer(p, "http_status", pp), optionalText(p, "detail", pp)));
  }

  private static Load.Arrival arrival(String text, String path) {
    for (Load.Arrival a : Load.Arrival.values()) {
      if (a.label().equals(text)) return a;
    }
    throw new IllegalArgumentException(path + ".arrival (\"" + text + "\") should be \"constant\", \"poisson\", "
        + "\"gamma\" or \"trace\"");
  }

  private static LatencySummary summary(JsonNode h, String hp) {
    requireObject(h, hp);
    return new LatencySummary(integer(h, "count", hp), number(h, "min_sec", hp), number(h, "mean_sec", hp),
        number(h, "stddev_sec", hp), number(h, "p50_sec", hp), number(h, "p90_sec", hp), number(h, "p95_sec", hp),
        number(h, "p99_sec", hp), number(h, "p999_sec", hp), number(h, "max_sec", hp));
  }

  private static Optional<StreamStatistics> stream(JsonNode node, String path) {
    JsonNode s = node.get("stream");
    if (s == null || s.isNull()) return Optional.empty();
    String sp = path + ".stream";
    requireObject(s, sp);
    return Optional.of(new StreamStatistics(integer(s, "requests", sp), summary(required(s, "ttft", sp), sp + ".ttft"),
        summary(required(s, "itl", sp), sp + ".itl"), summary(required(s, "tpot", sp), sp + ".tpot"),
        summary(required(s, "e2e", sp), sp + ".e2e"), bool(s, "tokens_estimated", sp)));
  }

  private static Optional<StepStatistics.ReasoningFigures> reasoning(JsonNode node, String path) {
    JsonNode r = node.get("reasoning");
    if (r == null || r.isNull()) return Optional.empty();
    String rp = path + ".reasoning";
    requireObject(r, rp);
    JsonNode ids = required(r, "unanswered_ids", rp);
    if (!ids.isArray()) throw bad(rp, "unanswered_ids", ids, "an array of request ids");
    List<String> named = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (!ids.get(i).isTextual()) throw bad(rp, "unanswered_ids[" + i + "]", ids.get(i), "a request id");
      named.add(ids.get(i).asText());
    }
    try {
      return Optional.of(new StepStatistics.ReasoningFigures(integer(r, "requests", rp),
          integer(r, "reasoning_tokens", rp), integer(r, "answer_tokens", rp), bool(r, "tokens_estimated", rp),
          integer(r, "unanswered", rp), integer(r, "unanswered_at_limit", rp), named,
          summary(required(r, "first_output", rp), rp + ".first_output")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(rp + ": " + e.getMessage(), e);
    }
  }

  private static Optional<OpenLoopStatistics> openLoop(JsonNode node, String path) {
    JsonNode o = node.get("open_loop");
    if (o == null || o.isNull()) return Optional.empty();
    String op = path + ".open_loop";
    requireObject(o, op);
    double burstiness = o.hasNonNull("burstiness") ? number(o, "burstiness", op) : 1;
    return Optional.of(new OpenLoopStatistics(arrival(text(o, "arrival", op), op), burstiness,
        number(o, "target_rate", op), ramp(o, op), (int) integer(o, "max_concurrency", op),
        number(o, "achieved_rate", op), summary(required(o, "send_delay", op), op + ".send_delay")));
  }

  private static Optional<Load.Ramp> ramp(JsonNode open, String path) {
    JsonNode r = open.get("ramp");
    if (r == null || r.isNull()) return Optional.empty();
    String rp = path + ".ramp";
    requireObject(r, rp);
    String shape = text(r, "shape", rp);
    for (Load.Ramp.Shape s : Load.Ramp.Shape.values()) {
      if (s.label().equals(shape)) {
        return Optional.of(new Load.Ramp(s, number(r, "from_rate", rp),
            Duration.ofNanos(Math.round(number(r, "over_sec", rp) * 1e9))));
      }
    }
    throw new IllegalArgumentException(rp + ".shape (\"" + shape + "\") should be \"linear\" or \"exponential\"");
  }

  private static Optional<Goodput> goodput(JsonNode node, String path) {
    JsonNode g = node.get("goodput");
    if (g == null || g.isNull()) return Optional.empty();
    String gp = path + ".goodput";
    requireObject(g, gp);
    return Optional.of(new Goodput(text(g, "slo", gp), integer(g, "met", gp), number(g, "share", gp),
        number(g, "requests_per_sec", gp), number(g, "output_tokens_per_sec", gp)));
  }

  private static Optional<StepSamples> samples(JsonNode node, String path) {
    JsonNode s = node.get("samples");
    if (s == null || s.isNull()) return Optional.empty();
    String sp = path + ".samples";
    requireObject(s, sp);
    try {
      return Optional.of(new StepSamples(longs(s, "latency_nanos", sp), longs(s, "output_tokens", sp),
          longs(s, "ttft_nanos", sp), longs(s, "tpot_nanos", sp), longs(s, "first_output_nanos", sp)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(sp + ": " + e.getMessage(), e);
    }
  }

  private static long[] longs(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return new long[0];
    if (!v.isArray()) throw bad(path, field, v, "an array of integers");
    long[] out = new long[v.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode item = v.get(i);
      if (!item.isIntegralNumber() || !item.canConvertToLong()) {
        throw bad(path, field + "[" + i + "]", item, "an integer");
      }
      out[i] = item.longValue();
    }
    return out;
  }

  static boolean bool(JsonNode node, String field, String path) {
    JsonNode v = required(node, field, path);
    if (!v.isBoolean()) throw bad(path, field, v, "true or false");
    return v.booleanValue();
  }

  private static Status status(JsonNode node, String path) {
    String value = text(node, "status", path);
    try {
      return Status.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ".status (\"" + value + "\") should be one of "
          + Arrays.toString(Status.values()), e);
    }
  }

  static JsonNode required(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) throw new IllegalArgumentException(path + "." + field + " is missing");
    return v;
  }

  static String text(JsonNode node, String field, String path) {
    JsonNode v = required(node, field, path);
    if (!v.isTextual()) throw bad(path, field, v, "a string");
    return v.textValue();
  }

  static String optionalText(JsonNode node, String field, String path) {
    return node.hasNonNull(field) ? text(node, field, path) : "";
  }

  static long integer(JsonNode node, String field, String path) {
    JsonNode v = required(node, field, path);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) throw bad(path, field, v, "an integer");
    return v.longValue();
  }

  static long optionalInteger(JsonNode node, String field, String path) {
    return node.hasNonNull(field) ? integer(node, field, path) : 0;
  }

  static double number(JsonNode node, String field, String path) {
    JsonNode v = required(node, field, path);
    if (!v.isNumber()) throw bad(path, field, v, "a number");
    return v.doubleValue();
  }

  static double optionalNumber(JsonNode node, String field, String path) {
    return node.hasNonNull(field) ? number(node, field, path) : 0.0;
  }

  private static Instant instant(JsonNode node, String field, String path) {
    String value = text(node, field, path);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(path + "." + field + " (\"" + value + "\") should be an ISO-8601 instant", e);
    }
  }

  private static Map<String, String> stringMap(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return Map.of();
    requireObject(v, path + "." + field);
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      out.put(e.getKey(), text(v, e.getKey(), path + "." + field));
    }
    return out;
  }

  static JsonNode requireObject(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(path + " (" + kind(node) + ") should be an object");
    }
    return node;
  }

  private static IllegalArgumentException bad(String path, String field, JsonNode v, String expected) {
    return new IllegalArgumentException(path + "." + field + " (" + abbreviate(v.toString()) + ") should be "
        + expected);
  }

  static String kind(JsonNode node) {
    if (node == null) return "missing";
    return abbreviate(node.toString());
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
