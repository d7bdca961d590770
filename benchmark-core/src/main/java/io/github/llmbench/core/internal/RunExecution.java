package io.github.llmbench.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.StatusPolicy;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.core.TimeSource;
import io.github.llmbench.core.internal.transport.OkHttpTransport;
import io.github.llmbench.core.internal.transport.TlsTrust;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * One run of a benchmark: phases and steps in order, each step classified against what it is compared with,
 * sinks told as things happen. All state lives in this object, so two runs never share anything but the base
 * HTTP client. Not reusable: {@link #execute()} runs once.
 *
 * <ul>
 *   <li>Baseline: the p99 of the last step of the most recent finished phase that
 *       {@link Phase#providesBaseline() provides a baseline}; given to steps of phases that compare to it.
 *   <li>Previous throughput: the {@code throughput_total} of the previous step of the same phase, for phases
 *       that compare each step with the one before (none for a phase's first step).
 *   <li>A phase stops after a step whose status is one of its stop statuses; that step is kept.
 *   <li>A cancelled run drops the interrupted step and keeps every finished one; so does an unexpected error.
 *   <li>When every request of a step was refused and {@code abortWhenUnreachable} is on, the run stops after
 *       that step.
 * </ul>
 */
public final class RunExecution {
  private static final System.Logger LOG = System.getLogger(RunExecution.class.getName());
  /** The control plane's connections: the metrics scrapes and {@code GET /v1/models}. */
  private static final int CONTROL_CONNECTIONS = 4;
  private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);

  private final Benchmark benchmark;
  private final OkHttpClient baseClient;
  private final TimeSource time;
  private final SinkFanout sinks;
  private final boolean abortWhenUnreachable;
  private final RunControl control = new RunControl();
  private final ObjectMapper mapper = JsonCodec.mapper();
  /** This run's part of every request's {@code X-Request-Id}. */
  private final String runId = RequestIds.newRunId();
  private Optional<BenchmarkResult.Preflight> preflight = Optional.empty();
  private @Nullable StepObservers observers;

  private final List<BenchmarkResult.PhaseResult> finishedPhases = new ArrayList<>();
  /** The phase running now and its finished steps, kept here so that an unexpected error loses none of them. */
  private @Nullable String currentPhase;
  private List<StepResult> currentSteps = new ArrayList<>();
  private Instant startedAt = Instant.EPOCH;
  private Map<String, String> environment = Map.of();

  public RunExecution(Benchmark benchmark, OkHttpClient baseClient, TimeSource time, List<MetricSink> sinks,
      boolean abortWhenUnreachable) {
    this.benchmark = Objects.requireNonNull(benchmark, "benchmark");
    this.baseClient = baseClient;
    this.time = time;
    this.sinks = new SinkFanout(sinks);
    this.abortWhenUnreachable = abortWhenUnreachable;
  }

  /** Stops the run: in-flight requests are cancelled, the interrupted step is dropped. Any thread, any time. */
  public void cancel() {
    control.cancel();
  }

  /** Runs the benchmark on the calling thread. Never throws for request failures or misbehaving plug-ins. */
  public BenchmarkResult execute() {
    startedAt = Instant.ofEpochMilli(time.wallTimeMillis());
    environment = EnvironmentInfo.describe();
    sinks.emit(s -> s.onRunStarted(benchmark));
    BenchmarkResult.AbortReason abortReason = BenchmarkResult.AbortReason.NONE;
    ClientSettings client = benchmark.client();
    try {
      TlsTrust trust = TlsTrust.of(client.trustedCertificates());
      OkHttpClient controlPlane = OkHttpTransport.derive(baseClient, CONTROL_CONNECTIONS, CONTROL_TIMEOUT, trust);
      try (Engine engine = new Engine(benchmark, benchmark.target(), baseClient, trust, time, control, runId, mapper);
          StepObservers observers = new StepObservers(benchmark, controlPlane, time)) {
        this.observers = observers;
        environment = withRunFacts(environment, engine.transport().describe());
        if (client.preflight()) abortReason = preflight(engine, controlPlane);
        if (abortReason.kind() == BenchmarkResult.AbortReason.Kind.NONE) abortReason = runPhases(engine.steps());
      }
    } catch (Throwable t) { // a throwing status policy, unreadable certificates or a bug: keep what finished
      LOG.log(Level.WARNING, "benchmark run stopped by an unexpected error", t);
      abortReason = BenchmarkResult.AbortReason.error(Failure.describe(t));
      if (currentPhase != null && !currentSteps.isEmpty()) {
        BenchmarkResult.PhaseResult partial = new BenchmarkResult.PhaseResult(currentPhase, currentSteps,
            abortReason.message());
        finishedPhases.add(partial);
        sinks.emit(s -> s.onPhaseCompleted(partial));
      }
    }
    BenchmarkResult result = result(finishedPhases, abortReason);
    sinks.emit(s -> s.onRunCompleted(result));
    return withSinkFailures(result);
  }

  /** Where it ran, with this run's id and the transport that sent its requests. */
  private Map<String, String> withRunFacts(Map<String, String> env, String transport) {
    Map<String, String> out = new java.util.LinkedHashMap<>(env);
    out.put("run_id", runId);
    out.put("transport", transport);
    return out;
  }

  /** Runs the pre-flight; a non-empty reason when its failure means the run should not go on. */
  private BenchmarkResult.AbortReason preflight(Engine engine, OkHttpClient controlPlane) {
    PreflightRunner.Result r = new PreflightRunner(engine, controlPlane, time, mapper, runId).run(benchmark);
    preflight = Optional.of(r.preflight());
    if (control.cancelled()) return BenchmarkResult.AbortReason.CANCELLED;
    return r.stopsRun() ? BenchmarkResult.AbortReason.preflightFailed(r.preflight().detail())
        : BenchmarkResult.AbortReason.NONE;
  }

  private BenchmarkResult.AbortReason runPhases(StepExecutor executor) {
    io.github.llmbench.core.PhaseJudge judge = new io.github.llmbench.core.PhaseJudge(benchmark.statusPolicy());
    for (Phase phase : benchmark.phases()) {
      if (control.cancelled()) return BenchmarkResult.AbortReason.CANCELLED;
      sinks.emit(s -> s.onPhaseStarted(phase.name()));
      List<StepResult> done = new ArrayList<>();
      io.github.llmbench.core.PhaseJudge.Course course = judge.begin(io.github.llmbench.api.Phase.Rules.of(phase));
      currentPhase = phase.name();
      currentSteps = done;
      String stopReason = "";
      BenchmarkResult.AbortReason abortReason = BenchmarkResult.AbortReason.NONE;
      List<Step> phaseSteps = phase.steps();
      int i = 0;
      for (Step planned = phaseSteps.get(0); planned != null; planned = next(phase, ++i, done)) {
        Step step = planned;
        if (control.cancelled()) {
          abortReason = BenchmarkResult.AbortReason.CANCELLED;
          break;
        }
        MetricSink.StepInfo info = new MetricSink.StepInfo(phase.name(), step.name(), step.concurrency(),
            step.numRequests());
        sinks.emit(s -> s.onStepStarted(info));
        StepObservers watch = Objects.requireNonNull(observers, "observers");
        StepRun run = executor.run(phase.name(), step, () -> watch.clockStarting(step.name()),
            o -> sinks.emit(s -> s.onRequestCompleted(o)));
        StepObservers.Observation seen = watch.clockStopped(run);
        List<RequestOutcome> outcomes = run.outcomes();
        if (control.cancelled()) {
          abortReason = BenchmarkResult.AbortReason.CANCELLED;
          break;
        }
        StepAggregator.Trimmed kept = StepAggregator.trim(outcomes, step);
        StepStatistics stats = StepAggregator.aggregate(outcomes, kept.kept(), step, benchmark.slo());
        InFlight inFlight = InFlight.of(outcomes);
        StepMeasurement measurement = new StepMeasurement(benchmark.client().connectionMode(), run.workers(),
            run.startSpreadNanos(), step.trim(), kept.trimmed(), inFlight.max(), inFlight.mean(), seen.clientHealth(),
            seen.serverMetrics(), benchmark.stream() ? notStreamed(outcomes) : 0, withoutUsage(outcomes),
                step.request().shape(),
            Optional.of(benchmark.client().transport()));
        StepResult result = course.judge(step.name(), step.testType(), step.concurrency(), stats, measurement);
        done.add(result);
        sinks.emit(s -> s.onStepCompleted(result));
        List<BenchmarkResult.PhaseResult> soFar = new ArrayList<>(finishedPhases);
        soFar.add(new BenchmarkResult.PhaseResult(phase.name(), done, ""));
        BenchmarkResult snapshot = result(soFar, BenchmarkResult.AbortReason.IN_PROGRESS);
        sinks.emit(s -> s.onSnapshot(snapshot));
        if (abortWhenUnreachable && allRefused(outcomes)) {
          abortReason = BenchmarkResult.AbortReason.unreachable(benchmark.target().baseUrl());
          break;
        }
        Optional<String> clientError = sameClientError(outcomes);
        if (clientError.isPresent()) {
          // Every request met the same 4xx: the next steps would only send hundreds more of them.
          abortReason = BenchmarkResult.AbortReason.clientError(step.name(), clientError.get());
          break;
        }
        Optional<String> stop = course.stopReason(result, phase.adaptive() || i < phaseSteps.size() - 1);
        if (stop.isPresent()) {
          stopReason = stop.get();
          break;
        }
      }
      currentPhase = null;
      if (!done.isEmpty()) {
        boolean stepsLeft = phase.adaptive() ? abortReason.kind() != BenchmarkResult.AbortReason.Kind.NONE
            : done.size() < phaseSteps.size();
        String reason = !stopReason.isEmpty() ? stopReason : stepsLeft ? abortReason.message() : "";
        BenchmarkResult.PhaseResult phaseResult = new BenchmarkResult.PhaseResult(phase.name(), done, reason);
        finishedPhases.add(phaseResult);
        sinks.emit(s -> s.onPhaseCompleted(phaseResult));
      }
      course.end();
      if (abortReason.kind() != BenchmarkResult.AbortReason.Kind.NONE) return abortReason;
    }
    return BenchmarkResult.AbortReason.NONE;
  }

  /** The phase's step after its first {@code index} steps: listed, or chosen by its planner from those done. */
  private @Nullable Step next(Phase phase, int index, List<StepResult> done) {
    if (phase.planner().isPresent()) {
      Step planned = Objects.requireNonNull(phase.planner().get().next(List.copyOf(done)),
          "a step planner returned null").orElse(null);
      if (planned != null && alreadyRun(planned.name(), done)) {
        // Two results of one name would be indistinguishable in every report: stop, keeping what ran.
        throw new IllegalStateException("the step planner of phase " + phase.name() + " chose step "
            + planned.name() + ", a name that already ran");
      }
      return planned;
    }
    return index < phase.steps().size() ? phase.steps().get(index) : null;
  }

  private boolean alreadyRun(String step, List<StepResult> done) {
    return done.stream().anyMatch(s -> s.testName().equals(step))
        || finishedPhases.stream().flatMap(p -> p.steps().stream()).anyMatch(s -> s.testName().equals(step));
  }

  /** Successful answers to a stream request that were not a stream with content (no TTFT for them). */
  private static int notStreamed(List<RequestOutcome> outcomes) {
    return (int) outcomes.stream().filter(o -> o.success() && o.streamTiming() == null).count();
  }

  private static int withoutUsage(List<RequestOutcome> outcomes) {
    return (int) outcomes.stream().filter(o -> o.success() && !o.usageReported()).count();
  }

  /**
   * The failure when every request of the step failed with the same client error (a 4xx other than 429, which is
   * back-pressure), with the server's message; empty otherwise.
   */
  private static Optional<String> sameClientError(List<RequestOutcome> outcomes) {
    if (outcomes.isEmpty()) return Optional.empty();
    RequestOutcome first = outcomes.get(0);
    int status = first.httpStatus();
    if (first.success() || first.failureKind() != RequestOutcome.FailureKind.HTTP_STATUS || status < 400
        || status >= 500
        || status == 429) {
      return Optional.empty();
    }
    for (RequestOutcome o : outcomes) {
      if (o.success() || o.httpStatus() != status) return Optional.empty();
    }
    return Optional.of(first.failureCause() + ": " + first.failureDetail());
  }

  private static boolean allRefused(List<RequestOutcome> outcomes) {
    return !outcomes.isEmpty()
        && outcomes.stream().allMatch(o -> o.failureKind() == RequestOutcome.FailureKind.CONNECTION_REFUSED);
  }

  private BenchmarkResult result(List<BenchmarkResult.PhaseResult> phases, BenchmarkResult.AbortReason abortReason) {
    return new BenchmarkResult(benchmark.name(), benchmark.target().baseUrl(), benchmark.target().model(),
        settings(), environment, startedAt, Instant.ofEpochMilli(time.wallTimeMillis()), phases,
        abortReason, sinks.failures(), preflight, benchmark.runPlan());
  }

  /**
   * The benchmark's settings, the rules of the status policy that ran ({@code status_rule.<STATUS>}, for the report's
   * legend) and what the run learned of the server's metrics (noted once, here).
   */
  private Map<String, String> settings() {
    Map<String, String> settings = new java.util.LinkedHashMap<>(benchmark.settings());
    for (io.github.llmbench.api.StatusPolicy.Rule rule : benchmark.statusPolicy().rules()) {
      settings.putIfAbsent("status_rule." + rule.status().name(), rule.when());
    }
    return withServerMetrics(settings);
  }

  private Map<String, String> withServerMetrics(Map<String, String> benchmarkSettings) {
    StepObservers watch = observers;
    if (!benchmark.serverMetrics().enabled()) {
      return with(benchmarkSettings, "server_metrics", "off");
    }
    String source = benchmark.serverMetrics().urlFor(benchmark.target().baseUrl());
    Optional<String> unavailable = watch == null ? Optional.empty() : watch.serverMetricsUnavailable();
    return with(benchmarkSettings, "server_metrics",
        unavailable.map(why -> "unavailable: " + why).orElse(source));
  }

  private static Map<String, String> with(Map<String, String> settings, String key, String value) {
    Map<String, String> out = new java.util.LinkedHashMap<>(settings);
    out.putIfAbsent(key, value);
    return out;
  }

  private BenchmarkResult withSinkFailures(BenchmarkResult r) {
    return new BenchmarkResult(r.name(), r.baseUrl(), r.model(), r.settings(), r.environment(), r.startedAt(),
        r.finishedAt(), r.phases(), r.abortReason(), sinks.failures(), r.preflight(), r.plan());
  }
}
