package io.github.llmbench.report.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.llmbench.api.CapacitySearch;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RunPlan;
import io.github.llmbench.api.Slo;
import io.github.llmbench.api.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A result's plan in the JSON, {@code run.plan}: its phases with their rules, whether it streamed, its objectives in
 * milliseconds. Written only when recorded; a file without it reads back as {@link RunPlan#UNRECORDED}.
 */
final class RunPlanJson {
  private RunPlanJson() {}

  static Map<String, Object> write(RunPlan plan) {
    List<Object> phases = new ArrayList<>();
    for (Phase.Rules p : plan.phases()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("provides_baseline", p.providesBaseline());
      m.put("compares_to_baseline", p.comparesToBaseline());
      m.put("compares_to_previous_step", p.comparesToPreviousStep());
      m.put("stop_statuses", p.stopStatuses().isEmpty() ? List.of()
          : EnumSet.copyOf(p.stopStatuses()).stream().map(Enum::name).toList());
      phases.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("phases", phases);
    out.put("stream", plan.stream());
    plan.slo().ifPresent(slo -> {
      Map<String, Object> s = new LinkedHashMap<>();
      slo.ttft().ifPresent(d -> s.put("ttft_ms", d.toNanos() / 1e6));
      slo.tpot().ifPresent(d -> s.put("tpot_ms", d.toNanos() / 1e6));
      slo.e2e().ifPresent(d -> s.put("e2e_ms", d.toNanos() / 1e6));
      out.put("slo", s);
    });
    plan.search().ifPresent(search -> out.put("search", search(search)));
    return out;
  }

  private static Map<String, Object> search(CapacitySearch s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("axis", s.axis().name().toLowerCase(Locale.ROOT));
    m.put("target_attainment", s.targetAttainment());
    m.put("confidence_level", s.confidenceLevel());
    m.put("start", s.start());
    m.put("max", s.max());
    m.put("precision", s.precision());
    m.put("min_probe_requests", s.minProbeRequests());
    m.put("requests_per_worker", s.requestsPerWorker());
    m.put("probe_duration_sec", s.probeDuration().toNanos() / 1e9);
    m.put("max_repeats", s.maxRepeats());
    m.put("max_probes", s.maxProbes());
    m.put("max_requests", s.maxRequests());
    m.put("max_duration_sec", s.maxDuration().toNanos() / 1e9);
    m.put("cliff_drop", s.cliffDrop());
    m.put("seed", s.seed());
    return m;
  }

  private static CapacitySearch search(JsonNode s) {
    String at = "run.plan.search";
    CapacitySearch.Axis axis;
    try {
      axis = CapacitySearch.Axis.valueOf(s.path("axis").asText().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ".axis (" + s.get("axis") + ") should be concurrency or rate");
    }
    try {
      return new CapacitySearch(axis, number(s, "target_attainment"), number(s, "confidence_level"),
          number(s, "start"), number(s, "max"), number(s, "precision"), (int) number(s, "min_probe_requests"),
          (int) number(s, "requests_per_worker"), seconds(s, "probe_duration_sec"), (int) number(s, "max_repeats"),
          (int) number(s, "max_probes"), (long) number(s, "max_requests"), seconds(s, "max_duration_sec"),
          number(s, "cliff_drop"), (long) number(s, "seed"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
    }
  }

  private static double number(JsonNode s, String field) {
    JsonNode v = s.get(field);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException("run.plan.search." + field + " (" + v + ") should be a number");
    }
    return v.asDouble();
  }

  private static Duration seconds(JsonNode s, String field) {
    return Duration.ofNanos(Math.round(number(s, field) * 1e9));
  }

  /**
   * @throws IllegalArgumentException naming the field, if the plan is malformed
   */
  static RunPlan read(JsonNode run) {
    JsonNode plan = run.get("plan");
    if (plan == null || plan.isNull()) return RunPlan.UNRECORDED;
    if (!plan.isObject()) throw new IllegalArgumentException("run.plan (" + plan + ") should be an object");
    JsonNode phases = plan.get("phases");
    if (phases == null || !phases.isArray()) {
      throw new IllegalArgumentException("run.plan.phases (" + phases + ") should be an array");
    }
    List<Phase.Rules> rules = new ArrayList<>();
    for (int i = 0; i < phases.size(); i++) {
      JsonNode p = phases.get(i);
      String at = "run.plan.phases[" + i + "]";
      JsonNode name = p.get("name");
      if (name == null || !name.isTextual()) throw new IllegalArgumentException(at + ".name (" + name
          + ") should be text");
      Set<Status> stop = EnumSet.noneOf(Status.class);
      JsonNode statuses = p.get("stop_statuses");
      if (statuses != null && statuses.isArray()) {
        for (JsonNode s : statuses) {
          try {
            stop.add(Status.valueOf(s.asText().toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ".stop_statuses has an unknown status (" + s.asText() + ")");
          }
        }
      }
      rules.add(new Phase.Rules(name.asText(), p.path("provides_baseline").asBoolean(false),
          p.path("compares_to_baseline").asBoolean(false), p.path("compares_to_previous_step").asBoolean(false),
          stop));
    }
    Optional<Slo> slo = Optional.empty();
    JsonNode s = plan.get("slo");
    if (s != null && s.isObject()) {
      slo = Optional.of(new Slo(millis(s, "ttft_ms"), millis(s, "tpot_ms"), millis(s, "e2e_ms")));
    }
    JsonNode search = plan.get("search");
    return new RunPlan(rules, plan.path("stream").asBoolean(false), slo,
        search != null && search.isObject() ? Optional.of(search(search)) : Optional.empty());
  }

  private static Optional<Duration> millis(JsonNode slo, String field) {
    JsonNode v = slo.get(field);
    if (v == null || v.isNull()) return Optional.empty();
    if (!v.isNumber() || !(v.asDouble() > 0)) {
      throw new IllegalArgumentException("run.plan.slo." + field + " (" + v + ") should be a positive number");
    }
    return Optional.of(Duration.ofNanos(Math.round(v.asDouble() * 1e6)));
  }
}
