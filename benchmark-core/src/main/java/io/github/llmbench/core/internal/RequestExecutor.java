package io.github.llmbench.core.internal;

import io.github.llmbench.api.FailureKind;
import io.github.llmbench.api.PreparedRequest;
import io.github.llmbench.api.RequestContext;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StreamTiming;
import io.github.llmbench.core.TimeSource;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * Prepares and sends one request of a step and times it. Preparing (running the request builder and serialising
 * the body) is the client's own work and happens before the clock starts; the latency then runs from the moment
 * the call is handed to OkHttp until the last byte of the body arrived (before it is parsed), on the monotonic
 * clock. In an open loop it runs from the moment the request was scheduled instead, so a late send counts.
 * Nothing escapes: a throwing request builder, an unserialisable body or a transport failure each become a failed
 * outcome. Thread-safe.
 */
public final class RequestExecutor {
  private final HttpTransport transport;
  private final TimeSource time;
  private final CallTracker tracker;
  private final String model;
  private final boolean stream;

  public RequestExecutor(HttpTransport transport, TimeSource time, CallTracker tracker, String model, boolean stream) {
    this.transport = transport;
    this.time = time;
    this.tracker = tracker;
    this.model = model;
    this.stream = stream;
  }

  /**
   * A request built and serialised, ready to send, or the reason it could not be.
   *
   * @param request the HTTP request, {@code null} when it could not be built
   * @param stream whether the response is a stream
   * @param failure why it could not be built, {@code null} when it was
   */
  public record Ready(@Nullable Request request, boolean stream, @Nullable Failure failure) {}

  /** Builds and serialises request {@code index} of the step. Never throws. */
  public Ready prepare(String phase, Step step, int index) {
    PreparedRequest prepared;
    try {
      prepared = step.request().build(new RequestContext(model, phase, step.name(), index, stream));
      if (prepared == null) throw new NullPointerException("the request builder returned null");
    } catch (Throwable t) { // a bug in a user's builder must not kill the worker or escape the run
      return new Ready(null, false, new Failure(FailureKind.IO_ERROR,
          "request builder of step " + step.name() + " failed: " + Failure.describe(t)));
    }
    try {
      return new Ready(transport.toHttpRequest(prepared), prepared.stream(), null);
    } catch (Throwable t) {
      return new Ready(null, prepared.stream(), new Failure(FailureKind.IO_ERROR,
          "request of step " + step.name() + " cannot be built: " + Failure.describe(t)));
    }
  }

  /**
   * Sends a prepared request.
   *
   * @param dueNanos when the request should have left: in a closed loop, when its worker became free; in an open
   *     loop, its scheduled time
   * @param fromSchedule whether the latency counts from {@code dueNanos} (open loop) instead of the send
   */
  public RequestOutcome send(String phase, Step step, int index, Ready ready, long stepStartNanos, long dueNanos,
      boolean fromSchedule) {
    return send(phase, step, index, ready, stepStartNanos, dueNanos, fromSchedule, null);
  }

  /** {@link #send(String, Step, int, Ready, long, long, boolean) send} on a worker's lane ({@code null}: shared). */
  public RequestOutcome send(String phase, Step step, int index, Ready ready, long stepStartNanos, long dueNanos,
      boolean fromSchedule, HttpTransport.@Nullable Lane lane) {
    long start = time.monotonicNanos();
    long origin = fromSchedule ? Math.min(dueNanos, start) : start;
    Exchange exchange;
    if (ready.request() == null) {
      exchange = Exchange.failed(0, ready.failure() == null
          ? new Failure(FailureKind.IO_ERROR, "request not built") : ready.failure());
    } else {
      try {
        exchange = transport.send(lane, ready.request(), ready.stream(), tracker);
      } catch (Throwable t) { // a bug anywhere must not kill the worker or escape the run
        exchange = Exchange.failed(0, new Failure(FailureKind.IO_ERROR, "unexpected: " + Failure.describe(t)));
      }
    }
    long end = exchange.endNanos() != 0 ? exchange.endNanos() : time.monotonicNanos();
    long latency = Math.max(0, end - origin);
    Failure failure = exchange.failure() == null ? null : exchange.failure().cut();
    @Nullable StreamTiming timing = null;
    Exchange.StreamTimes st = exchange.stream();
    if (failure == null && st != null) {
      long ttft = Math.max(0, st.firstContentNanos() - origin);
      timing = new StreamTiming(ttft, Math.max(ttft, st.lastContentNanos() - origin), st.contentChunks(),
          st.gapsNanos(), !exchange.usageReported());
    }
    return new RequestOutcome(phase, step.name(), index, origin - stepStartNanos, latency, failure == null,
        exchange.httpStatus(), failure == null ? null : failure.kind(), failure == null ? "" : failure.detail(),
        exchange.promptTokens(), exchange.completionTokens(), exchange.usageReported(),
        fromSchedule ? start - origin : 0, timing);
  }
}
