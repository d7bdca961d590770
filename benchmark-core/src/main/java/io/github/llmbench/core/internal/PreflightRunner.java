package io.github.llmbench.core.internal;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.FailureKind;
import io.github.llmbench.api.Preflight;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.core.TimeSource;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The pre-flight: before the first phase, everything a step's first timed request would otherwise pay for is done
 * once, through the run's own client and threads, and counted in no step:
 *
 * <ul>
 *   <li>the JSON codec for every step's request shape (request 0 of each step is built and serialised, not sent);
 *   <li>both response parsers, on a canned completion and a canned stream (no network);
 *   <li>a worker thread of the kind the steps use;
 *   <li>a connection (TLS included), opened with {@code GET /v1/models} and left in the pool;
 *   <li>when asked, one real request of the first step's shape, which must succeed.
 * </ul>
 */
final class PreflightRunner {
  static final String PHASE = "preflight";
  private static final MediaType JSON = MediaType.get("application/json");
  private static final MediaType EVENT_STREAM = MediaType.get("text/event-stream");
  private static final byte[] CANNED_COMPLETION = ("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}").getBytes(StandardCharsets.UTF_8);
  private static final byte[] CANNED_STREAM = ("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
      + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":null}]}\n\n"
      + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
      + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}\n\n"
      + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);

  private final RequestExecutor requests;
  private final HttpTransport transport;
  private final TimeSource time;

  PreflightRunner(RequestExecutor requests, HttpTransport transport, TimeSource time) {
    this.requests = requests;
    this.transport = transport;
    this.time = time;
  }

  /**
   * What the pre-flight did, and whether the run should stop before any phase: yes for a failure every request
   * would meet again (nothing listening, a client error, a redirect, a malformed answer, a timeout); no for a server
   * that is only busy (429, 503) or failing now and then (5xx), which the steps then measure.
   */
  record Result(Preflight preflight, boolean stopsRun) {}

  /** Runs the pre-flight on a worker thread and returns what it did. Never throws. */
  Result run(Benchmark benchmark) {
    long start = time.monotonicNanos();
    AtomicReference<RequestOutcome> sent = new AtomicReference<>();
    int[] modelsStatus = new int[1];
    Thread worker = WorkerThreads.factory("llmbench-preflight-").newThread(() -> {
      for (Step step : benchmark.steps()) requests.prepare(PHASE, step, 0);
      warmParsers();
      try (Response models = transport.openConnection()) {
        if (models != null) modelsStatus[0] = models.code();
      }
      if (!benchmark.client().preflightRequest()) return;
      Step first = benchmark.phases().get(0).steps().get(0);
      RequestExecutor.Ready ready = requests.prepare(PHASE, first, 0);
      long due = time.monotonicNanos();
      sent.set(requests.send(PHASE, first, 0, ready, due, due, false));
    });
    worker.start();
    boolean interrupted = false;
    while (true) {
      try {
        worker.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    RequestOutcome o = sent.get();
    long duration = time.monotonicNanos() - start;
    if (!benchmark.client().preflightRequest()) {
      return new Result(new Preflight(duration, modelsStatus[0], 0, 0, true, 0, ""), false);
    }
    if (o == null) {
      return new Result(new Preflight(duration, modelsStatus[0], 0, 0, false, 0, "the pre-flight did not finish"),
          false);
    }
    boolean reached = o.httpStatus() != 0 || o.failureKind() == FailureKind.TIMEOUT;
    String detail = o.success() ? "" : o.failureCause() + ": " + o.failureDetail();
    Preflight preflight = new Preflight(duration, modelsStatus[0], reached ? 1 : 0, o.latencyNanos(), o.success(),
        o.httpStatus(), detail);
    boolean transient_ = o.failureKind() == FailureKind.BACKPRESSURE || o.failureKind() == FailureKind.CONNECTION_RESET
        || o.failureKind() == FailureKind.STREAM_CUT
        || (o.failureKind() == FailureKind.HTTP_STATUS && o.httpStatus() >= 500);
    return new Result(preflight, !o.success() && !transient_);
  }

  private void warmParsers() {
    Request request = new Request.Builder().url("http://127.0.0.1/").build();
    for (boolean stream : new boolean[] {false, true}) {
      Response response = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(200).message("OK")
          .header("Content-Type", stream ? "text/event-stream" : "application/json")
          .body(ResponseBody.create(stream ? CANNED_STREAM : CANNED_COMPLETION, stream ? EVENT_STREAM : JSON))
          .build();
      transport.readCanned(response, stream);
    }
  }
}
