package io.github.llmbench.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * What the transport learned from one HTTP exchange, before timing is attached.
 *
 * @param httpStatus the response status, 0 when no response arrived
 * @param promptTokens {@code usage.prompt_tokens}, 0 when absent
 * @param completionTokens {@code usage.completion_tokens}, 0 when absent
 * @param usageReported whether the body carried a {@code usage} object
 * @param failure why it failed, {@code null} on success
 */
public record Exchange(int httpStatus, long promptTokens, long completionTokens, boolean usageReported,
    @Nullable Failure failure) {
  public static Exchange failed(int httpStatus, Failure failure) {
    return new Exchange(httpStatus, 0, 0, false, failure);
  }

  public boolean success() {
    return failure == null;
  }
}
