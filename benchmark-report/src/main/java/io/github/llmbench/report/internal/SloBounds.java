package io.github.llmbench.report.internal;

import io.github.llmbench.api.StepResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SLO bounds of a run, read back from the goodput description its steps carry ({@code "ttft<=500ms,
 * e2e<=10000ms"}, as {@code Slo.describe()} writes it), so the charts can draw them.
 *
 * @param boundsSec bound in seconds by name ({@code ttft}, {@code tpot}, {@code e2e}), in the description's order
 */
public record SloBounds(Map<String, Double> boundsSec) {
  private static final Pattern BOUND = Pattern.compile("(ttft|tpot|e2e)<=([0-9]+(?:\\.[0-9]+)?)ms");

  public SloBounds {
    boundsSec = Map.copyOf(boundsSec);
  }

  /** The bounds of the first step with goodput figures; none when no step has any. */
  public static SloBounds of(List<StepResult> steps) {
    Map<String, Double> bounds = new LinkedHashMap<>();
    steps.stream().flatMap(s -> s.statistics().measured().goodput().stream()).findFirst().ifPresent(g -> {
      Matcher m = BOUND.matcher(g.slo());
      while (m.find()) bounds.putIfAbsent(m.group(1), Double.parseDouble(m.group(2)) / 1000);
    });
    return new SloBounds(bounds);
  }

  /** The bound in seconds of {@code name}, when the run set it. */
  public OptionalDouble sec(String name) {
    Double v = boundsSec.get(name);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}
