package io.github.llmbench.core.internal.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a connection may sit idle and still carry a request. A server may close an idle keep-alive connection
 * without a {@code Connection: close} (uvicorn, and so vLLM and SGLang, after 5 s; gunicorn after 2 s); a request
 * written to it as it closes is lost, and that loss would be llmbench's, not the server's. So a connection idle for
 * longer than this is closed and replaced before a step's clock, and never used in a step.
 *
 * <p>It starts at {@value #DEFAULT_MILLIS} ms, below every common server's keep-alive, and learns: when the server
 * closes a connection that was idle for {@code t}, the limit becomes at most {@code t / 2}; a server that closes
 * connections as soon as they are idle gets none reused. Shared by a transport's lanes; thread-safe.
 */
public final class IdleReuseLimit {
  static final long DEFAULT_MILLIS = 500;
  /** Below this a connection is not worth reusing: the server closes connections as soon as they are idle. */
  private static final long MIN_REUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final AtomicLong limitNanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(DEFAULT_MILLIS));

  /** Whether a connection idle for {@code idleNanos} may carry a request. */
  public boolean reusable(long idleNanos) {
    long limit = limitNanos.get();
    return limit >= MIN_REUSE_NANOS && idleNanos < limit;
  }

  /** The server closed, unasked, a connection that had been idle for {@code idleNanos}. */
  public void serverClosedIdle(long idleNanos) {
    long halved = Math.max(0, idleNanos / 2);
    limitNanos.accumulateAndGet(halved, Math::min);
  }
}
