package io.github.llmbench.report.internal;

import static io.github.llmbench.report.internal.JsonResultReader.integer;
import static io.github.llmbench.report.internal.JsonResultReader.number;
import static io.github.llmbench.report.internal.JsonResultReader.requireObject;
import static io.github.llmbench.report.internal.JsonResultReader.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.api.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A verdict's {@code "rules"} in the result JSON: each of the script's rules judged on its own, with its observed
 * value, threshold, margin, 95 % interval (a bound the data cannot give is null), firmness and the requests a firm
 * answer would need; written and read back (files from before unbounded sides always hold both bounds).
 */
final class RulesJson {
  private RulesJson() {}

  static List<Object> write(List<Verdict.RuleDecision> rules) {
    List<Object> out = new ArrayList<>();
    for (Verdict.RuleDecision r : rules) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("metric", r.metric());
      m.put("comparison", r.comparison().symbol());
      m.put("threshold", r.threshold());
      m.put("observed", r.observed());
      m.put("fired", r.fired());
      m.put("margin", r.margin());
      m.put("firmness", r.firmness().name().toLowerCase(Locale.ROOT));
      if (r.interval().isPresent()) {
        ConfidenceInterval ci = r.interval().get();
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("estimate", ci.estimate());
        // A side the data cannot bound is null (JSON has no infinity), read back as -∞ / +∞.
        i.put("lower", ci.hasLower() ? (Object) ci.lower() : null);
        i.put("upper", ci.hasUpper() ? (Object) ci.upper() : null);
        i.put("level", ci.level());
        i.put("method", ci.method().name().toLowerCase(Locale.ROOT));
        m.put("interval", i);
      } else {
        m.put("interval", null);
      }
      m.put("sample_size", r.sampleSize());
      m.put("requests_for_firm_answer",
          r.requestsForFirmAnswer().isPresent() ? (Object) r.requestsForFirmAnswer().getAsLong() : null);
      out.add(m);
    }
    return out;
  }

  static List<Verdict.RuleDecision> read(JsonNode node, String path) {
    List<Verdict.RuleDecision> out = new ArrayList<>();
    if (node == null || node.isNull() || !node.isArray()) return out;
    for (int k = 0; k < node.size(); k++) {
      String rp = path + "[" + k + "]";
      JsonNode r = requireObject(node.get(k), rp);
      String symbol = text(r, "comparison", rp);
      Verdict.RuleDecision.Comparison comparison = symbol.equals(">") ? Verdict.RuleDecision.Comparison.GREATER_THAN
          : Verdict.RuleDecision.Comparison.LESS_THAN;
      Optional<ConfidenceInterval> interval = Optional.empty();
      JsonNode i = r.get("interval");
      if (i != null && !i.isNull()) {
        String ip = rp + ".interval";
        interval = Optional.of(new ConfidenceInterval(number(i, "estimate", ip),
            bound(i, "lower", ip, Double.NEGATIVE_INFINITY), bound(i, "upper", ip, Double.POSITIVE_INFINITY),
            number(i, "level", ip),
            ConfidenceInterval.Method.valueOf(text(i, "method", ip).toUpperCase(Locale.ROOT))));
      }
      JsonNode firm = r.get("requests_for_firm_answer");
      out.add(new Verdict.RuleDecision(text(r, "metric", rp), comparison, number(r, "threshold", rp),
          number(r, "observed", rp),
          interval, integer(r, "sample_size", rp),
          firm == null || firm.isNull() ? OptionalLong.empty() : OptionalLong.of(firm.asLong())));
    }
    return out;
  }

  /** A bound, or {@code missing} where it is null (no bound on that side). */
  private static double bound(JsonNode interval, String field, String path, double missing) {
    JsonNode v = interval.get(field);
    if (v != null && v.isNull()) return missing;
    return number(interval, field, path);
  }
}
