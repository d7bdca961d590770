package io.github.llmbench.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

  /**
   * The steps of one phase that ran.
   *
   * @param name the phase name
   * @param steps the finished steps in run order
   * @param stopReason why the phase ended before its last step (empty when it ran them all)
   */
  public record PhaseResult(String name, List<StepResult> steps, String stopReason) {
    public PhaseResult {
      Objects.requireNonNull(name, "name");
      steps = List.copyOf(steps);
      Objects.requireNonNull(stopReason, "stopReason");
    }

    public boolean stoppedEarly() {
      return !stopReason.isEmpty();
    }
  }

  /**
   * What the pre-flight did before the first phase: it drove the whole timed path against an in-process responder
   * until the JIT had compiled it (once per JVM; nothing reaches the target), checked {@code GET /v1/models}, and, when
   * asked, sent one real request of the first step's shape, so that none of llmbench's start-up reaches a step. Its
   * time is counted in no step.
   *
   * @param durationNanos how long the whole pre-flight took
   * @param modelsStatus the HTTP status of {@code GET /v1/models}, 0 when nothing answered (the steps' connections are
   *     opened all the same)
   * @param requestsSent completion requests the server received from it (0 or 1)
   * @param latencyNanos the latency of that request, 0 when none was sent
   * @param succeeded whether that request succeeded (true when none was sent)
   * @param httpStatus that request's HTTP status, 0 when none was sent or none arrived
   * @param detail that request's failure cause and detail when it failed (no secrets), else empty
   */
  public record Preflight(long durationNanos, int modelsStatus, int requestsSent, long latencyNanos, boolean succeeded,
      int httpStatus, String detail) {
    public Preflight {
      Objects.requireNonNull(detail, "detail");
    }

    /** The pre-flight's duration in milliseconds. */
    public double durationMillis() {
      return durationNanos / 1e6;
    }
  }

  /**
   * Why a run ended before its last phase, as a kind to test and a message to print. A run that completed has
   * {@link #NONE}; a snapshot taken while the run goes on has {@link #IN_PROGRESS}.
   *
   * @param kind what ended the run
   * @param message one line naming the cause, e.g. {@code "target unreachable: http://h:8000: connection refused"};
   *     empty for {@link Kind#NONE}
   */
  public record AbortReason(Kind kind, String message) {
    /** What ended a run. */
    public enum Kind {
      /** Nothing: the run completed. */
      NONE,
      /** The run is still going (a snapshot). */
      IN_PROGRESS,
      /** Cancelled by the caller (Ctrl-C, {@code BenchmarkRun.cancel()}). */
      CANCELLED,
      /** Nothing listened at the target. */
      TARGET_UNREACHABLE,
      /** The pre-flight's real request failed in a way every request would. */
      PREFLIGHT_FAILED,
      /** Every request of a step met the same client error (4xx other than 429). */
      CLIENT_ERROR,
      /** A plug-in (status policy) or a bug threw. */
      ERROR,
      /** A reason recorded elsewhere (a result built by hand or read from a file that did not say its kind). */
      OTHER
    }

    public static final AbortReason NONE = new AbortReason(Kind.NONE, "");
    public static final AbortReason IN_PROGRESS = new AbortReason(Kind.IN_PROGRESS, "in progress");
    public static final AbortReason CANCELLED = new AbortReason(Kind.CANCELLED, "cancelled");

    /** @throws IllegalArgumentException if the message is empty for a kind other than {@code NONE}, or not for it */
    public AbortReason {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
      if ((kind == Kind.NONE) != message.isEmpty()) {
        throw new IllegalArgumentException("message (\"" + message + "\") should be empty exactly when kind is NONE ("
            + kind + ")");
      }
    }

    public static AbortReason unreachable(String baseUrl) {
      return new AbortReason(Kind.TARGET_UNREACHABLE, "target unreachable: " + baseUrl + ": connection refused");
    }

    public static AbortReason preflightFailed(String detail) {
      return new AbortReason(Kind.PREFLIGHT_FAILED, "preflight failed: " + detail);
    }

    public static AbortReason clientError(String step, String failure) {
      return new AbortReason(Kind.CLIENT_ERROR, "every request of step " + step + " failed with " + failure);
    }

    public static AbortReason error(String detail) {
      return new AbortReason(Kind.ERROR, "error: " + detail);
    }

    /**
     * The reason a message describes, for messages written by the engine (read back from a result file that predates
     * {@code abort_kind}) or given by hand; {@link Kind#OTHER} when it is none of the engine's.
     */
    public static AbortReason of(String message) {
      Objects.requireNonNull(message, "message");
      if (message.isEmpty()) return NONE;
      if (message.equals(IN_PROGRESS.message)) return IN_PROGRESS;
      if (message.equals(CANCELLED.message)) return CANCELLED;
      if (message.startsWith("target unreachable: ")) return new AbortReason(Kind.TARGET_UNREACHABLE, message);
      if (message.startsWith("preflight failed: ")) return new AbortReason(Kind.PREFLIGHT_FAILED, message);
      if (message.startsWith("every request of step ")) return new AbortReason(Kind.CLIENT_ERROR, message);
      if (message.startsWith("error: ")) return new AbortReason(Kind.ERROR, message);
      return new AbortReason(Kind.OTHER, message);
    }

    /** The reason of the given kind read from a file ({@code abort_kind}, lower case). */
    public static AbortReason of(String kind, String message) {
      Kind k;
      try {
        k = Kind.valueOf(kind.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("abort_kind (\"" + kind + "\") should be one of "
            + java.util.Arrays.toString(
            Kind.values()).toLowerCase(Locale.ROOT));
      }
      return new AbortReason(k, message);
    }

    /** The message, so that a reason prints as it reads. */
    @Override
    public String toString() {
      return message;
    }
  }
}
