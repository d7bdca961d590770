package io.github.llmbench.core.internal;

import io.github.llmbench.api.FailureKind;
import io.github.llmbench.api.PreparedRequest;
import io.github.llmbench.api.RequestContext;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.core.TimeSource;
import okhttp3.Request;

/**
 * Sends one request of a step and times it: latency runs from the moment the worker starts the request (before
 * the body is built) until the whole response body has been read, on the monotonic clock. Nothing escapes: a
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

  public RequestOutcome execute(String phase, Step step, int index, long stepStartNanos) {
    long start = time.monotonicNanos();
    Exchange exchange;
    try {
      exchange = exchange(phase, step, index);
    } catch (Throwable t) { // a bug anywhere must not kill the worker or escape the run
      exchange = Exchange.failed(0, new Failure(FailureKind.IO_ERROR, "unexpected: " + Failure.describe(t)));
    }
    long latency = time.monotonicNanos() - start;
    Failure failure = exchange.failure();
    return new RequestOutcome(phase, step.name(), index, start - stepStartNanos, latency, failure == null,
        exchange.httpStatus(), failure == null ? null : failure.kind(), failure == null ? "" : failure.detail(),
        exchange.promptTokens(), exchange.completionTokens(), exchange.usageReported());
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
