package io.github.llmbench.api;

import java.util.Arrays;
import java.util.Locale;
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
 * @param reasoning what a reasoning model spent on thinking, when the response showed any; else {@code null}
 */
public record RequestOutcome(String phase, String step, int requestIndex, long startOffsetNanos, long latencyNanos,
    boolean success, int httpStatus, @Nullable FailureKind failureKind, String failureDetail, long promptTokens,
    long completionTokens, boolean usageReported, long sendDelayNanos, @Nullable StreamTiming streamTiming,
    String requestId, @Nullable Reasoning reasoning) {
  /** An outcome without a request id or reasoning (one made by hand, or read back from a file that had none). */
  public RequestOutcome(String phase, String step, int requestIndex, long startOffsetNanos, long latencyNanos,
      boolean success, int httpStatus, @Nullable FailureKind failureKind, String failureDetail, long promptTokens,
      long completionTokens, boolean usageReported, long sendDelayNanos, @Nullable StreamTiming streamTiming) {
    this(phase, step, requestIndex, startOffsetNanos, latencyNanos, success, httpStatus, failureKind, failureDetail,
        promptTokens, completionTokens, usageReported, sendDelayNanos, streamTiming, "", null);
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
      throw new IllegalArgumentException("failureKind (" + failureKind
          + ") should be set exactly when success is false");
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

  /**
   * What a reasoning model's response spent on thinking (vLLM's {@code reasoning_content} or {@code reasoning}
   * deltas, OpenAI's {@code usage.completion_tokens_details.reasoning_tokens}).
   *
   * @param tokens reasoning tokens: {@code usage.completion_tokens_details.reasoning_tokens} when the server
   *     reported it, else the number of chunks that carried reasoning text
   * @param tokensEstimated true when {@code tokens} was counted from the chunks
   * @param answered whether any output came: non-reasoning content or a tool call (for a non-streamed response:
   *     whether the completion tokens exceed the reasoning tokens)
   * @param stoppedByLength whether the response ended with {@code finish_reason: "length"}, its token limit
   */
  public record Reasoning(long tokens, boolean tokensEstimated, boolean answered, boolean stoppedByLength) {
    public Reasoning {
      if (tokens < 0) throw new IllegalArgumentException("tokens (" + tokens + ") should not be negative");
    }

    /**
     * Output tokens without the reasoning: {@code completionTokens - tokens}, never below 0.
     *
     * @param completionTokens the response's completion tokens, reasoning included
     */
    public long answerTokens(long completionTokens) {
      return Math.max(0, completionTokens - tokens);
    }
  }

  /**
   * The timing of one streamed response, as the client saw it, so a step can report time to first token and the
   * gaps between tokens. Times are nanoseconds after the moment the request was <b>scheduled</b> to go out (the
   * same origin as {@link RequestOutcome#latencyNanos()}), measured when the bytes of each event arrived, before
   * JSON decoding. Only chunks with non-empty content count: a role-only first chunk or a usage-only last chunk
   * does not. Immutable: the gap array is copied in and out.
   *
   * @param ttftNanos time to first token of any kind: until the first chunk with non-empty content, reasoning
   *     text or a tool call
   * @param e2eNanos end-to-end: until the last chunk with non-empty content
   * @param contentChunks how many chunks carried content
   * @param interTokenGapsNanos the gaps between consecutive content chunks ({@code contentChunks - 1} values)
   * @param tokensEstimated true when the server sent no {@code usage}, so the completion tokens are the number of
   *     content chunks
   * @param firstOutputNanos time to first <b>output</b> token: until the first chunk with non-reasoning content or
   *     a tool call; {@link #NO_OUTPUT} when only reasoning came; equal to {@code ttftNanos} without reasoning
   */
  public record StreamTiming(long ttftNanos, long e2eNanos, int contentChunks, long[] interTokenGapsNanos,
      boolean tokensEstimated, long firstOutputNanos) {
    /** {@link #firstOutputNanos()} of a stream that carried reasoning and no output. */
    public static final long NO_OUTPUT = -1;

    /** A stream without reasoning: its first token is its first output token. */
    public StreamTiming(long ttftNanos, long e2eNanos, int contentChunks, long[] interTokenGapsNanos,
        boolean tokensEstimated) {
      this(ttftNanos, e2eNanos, contentChunks, interTokenGapsNanos, tokensEstimated, ttftNanos);
    }

    public StreamTiming {
      if (ttftNanos < 0) throw new IllegalArgumentException("ttftNanos (" + ttftNanos + ") should not be negative");
      if (firstOutputNanos != NO_OUTPUT && (firstOutputNanos < ttftNanos || firstOutputNanos > e2eNanos)) {
        throw new IllegalArgumentException("firstOutputNanos (" + firstOutputNanos + ") should be -1 or between "
            + "ttftNanos (" + ttftNanos + ") and e2eNanos (" + e2eNanos + ")");
      }
      if (e2eNanos < ttftNanos) {
        throw new IllegalArgumentException("e2eNanos (" + e2eNanos + ") should not be below ttftNanos (" + ttftNanos
            + ")");
      }
      if (contentChunks < 1) throw new IllegalArgumentException("contentChunks (" + contentChunks
          + ") should be positive");
      interTokenGapsNanos = interTokenGapsNanos.clone();
    }

    /** A copy of the gaps between consecutive content chunks. */
    @Override
    public long[] interTokenGapsNanos() {
      return interTokenGapsNanos.clone();
    }

    /**
     * Time per output token: {@code (e2e - ttft) / (outputTokens - 1)} in nanoseconds, or -1 when there are fewer
     * than two output tokens.
     */
    public double tpotNanos(long outputTokens) {
      return outputTokens < 2 ? -1 : (double) (e2eNanos - ttftNanos) / (outputTokens - 1);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof StreamTiming t && t.ttftNanos == ttftNanos && t.e2eNanos == e2eNanos
          && t.contentChunks == contentChunks && t.tokensEstimated == tokensEstimated
          && t.firstOutputNanos == firstOutputNanos && Arrays.equals(t.interTokenGapsNanos, interTokenGapsNanos);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(ttftNanos) * 31 + Long.hashCode(e2eNanos) * 17 + contentChunks
          + Arrays.hashCode(interTokenGapsNanos) + (tokensEstimated ? 1 : 0) + Long.hashCode(firstOutputNanos) * 7;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "StreamTiming[ttftNanos=%d, e2eNanos=%d, contentChunks=%d, gaps=%d, "
          + "tokensEstimated=%s, firstOutputNanos=%d]", ttftNanos, e2eNanos, contentChunks,
          interTokenGapsNanos.length, tokensEstimated, firstOutputNanos);
    }
  }

  /** Why a request failed. A failed request is a result to count, never an exception. */
  public enum FailureKind {
    /** The server answered with a 4xx or 5xx status other than 429/503. */
    HTTP_STATUS("http"),
    /** The server pushed back: 429 Too Many Requests or 503 Service Unavailable. */
    BACKPRESSURE("backpressure"),
    /** The request did not finish within the per-request timeout. */
    TIMEOUT("timeout"),
    /** Nothing listened at the target's address. */
    CONNECTION_REFUSED("connection_refused"),
    /** The connection was closed or reset before the response was complete. */
    CONNECTION_RESET("connection_reset"),
    /** A 200 response whose body was not the expected JSON. */
    MALFORMED_BODY("malformed_body"),
    /** A stream that ended before {@code [DONE]} or its finishing chunk. */
    STREAM_CUT("stream_cut"),
    /** A stream chunk that was not valid JSON. */
    MALFORMED_CHUNK("malformed_chunk"),
    /** An {@code error} object sent inside the stream. */
    STREAM_ERROR("stream_error"),
    /** A 3xx answer: never followed (a followed POST would turn into a bodiless GET); the detail names the
     * {@code Location}. */
    REDIRECT("redirect"),
    /** A response body longer than {@link ClientSettings.ResponseLimits#maxResponseBytes()}. */
    RESPONSE_TOO_LARGE("response_too_large"),
    /** One server-sent event longer than {@link ClientSettings.ResponseLimits#maxEventBytes()}. */
    EVENT_TOO_LARGE("event_too_large"),
    /** Any other I/O failure (unknown host, TLS, ...). */
    IO_ERROR("io_error");

    private final String label;

    FailureKind(String label) {
      this.label = label;
    }

    /** A short snake_case label used in reports. */
    public String label() {
      return label;
    }
  }
}
