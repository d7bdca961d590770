package io.github.llmbench.report.internal;

import static io.github.llmbench.report.internal.JsonResultReader.bool;
import static io.github.llmbench.report.internal.JsonResultReader.integer;
import static io.github.llmbench.report.internal.JsonResultReader.number;
import static io.github.llmbench.report.internal.JsonResultReader.optionalNumber;
import static io.github.llmbench.report.internal.JsonResultReader.requireObject;
import static io.github.llmbench.report.internal.JsonResultReader.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.RequestShape;
import io.github.llmbench.api.ServerMetrics;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.Trim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A step's {@code "measurement"} object in the result JSON, written and read back: connection mode, workers, start
 * spread, trimming, achieved load, the client's self-check and the server's metrics. Absent figures are
 * {@code null}, never 0.
 */
final class MeasurementJson {
  private MeasurementJson() {}

  static Map<String, Object> write(StepMeasurement me) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("connection_mode", me.connectionMode().name().toLowerCase(Locale.ROOT));
    me.transport().ifPresent(t -> m.put("transport", t.label()));
    m.put("workers", me.workers());
    m.put("start_spread_ms", me.startSpreadNanos() / 1e6);
    m.put("max_in_flight", me.maxInFlight());
    m.put("mean_in_flight", me.meanInFlight());
    m.put("trimmed_requests", me.trimmedRequests());
    if (!me.trim().isNone()) {
      Map<String, Object> trim = new LinkedHashMap<>();
      trim.put("warmup_requests", me.trim().warmupRequests());
      trim.put("cooldown_requests", me.trim().cooldownRequests());
      trim.put("warmup_share", me.trim().warmupShare());
      trim.put("cooldown_share", me.trim().cooldownShare());
      m.put("trim", trim);
    }
    m.put("answers_not_streamed", me.answersNotStreamed());
    m.put("answers_without_usage", me.answersWithoutUsage());
    me.requestShape().ifPresent(shape -> {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("prompt_tokens_estimate", shape.promptTokensEstimate());
      r.put("max_tokens", shape.maxTokens());
      r.put("images", shape.images());
      m.put("request_shape", r);
    });
    me.clientHealth().ifPresent(h -> m.put("client", health(h)));
    me.serverMetrics().ifPresent(s -> m.put("server_metrics", server(s)));
    return m;
  }

  private static Map<String, Object> health(ClientHealth h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("client_bound", h.clientBound());
    m.put("reasons", new ArrayList<Object>(h.reasons()));
    m.put("window_ms", h.windowMillis());
    m.put("send_lag_samples", h.sendLag().samples());
    m.put("send_lag_p50_ms", h.sendLag().p50Millis());
    m.put("send_lag_p99_ms", h.sendLag().p99Millis());
    m.put("send_lag_max_ms", h.sendLag().maxMillis());
    m.put("hiccup_max_ms", h.hiccups().maxMillis());
    m.put("hiccup_p99_ms", h.hiccups().p99Millis());
    m.put("hiccup_p999_ms", h.hiccups().p999Millis());
    m.put("hiccup_total_ms", h.hiccups().totalMillis());
    m.put("gc_count", h.gc().count());
    m.put("gc_time_ms", h.gc().timeMillis());
    m.put("gc_share", h.gc().shareOfWindow());
    m.put("gc_max_pause_ms", orNull(h.gc().maxPauseMillis()));
    m.put("cpu_share_of_cores", orNull(h.cpu().shareOfCores()));
    m.put("cpus", h.cpu().availableProcessors());
    m.put("system_load", orNull(h.cpu().systemLoadAverage()));
    List<Object> bounds = new ArrayList<>();
    for (ClientHealth.FigureBound b : h.bounds()) {
      Map<String, Object> fb = new LinkedHashMap<>();
      fb.put("figure", b.figure().name().toLowerCase(Locale.ROOT));
      fb.put("value_ms", b.valueMillis());
      fb.put("bound_ms", b.boundMillis());
      bounds.add(fb);
    }
    m.put("figure_bounds", bounds);
    return m;
  }

  private static Map<String, Object> server(ServerMetrics s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", s.source());
    m.put("scrapes", s.scrapes());
    m.put("window_ms", s.window().toNanos() / 1e6);
    m.put("running_max", orNull(s.runningRequestsMax()));
    m.put("running_mean", orNull(s.runningRequestsMean()));
    m.put("waiting_max", orNull(s.waitingRequestsMax()));
    m.put("waiting_mean", orNull(s.waitingRequestsMean()));
    m.put("kv_cache_max", orNull(s.kvCacheUsageMaxFraction()));
    m.put("kv_cache_mean", orNull(s.kvCacheUsageMeanFraction()));
    m.put("preemptions", orNull(s.preemptions()));
    m.put("prompt_tokens", orNull(s.promptTokens()));
    m.put("generation_tokens", orNull(s.generationTokens()));
    m.put("succeeded_requests", orNull(s.succeededRequests()));
    m.put("prefix_cache_queries", orNull(s.prefixCacheQueries()));
    m.put("prefix_cache_hits", orNull(s.prefixCacheHits()));
    m.put("queue_time", estimate(s.queueTime()));
    m.put("ttft", estimate(s.timeToFirstToken()));
    m.put("e2e", estimate(s.endToEnd()));
    return m;
  }

  private static Object estimate(Optional<ServerMetrics.LatencyEstimate> e) {
    if (e.isEmpty()) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", e.get().count());
    m.put("mean_sec", e.get().meanSec());
    m.put("p50_bucket_sec", bucket(e.get().p50()));
    m.put("p99_bucket_sec", bucket(e.get().p99()));
    return m;
  }

  /** {@code {"lower": 0.5, "upper": 0.8}}; the last bucket's upper is null (+Inf; JSON has no infinity). */
  private static Map<String, Object> bucket(ServerMetrics.BucketRange b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lower", b.lowerSec());
    m.put("upper", b.hasUpper() ? (Object) b.upperSec() : null);
    return m;
  }

  private static Object orNull(OptionalDouble v) {
    return v.isPresent() ? (Object) v.getAsDouble() : null;
  }

  private static Object orNull(OptionalLong v) {
    return v.isPresent() ? (Object) v.getAsLong() : null;
  }

  static StepMeasurement read(JsonNode m, String mp) {
    requireObject(m, mp);
    String mode = text(m, "connection_mode", mp);
    ClientSettings.ConnectionMode connectionMode = switch (mode) {
      case "warm" -> ClientSettings.ConnectionMode.WARM;
      case "new_per_request" -> ClientSettings.ConnectionMode.NEW_PER_REQUEST;
      default -> throw new IllegalArgumentException(mp + ".connection_mode (\"" + mode
          + "\") should be \"warm\" or \"new_per_request\"");
    };
    Trim trim = Trim.NONE;
    JsonNode t = m.get("trim");
    if (t != null && !t.isNull()) {
      String tp = mp + ".trim";
      requireObject(t, tp);
      trim = new Trim((int) integer(t, "warmup_requests", tp), (int) integer(t, "cooldown_requests", tp),
          number(t, "warmup_share", tp), number(t, "cooldown_share", tp));
    }
    JsonNode c = m.get("client");
    JsonNode s = m.get("server_metrics");
    return new StepMeasurement(connectionMode, (int) integer(m, "workers", mp),
        Math.round(number(m, "start_spread_ms", mp) * 1e6), trim, (int) integer(m, "trimmed_requests", mp),
        (int) Math.round(optionalNumber(m, "max_in_flight", mp)), optionalNumber(m, "mean_in_flight", mp),
        c == null || c.isNull() ? Optional.empty() : Optional.of(readHealth(c, mp + ".client")),
        s == null || s.isNull() ? Optional.empty() : Optional.of(readServer(s, mp + ".server_metrics")),
        (int) Math.round(optionalNumber(m, "answers_not_streamed", mp)),
        (int) Math.round(optionalNumber(m, "answers_without_usage", mp)), requestShape(m, mp), transport(m, mp));
  }

  /** Which client sent the requests; absent from files written before it was recorded. */
  private static Optional<ClientSettings.TransportKind> transport(JsonNode m, String mp) {
    JsonNode t = m.get("transport");
    if (t == null || t.isNull()) return Optional.empty();
    for (ClientSettings.TransportKind kind : ClientSettings.TransportKind.values()) {
      if (kind.label().equals(t.asText())) return Optional.of(kind);
    }
    throw new IllegalArgumentException(mp + ".transport (\"" + t.asText() + "\") should be \"netty\" or \"okhttp\"");
  }

  private static Optional<RequestShape> requestShape(JsonNode m, String mp) {
    JsonNode r = m.get("request_shape");
    if (r == null || r.isNull()) return Optional.empty();
    String rp = mp + ".request_shape";
    requireObject(r, rp);
    return Optional.of(new RequestShape((int) integer(r, "prompt_tokens_estimate", rp),
        (int) integer(r, "max_tokens", rp),
        (int) integer(r, "images", rp)));
  }

  private static ClientHealth readHealth(JsonNode h, String hp) {
    requireObject(h, hp);
    List<String> reasons = new ArrayList<>();
    JsonNode r = h.get("reasons");
    if (r != null && r.isArray()) r.forEach(x -> reasons.add(x.asText()));
    return new ClientHealth(number(h, "window_ms", hp),
        new ClientHealth.SendLag(integer(h, "send_lag_samples", hp), number(h, "send_lag_p50_ms", hp),
            number(h, "send_lag_p99_ms", hp), number(h, "send_lag_max_ms", hp)),
        new ClientHealth.Hiccups(number(h, "hiccup_max_ms", hp), number(h, "hiccup_p99_ms", hp),
            number(h, "hiccup_p999_ms", hp), number(h, "hiccup_total_ms", hp)),
        new ClientHealth.Gc(integer(h, "gc_count", hp), number(h, "gc_time_ms", hp), number(h, "gc_share", hp),
            maybeDouble(h, "gc_max_pause_ms")),
        new ClientHealth.Cpu(maybeDouble(h, "cpu_share_of_cores"), (int) integer(h, "cpus", hp),
            maybeDouble(h, "system_load")),
        readBounds(h, hp), bool(h, "client_bound", hp), reasons);
  }

  /** Each figure's bound; absent from files written before figures were bounded. */
  private static List<ClientHealth.FigureBound> readBounds(JsonNode h, String hp) {
    List<ClientHealth.FigureBound> bounds = new ArrayList<>();
    JsonNode b = h.get("figure_bounds");
    if (b == null || !b.isArray()) return bounds;
    for (int i = 0; i < b.size(); i++) {
      JsonNode fb = b.get(i);
      String fp = hp + ".figure_bounds[" + i + "]";
      String name = text(fb, "figure", fp);
      ClientHealth.Figure figure;
      try {
        figure = ClientHealth.Figure.valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(fp + ".figure (\"" + name + "\") is not a figure llmbench bounds");
      }
      bounds.add(new ClientHealth.FigureBound(figure, number(fb, "value_ms", fp), number(fb, "bound_ms", fp)));
    }
    return bounds;
  }

  private static ServerMetrics readServer(JsonNode s, String sp) {
    requireObject(s, sp);
    return new ServerMetrics(text(s, "source", sp), (int) integer(s, "scrapes", sp),
        Duration.ofNanos(Math.round(number(s, "window_ms", sp) * 1e6)),
        maybeDouble(s, "running_max"), maybeDouble(s, "running_mean"), maybeDouble(s, "waiting_max"),
        maybeDouble(s, "waiting_mean"), maybeDouble(s, "kv_cache_max"), maybeDouble(s, "kv_cache_mean"),
        maybeLong(s, "preemptions"), maybeLong(s, "prompt_tokens"), maybeLong(s, "generation_tokens"),
        maybeLong(s, "succeeded_requests"), maybeLong(s, "prefix_cache_queries"), maybeLong(s, "prefix_cache_hits"),
        readEstimate(s, "queue_time", sp), readEstimate(s, "ttft", sp),
        readEstimate(s, "e2e", sp));
  }

  private static Optional<ServerMetrics.LatencyEstimate> readEstimate(JsonNode s, String field, String sp) {
    JsonNode e = s.get(field);
    if (e == null || e.isNull()) return Optional.empty();
    String ep = sp + "." + field;
    requireObject(e, ep);
    return Optional.of(new ServerMetrics.LatencyEstimate(integer(e, "count", ep), number(e, "mean_sec", ep),
        readBucket(e, "p50", ep), readBucket(e, "p99", ep)));
  }

  /**
   * {@code p50_bucket_sec}; a file from before kept only the point interpolated inside the bucket
   * ({@code p50_estimated_sec}), which reads back as the zero-width range it claimed.
   */
  private static ServerMetrics.BucketRange readBucket(JsonNode e, String quantile, String ep) {
    JsonNode b = e.get(quantile + "_bucket_sec");
    if (b == null || b.isNull()) {
      double point = number(e, quantile + "_estimated_sec", ep);
      return new ServerMetrics.BucketRange(point, point);
    }
    String bp = ep + "." + quantile + "_bucket_sec";
    requireObject(b, bp);
    JsonNode upper = b.get("upper");
    return new ServerMetrics.BucketRange(number(b, "lower", bp),
        upper != null && upper.isNull() ? Double.POSITIVE_INFINITY : number(b, "upper", bp));
  }

  private static OptionalDouble maybeDouble(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || !v.isNumber() ? OptionalDouble.empty() : OptionalDouble.of(v.doubleValue());
  }

  private static OptionalLong maybeLong(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || !v.isNumber() ? OptionalLong.empty() : OptionalLong.of(v.longValue());
  }
}
