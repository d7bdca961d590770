package io.github.llmbench.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.core.TimeSource;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The pre-flight: before the first phase, what a step's first timed request would otherwise pay for is done once,
 * and counted in no step:
 *
 * <ul>
 *   <li>the JIT warm-up ({@link JitWarmup}): the whole timed path, compiled against an in-process responder;
 *   <li>{@code GET /v1/models} on the control plane, whose status is reported;
 *   <li>when asked, one real request of the first step's shape through the run's own engine, which must succeed.
 * </ul>
 *
 * Without that request, no completion reaches the target before the first step.
 */
final class PreflightRunner {
  static final String PHASE = "preflight";
  private static final long MODELS_TIMEOUT_SECONDS = 10;

  private final Engine engine;
  private final OkHttpClient controlPlane;
  private final TimeSource time;
  private final ObjectMapper mapper;
  private final String runId;

  PreflightRunner(Engine engine, OkHttpClient controlPlane, TimeSource time, ObjectMapper mapper, String runId) {
    this.engine = engine;
    this.controlPlane = controlPlane;
    this.time = time;
    this.mapper = mapper;
    this.runId = runId;
  }

  /**
   * What the pre-flight did, and whether the run should stop before any phase: yes for a failure every request
   * would meet again (nothing listening, a client error, a redirect, a malformed answer, a timeout); no for a server
   * that is only busy (429, 503) or failing now and then (5xx), which the steps then measure.
   */
  record Result(BenchmarkResult.Preflight preflight, boolean stopsRun) {}

  /** Runs the pre-flight on the calling thread and returns what it did. Never throws. */
  Result run(Benchmark benchmark) {
    long start = time.monotonicNanos();
    JitWarmup.ensure(benchmark, controlPlane, time, mapper, engine.transport());
    int modelsStatus = modelsStatus(benchmark);
    List<Step> steps = benchmark.steps();
    if (!benchmark.client().preflightRequest() || steps.isEmpty()) {
      return new Result(new BenchmarkResult.Preflight(time.monotonicNanos() - start, modelsStatus, 0, 0, true, 0, ""),
          false);
    }
    Step first = steps.get(0);
    StepRun run = engine.steps().run(PHASE, Step.of(PHASE, Load.concurrency(1), 1, first.request()), () -> { },
        o -> { });
    RequestOutcome o = run.outcomes().isEmpty() ? null : run.outcomes().get(0);
    long duration = time.monotonicNanos() - start;
    if (o == null) {
      return new Result(new BenchmarkResult.Preflight(duration, modelsStatus, 0, 0, false, 0,
          "the pre-flight did not finish"), false);
    }
    boolean reached = o.httpStatus() != 0 || o.failureKind() == RequestOutcome.FailureKind.TIMEOUT;
    String detail = o.success() ? "" : o.failureCause() + ": " + o.failureDetail();
    BenchmarkResult.Preflight preflight = new BenchmarkResult.Preflight(duration, modelsStatus, reached ? 1 : 0,
        o.latencyNanos(), o.success(),
        o.httpStatus(), detail);
    boolean transient_ = o.failureKind() == RequestOutcome.FailureKind.BACKPRESSURE
        || o.failureKind() == RequestOutcome.FailureKind.CONNECTION_RESET
        || o.failureKind() == RequestOutcome.FailureKind.STREAM_CUT
        || (o.failureKind() == RequestOutcome.FailureKind.HTTP_STATUS && o.httpStatus() >= 500);
    return new Result(preflight, !o.success() && !transient_);
  }

  /** The status of {@code GET /v1/models} on the control plane; 0 when nothing answered. */
  private int modelsStatus(Benchmark benchmark) {
    Request.Builder request = new Request.Builder().url(benchmark.target().baseUrl() + "/v1/models").get()
        .header("X-Request-Id", runId + "-models");
    benchmark.target().apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
    Call call = controlPlane.newCall(request.build());
    call.timeout().timeout(MODELS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    try (Response response = call.execute()) {
      return response.code();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
