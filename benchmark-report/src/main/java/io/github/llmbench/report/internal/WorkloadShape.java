package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The request shape a step ran, as far as a result can tell it, and the one place that groups steps by it: capacity
 * answers, peaks and charts compare only steps of one shape, never SCALING's 200-token requests with SATURATION's
 * 100-token ones.
 *
 * <p>A result does not carry the prompt length or {@code max_tokens} a step asked for yet, so the shape is derived
 * from what it does carry: the phase, the step's name family (its name with a trailing load number replaced by
 * {@code *}: {@code scale_5} and {@code scale_50} are family {@code scale_*}, {@code c8} is {@code c*},
 * {@code long_output} is itself, so STRESS's differently shaped steps never share a shape), the {@code test_type}
 * and whether responses were streamed. Within a phase the unified preset and custom runs send one request shape
 * per family. When steps carry their real request shape, {@link #of} is the one method to switch to it.
 *
 * @param phase the step's phase
 * @param family the step's name, a trailing load number replaced by {@code *}
 * @param testType {@code text} or {@code vision}
 * @param streamed whether responses were streamed
 */
public record WorkloadShape(String phase, String family, io.github.llmbench.api.TestType testType, boolean streamed) {
  private static final Pattern LOAD_SUFFIX = Pattern.compile("\\d+(\\.\\d+)?$");

  /** The shape of one step of {@code result}. */
  public static WorkloadShape of(BenchmarkResult result, StepResult step) {
    String stripped = LOAD_SUFFIX.matcher(step.testName()).replaceFirst("");
    String family = stripped.isEmpty() || stripped.equals(step.testName()) ? step.testName() : stripped + "*";
    boolean streamed = step.statistics().measured().stream().isPresent() || result.plan().stream();
    return new WorkloadShape(step.phase(), family, step.testType(), streamed);
  }

  /** The steps of {@code result} by shape, shapes in order of their first step, steps in run order. */
  public static Map<WorkloadShape, List<StepResult>> groups(BenchmarkResult result) {
    Map<WorkloadShape, List<StepResult>> groups = new LinkedHashMap<>();
    for (StepResult s : result.steps()) groups.computeIfAbsent(of(result, s), k -> new ArrayList<>()).add(s);
    return groups;
  }

  /**
   * E.g. {@code "SCALING scale_* (text)"}, {@code "STRESS long_output (text, streamed)"}: what a table's shape
   * column and a chart's title say.
   */
  public String label() {
    return phase + " " + family + " (" + testType + (streamed ? ", streamed" : "") + ")";
  }

  /** A file-name-safe form of the label, e.g. {@code scaling_scale_text}. */
  public String slug() {
    String raw = (phase + "_" + family + "_" + testType + (streamed ? "_stream" : "")).toLowerCase(Locale.ROOT);
    return raw.replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }
}
