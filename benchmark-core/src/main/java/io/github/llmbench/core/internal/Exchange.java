package io.github.llmbench.core.internal;

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
 */
public record Exchange(int httpStatus, long promptTokens, long completionTokens, boolean usageReported,
    @Nullable Failure failure, @Nullable StreamTimes stream) {
  public Exchange(int httpStatus, long promptTokens, long completionTokens, boolean usageReported,
      @Nullable Failure failure) {
    this(httpStatus, promptTokens, completionTokens, usageReported, failure, null);
  }

  public static Exchange failed(int httpStatus, Failure failure) {
    return new Exchange(httpStatus, 0, 0, false, failure);
  }

  public boolean success() {
    return failure == null;
  }

  /**
   * When a stream's content chunks arrived, on the monotonic clock (absolute readings, not yet relative to the
   * request's start).
   *
   * @param firstContentNanos the read that completed the first chunk with non-empty content
   * @param lastContentNanos the read that completed the last one
   * @param contentChunks how many chunks carried content
   * @param gapsNanos the gaps between consecutive content chunks
   */
  public record StreamTimes(long firstContentNanos, long lastContentNanos, int contentChunks, long[] gapsNanos) {}
}
