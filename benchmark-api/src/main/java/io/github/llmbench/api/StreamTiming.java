package io.github.llmbench.api;

import java.util.Arrays;
import java.util.Locale;

/**
 * The timing of one streamed response, as the client saw it, so a step can report time to first token and the
 * gaps between tokens. Times are nanoseconds after the moment the request was <b>scheduled</b> to go out (the
 * same origin as {@link RequestOutcome#latencyNanos()}), measured when the bytes of each event arrived, before
 * JSON decoding. Only chunks with non-empty content count: a role-only first chunk or a usage-only last chunk
 * does not. Immutable: the gap array is copied in and out.
 *
 * @param ttftNanos time to first token: until the first chunk with non-empty content
 * @param e2eNanos end-to-end: until the last chunk with non-empty content
 * @param contentChunks how many chunks carried content
 * @param interTokenGapsNanos the gaps between consecutive content chunks ({@code contentChunks - 1} values)
 * @param tokensEstimated true when the server sent no {@code usage}, so the completion tokens are the number of
 *     content chunks
 */
public record StreamTiming(long ttftNanos, long e2eNanos, int contentChunks, long[] interTokenGapsNanos,
    boolean tokensEstimated) {
  public StreamTiming {
    if (ttftNanos < 0) throw new IllegalArgumentException("ttftNanos (" + ttftNanos + ") should not be negative");
    if (e2eNanos < ttftNanos) {
      throw new IllegalArgumentException("e2eNanos (" + e2eNanos + ") should not be below ttftNanos (" + ttftNanos + ")");
    }
    if (contentChunks < 1) throw new IllegalArgumentException("contentChunks (" + contentChunks + ") should be positive");
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
        && Arrays.equals(t.interTokenGapsNanos, interTokenGapsNanos);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(ttftNanos) * 31 + Long.hashCode(e2eNanos) * 17 + contentChunks
        + Arrays.hashCode(interTokenGapsNanos) + (tokensEstimated ? 1 : 0);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "StreamTiming[ttftNanos=%d, e2eNanos=%d, contentChunks=%d, gaps=%d, "
        + "tokensEstimated=%s]", ttftNanos, e2eNanos, contentChunks, interTokenGapsNanos.length, tokensEstimated);
  }
}
