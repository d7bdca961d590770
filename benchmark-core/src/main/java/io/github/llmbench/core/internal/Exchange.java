package io.github.llmbench.core.internal;

import io.github.llmbench.api.RequestOutcome;
import org.jspecify.annotations.Nullable;

/**
 * What the transport learned from one HTTP exchange, before timing is attached.
 *
 * @param httpStatus the response status, 0 when no response arrived
 * @param promptTokens {@code usage.prompt_tokens}, 0 when absent
 * @param completionTokens {@code usage.completion_tokens}, 0 when absent (for a stream without usage: the number
 *     of content chunks)
 * @param usageReported whether the body carried a {@code usage} object
 * @param failure why it failed, {@code null} on success
 * @param stream when a stream delivered at least one content chunk: when its content chunks arrived
 * @param endNanos the monotonic reading when the body's last byte (or the failure) arrived, before any parsing
 *     left; 0 when unknown (the caller then reads the clock itself)
 * @param reasoning what a reasoning model spent on thinking, when the response showed any
 */
public record Exchange(int httpStatus, long promptTokens, long completionTokens, boolean usageReported,
    @Nullable Failure failure, @Nullable StreamTimes stream, long endNanos,
    RequestOutcome.@Nullable Reasoning reasoning) {

  /** An exchange without reasoning. */
  public Exchange(int httpStatus, long promptTokens, long completionTokens, boolean usageReported,
      @Nullable Failure failure, @Nullable StreamTimes stream, long endNanos) {
    this(httpStatus, promptTokens, completionTokens, usageReported, failure, stream, endNanos, null);
  }

  public static Exchange failed(int httpStatus, Failure failure, long endNanos) {
    return new Exchange(httpStatus, 0, 0, false, failure, null, endNanos);
  }

  public boolean success() {
    return failure == null;
  }

  /**
   * This exchange with its failure detail redacted, then cut: in that order, so that a key straddling the cut
   * leaves no part of itself behind.
   */
  Exchange redacted(Redactor redactor) {
    if (failure == null) return this;
    String clean = redactor.redact(failure.detail());
    if (clean.length() > Failure.MAX_DETAIL) clean = redactor.redactTail(clean.substring(0, Failure.MAX_DETAIL)) + "...";
    return clean.equals(failure.detail()) ? this
        : new Exchange(httpStatus, promptTokens, completionTokens, usageReported,
            new Failure(failure.kind(), clean), stream, endNanos, reasoning);
  }

  /**
   * When a stream's content chunks arrived, on the monotonic clock (absolute readings, not yet relative to the
   * request's start).
   *
   * @param firstContentNanos the read that completed the first chunk with non-empty content
   * @param lastContentNanos the read that completed the last one
   * @param contentChunks how many chunks carried content
   * @param gapsNanos the gaps between consecutive content chunks
   * @param firstOutputNanos the read that completed the first chunk with output (not reasoning); 0 when none did
   */
  public record StreamTimes(long firstContentNanos, long lastContentNanos, int contentChunks, long[] gapsNanos,
      long firstOutputNanos) {}
}
