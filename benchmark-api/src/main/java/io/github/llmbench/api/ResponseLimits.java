package io.github.llmbench.api;

/**
 * Bounds on what one response may make llmbench hold, so that a server that never stops sending cannot exhaust the
 * client. A response past a bound is a failure of its own cause ({@link FailureKind#RESPONSE_TOO_LARGE},
 * {@link FailureKind#EVENT_TOO_LARGE}); below them, any valid body is accepted, however long its strings.
 *
 * <p>A non-streamed body is parsed as it arrives and not kept, so its size costs no memory; a stream keeps one
 * event at a time plus one timestamp per content chunk.
 *
 * @param maxResponseBytes the most bytes read from one response body, streamed or not (default 1 GiB)
 * @param maxEventBytes the most bytes of one server-sent event (default 8 MiB)
 */
public record ResponseLimits(long maxResponseBytes, int maxEventBytes) {
  /** 1 GiB per response, 8 MiB per stream event. */
  public static final ResponseLimits DEFAULT = new ResponseLimits(1L << 30, 8 << 20);

  /** @throws IllegalArgumentException if a bound is not positive */
  public ResponseLimits {
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes (" + maxResponseBytes + ") should be positive");
    }
    Checks.positive("maxEventBytes", maxEventBytes);
  }
}
