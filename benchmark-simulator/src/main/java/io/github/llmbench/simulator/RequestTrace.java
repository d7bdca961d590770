package io.github.llmbench.simulator;

import java.time.Duration;
import java.util.Optional;

/**
 * What the server saw of one generation request ({@code /v1/chat/completions} or {@code /v1/completions}), so a
 * test can compare the client's measurements with the truth. Times are {@link System#nanoTime()} values of this JVM.
 *
 * @param id request id, counting up from 1 in arrival order
 * @param endpoint the request path, e.g. {@code /v1/chat/completions}
 * @param stream whether the request asked for a stream
 * @param promptTokens prompt tokens by the simulator's rule (0 when the body could not be parsed)
 * @param completionTokens tokens generated for it (may be fewer than asked when it was cut off)
 * @param arrivalNanos when the request (headers and body) had been read
 * @param firstTokenNanos when the engine produced its first token, or {@link #NONE} if it produced none
 * @param finishNanos just before the last bytes of the response were written (or when the connection was dropped);
 *     recorded before the client can see the end of the response, so a finished call is always in the statistics
 * @param status HTTP status sent; {@link #DROPPED} when the simulator dropped the connection on purpose,
 *     {@link #CLIENT_GONE} when the client went away before the response was complete
 * @param reasoningTokens how many of its tokens were reasoning, sent before the answer
 * @param firstOutputNanos when the engine produced its first output (not reasoning) token, or {@link #NONE}
 * @param toolCall whether the answer was a tool call (the request offered {@code tools})
 * @param cachedPromptTokens prompt tokens its prefix cache already held, which needed no prefill
 */
public record RequestTrace(
    long id,
    String endpoint,
    boolean stream,
    int promptTokens,
    int completionTokens,
    long arrivalNanos,
    long firstTokenNanos,
    long finishNanos,
    int status,
    int reasoningTokens,
    long firstOutputNanos,
    boolean toolCall,
    int cachedPromptTokens) {

  /** Value of {@link #firstTokenNanos()} when no token was produced. */
  public static final long NONE = Long.MIN_VALUE;
  /** Value of {@link #status()} when a drop fault closed the connection mid-response. */
  public static final int DROPPED = -1;
  /** Value of {@link #status()} when the client closed the connection before the response was complete. */
  public static final int CLIENT_GONE = 499;

  /** @return true if the engine produced at least one token for this request */
  public boolean hasFirstToken() {
    return firstTokenNanos != NONE;
  }

  /** @return time from arrival to the first token, if there was one */
  public Optional<Duration> timeToFirstToken() {
    return hasFirstToken() ? Optional.of(Duration.ofNanos(firstTokenNanos - arrivalNanos)) : Optional.empty();
  }

  /** @return time from arrival to the first output (not reasoning) token, if there was one */
  public Optional<Duration> timeToFirstOutputToken() {
    return firstOutputNanos != NONE ? Optional.of(Duration.ofNanos(firstOutputNanos - arrivalNanos))
        : Optional.empty();
  }

  /** @return time from arrival to the end of the response */
  public Duration latency() {
    return Duration.ofNanos(finishNanos - arrivalNanos);
  }
}
