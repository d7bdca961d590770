package io.github.llmbench.core.internal;

import io.github.llmbench.api.PreparedRequest;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.core.internal.transport.Outgoing;
import io.github.llmbench.core.internal.transport.Transport;
import org.jspecify.annotations.Nullable;

/**
 * Prepares a step's requests and turns their exchanges into outcomes. Preparing (running the request builder,
 * serialising the body and putting it in the transport's wire form) is the client's own work and happens before a
 * request is due, off the timed path. Nothing escapes: a throwing request builder or an unserialisable body becomes
 * a failed outcome. Thread-safe.
 */
public final class RequestExecutor {
  private final Transport transport;
  private final RequestBodyWriter bodyWriter;
  private final String model;
  private final boolean stream;
  private final String runId;

  public RequestExecutor(Transport transport, RequestBodyWriter bodyWriter, String model, boolean stream,
      String runId) {
    this.transport = transport;
    this.bodyWriter = bodyWriter;
    this.model = model;
    this.stream = stream;
    this.runId = runId;
  }

  /**
   * A request built and encoded, ready to send, or the reason it could not be.
   *
   * @param index its index in the step
   * @param requestId its {@code X-Request-Id}
   * @param request the request, {@code null} when it could not be built
   * @param stream whether the response is a stream
   * @param failure why it could not be built, {@code null} when it was
   */
  public record Ready(int index, String requestId, @Nullable Outgoing request, boolean stream,
      @Nullable Failure failure) {}

  /** Builds and encodes request {@code index} of the step. Never throws. */
  public Ready prepare(String phase, Step step, int index) {
    String id = RequestIds.of(runId, step.name(), index);
    PreparedRequest prepared;
    try {
      prepared = step.request().build(new RequestBuilder.Context(model, phase, step.name(), index, stream));
      if (prepared == null) throw new NullPointerException("the request builder returned null");
    } catch (Throwable t) { // a bug in a user's builder must not kill the run
      return new Ready(index, id, null, false, new Failure(RequestOutcome.FailureKind.IO_ERROR,
          "request builder of step " + step.name() + " failed: " + Failure.describe(t)));
    }
    try {
      byte[] body = bodyWriter.write(prepared.body());
      return new Ready(index, id, transport.encode(prepared.path(), body, prepared.stream(), id), prepared.stream(),
          null);
    } catch (Throwable t) {
      return new Ready(index, id, null, prepared.stream(), new Failure(RequestOutcome.FailureKind.IO_ERROR,
          "request of step " + step.name() + " cannot be built: " + Failure.describe(t)));
    }
  }

  /**
   * The outcome of an exchange.
   *
   * @param stepStartNanos when the step's clock started
   * @param originNanos where its latency counts from: the request's first byte written (closed loop), its scheduled
   *     time (open loop, so a late send counts), or the send before connecting (a new connection per request)
   * @param sentNanos when its first byte was written (or, never written, when it was handed over)
   */
  public RequestOutcome outcome(String phase, Step step, Ready ready, Exchange exchange, long stepStartNanos,
      long originNanos, long sentNanos) {
    long end = Math.max(exchange.endNanos(), originNanos);
    long latency = end - originNanos;
    Failure failure = exchange.failure() == null ? null : exchange.failure().cut();
    RequestOutcome.@Nullable StreamTiming timing = null;
    Exchange.StreamTimes st = exchange.stream();
    if (failure == null && st != null) {
      long ttft = Math.max(0, st.firstContentNanos() - originNanos);
      long e2e = Math.max(ttft, st.lastContentNanos() - originNanos);
      long firstOutput = st.firstOutputNanos() == 0 ? RequestOutcome.StreamTiming.NO_OUTPUT
          : Math.min(e2e, Math.max(ttft, st.firstOutputNanos() - originNanos));
      timing = new RequestOutcome.StreamTiming(ttft, e2e, st.contentChunks(), st.gapsNanos(),
          !exchange.usageReported(), firstOutput);
    }
    return new RequestOutcome(phase, step.name(), ready.index(), originNanos - stepStartNanos, latency,
        failure == null, exchange.httpStatus(), failure == null ? null : failure.kind(),
        failure == null ? "" : failure.detail(), exchange.promptTokens(), exchange.completionTokens(),
        exchange.usageReported(), Math.max(0, sentNanos - originNanos), timing, ready.requestId(),
        failure == null ? exchange.reasoning() : null);
  }

  /** The exchange of a request that could not be built: it failed where it was, at {@code nowNanos}. */
  static Exchange unbuilt(Ready ready, long nowNanos) {
    Failure failure = ready.failure() == null ? new Failure(RequestOutcome.FailureKind.IO_ERROR, "request not built")
        : ready.failure();
    return Exchange.failed(0, failure, nowNanos);
  }
}
