package io.github.llmbench.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one request. Given to every {@link MetricSink} as soon as the request ends.
 *
 * @param phase the phase name
 * @param step the step name
 * @param requestIndex 0-based index within the step
 * @param startOffsetNanos when the request started, in nanoseconds after the step started
 * @param latencyNanos from the moment a worker started the request until the body was received (or the failure)
 * @param success HTTP 200 with a well-formed body
 * @param httpStatus the response status, 0 when no response arrived
 * @param failureKind why it failed; {@code null} on success
 * @param failureDetail a short description of the failure (no secrets); empty on success
 * @param promptTokens {@code usage.prompt_tokens}, 0 when absent
 * @param completionTokens {@code usage.completion_tokens}, 0 when absent
 * @param usageReported whether the response carried a {@code usage} object
 * @param sendDelayNanos how late the request was sent after its scheduled time (open loop; 0 in a closed loop,
 *     where a request is scheduled when its worker starts it). {@code startOffsetNanos} and {@code latencyNanos}
 *     count from the scheduled time, so this delay is included in the latency
 * @param streamTiming the stream's timing when the response was a stream with at least one content chunk; else
 *     {@code null}
 * @param requestId the {@code X-Request-Id} the request carried ({@code <run>-<step>-<index>}), to find it in the
 *     server's logs; empty when it was not sent by llmbench's engine
 */
public record RequestOutcome(String phase, String step, int requestIndex, long startOffsetNanos, long latencyNanos,
    boolean success, int httpStatus, @Nullable FailureKind failureKind, String failureDetail, long promptTokens,
    long completionTokens, boolean usageReported, long sendDelayNanos, @Nullable StreamTiming streamTiming,
    String requestId) {
  /** An outcome without a request id (one made by hand, or read back from a file that had none). */
  public RequestOutcome(String phase, String step, int requestIndex, long startOffsetNanos, long latencyNanos,
      boolean success, int httpStatus, @Nullable FailureKind failureKind, String failureDetail, long promptTokens,
      long completionTokens, boolean usageReported, long sendDelayNanos, @Nullable StreamTiming streamTiming) {
    this(phase, step, requestIndex, startOffsetNanos, latencyNanos, success, httpStatus, failureKind, failureDetail,
        promptTokens, completionTokens, usageReported, sendDelayNanos, streamTiming, "");
  }

  public RequestOutcome {
    Objects.requireNonNull(requestId, "requestId");
    if (sendDelayNanos < 0) {
      throw new IllegalArgumentException("sendDelayNanos (" + sendDelayNanos + ") should not be negative");
    }
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(failureDetail, "failureDetail");
    if (success == (failureKind != null)) {
      throw new IllegalArgumentException("failureKind (" + failureKind + ") should be set exactly when success is false");
    }
  }

  /** Latency in seconds. */
  public double latencySec() {
    return latencyNanos / 1e9;
  }

  /**
   * The failure's cause for breakdowns: the kind's label, with the status for HTTP failures
   * ({@code "http_404"}, {@code "backpressure_503"}, {@code "redirect_301"}); empty on success.
   */
  public String failureCause() {
    if (failureKind == null) return "";
    if ((failureKind == FailureKind.HTTP_STATUS || failureKind == FailureKind.BACKPRESSURE
        || failureKind == FailureKind.REDIRECT) && httpStatus > 0) {
      return failureKind.label() + "_" + httpStatus;
    }
    return failureKind.label();
  }
}
