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
 * Sends one request of a step and times it: latency runs from the moment the worker starts the request (before
 * the body is built) until the whole response body has been read, on the monotonic clock; in an open loop it runs
 * from the moment the request was scheduled. Nothing escapes: a
 * throwing request builder, an unserialisable body or a transport failure each become a failed outcome.
 * Thread-safe.
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

  /** A request sent when its worker got to it (closed loop): scheduled and sent at the same moment. */
  public RequestOutcome execute(String phase, Step step, int index, long stepStartNanos) {
    return execute(phase, step, index, stepStartNanos, time.monotonicNanos());
  }

  /**
   * A request that was scheduled to go out at {@code scheduledNanos} (open loop). Its start offset, latency and
   * stream timing count from that moment, so any wait before it was sent is part of them.
   */
  public RequestOutcome execute(String phase, Step step, int index, long stepStartNanos, long scheduledNanos) {
    long start = time.monotonicNanos();
    long origin = Math.min(scheduledNanos, start);
    Exchange exchange;
    try {
      exchange = exchange(phase, step, index);
    } catch (Throwable t) { // a bug anywhere must not kill the worker or escape the run
      exchange = Exchange.failed(0, new Failure(FailureKind.IO_ERROR, "unexpected: " + Failure.describe(t)));
    }
    long latency = time.monotonicNanos() - origin;
    Failure failure = exchange.failure();
    @Nullable StreamTiming timing = null;
    Exchange.StreamTimes st = exchange.stream();
    if (failure == null && st != null) {
      timing = new StreamTiming(Math.max(0, st.firstContentNanos() - origin),
          Math.max(0, st.lastContentNanos() - origin), st.contentChunks(), st.gapsNanos(), !exchange.usageReported());
    }
    return new RequestOutcome(phase, step.name(), index, origin - stepStartNanos, latency, failure == null,
        exchange.httpStatus(), failure == null ? null : failure.kind(), failure == null ? "" : failure.detail(),
        exchange.promptTokens(), exchange.completionTokens(), exchange.usageReported(), start - origin, timing);
  }

  private Exchange exchange(String phase, Step step, int index) {
    PreparedRequest prepared;
    try {
      prepared = step.request().build(new RequestContext(model, phase, step.name(), index, stream));
      if (prepared == null) throw new NullPointerException("the request builder returned null");
    } catch (Throwable t) {
      return Exchange.failed(0, new Failure(FailureKind.IO_ERROR,
          "request builder of step " + step.name() + " failed: " + Failure.describe(t)));
    }
    Request request;
    try {
      request = transport.toHttpRequest(prepared);
    } catch (Throwable t) {
      return Exchange.failed(0, new Failure(FailureKind.IO_ERROR,
          "request of step " + step.name() + " cannot be built: " + Failure.describe(t)));
    }
    return transport.send(request, prepared, tracker);
  }
}
