package io.github.llmbench.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The results of a run: every step that finished, even when the run was stopped or failed part way.
 *
 * @param name the benchmark's name
 * @param baseUrl the target's base URL (never credentials)
 * @param model the target's model
 * @param settings the benchmark's descriptive settings (intensity, options)
 * @param environment where it ran (JVM, host, llmbench version)
 * @param startedAt wall-clock start
 * @param finishedAt wall-clock end
 * @param phases the phases that ran, in order
 * @param abortReason why the run ended before its last phase ({@link AbortReason#NONE} for a complete run)
 * @param sinkFailures how many times a metric sink threw (the run went on regardless)
 * @param preflight what the pre-flight did, when one ran
 * @param plan what the run set out to do: its phases' rules, streaming, objectives
 */
public record BenchmarkResult(String name, String baseUrl, String model, Map<String, String> settings,
    Map<String, String> environment, Instant startedAt, Instant finishedAt, List<PhaseResult> phases,
    AbortReason abortReason, long sinkFailures, Optional<Preflight> preflight, RunPlan plan) {

  /** A result without a recorded plan ({@link RunPlan#UNRECORDED}): one built by hand, or read from an older file. */
  public BenchmarkResult(String name, String baseUrl, String model, Map<String, String> settings,
      Map<String, String> environment, Instant startedAt, Instant finishedAt, List<PhaseResult> phases,
      AbortReason abortReason, long sinkFailures, Optional<Preflight> preflight) {
    this(name, baseUrl, model, settings, environment, startedAt, finishedAt, phases, abortReason, sinkFailures,
        preflight, RunPlan.UNRECORDED);
  }

  public BenchmarkResult {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(model, "model");
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    phases = List.copyOf(phases);
    Objects.requireNonNull(abortReason, "abortReason");
    Objects.requireNonNull(preflight, "preflight");
  }

  /** All finished steps in run order. */
  public List<StepResult> steps() {
    List<StepResult> all = new ArrayList<>();
    phases.forEach(p -> all.addAll(p.steps()));
    return List.copyOf(all);
  }

  /** The step with this {@code test_name}. */
  public Optional<StepResult> step(String testName) {
    return steps().stream().filter(s -> s.testName().equals(testName)).findFirst();
  }

  public Optional<PhaseResult> phase(String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public boolean completed() {
    return abortReason.kind() == AbortReason.Kind.NONE;
  }
}
