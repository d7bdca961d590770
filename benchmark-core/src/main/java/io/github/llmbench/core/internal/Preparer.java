package io.github.llmbench.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The run's preparing thread: it keeps the running step's {@link RequestSupply} topped up, so request builders and
 * JSON serialisation run beside the event loops rather than on them. One per run; idle between steps.
 */
final class Preparer implements AutoCloseable {
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Thread thread;
  private volatile @Nullable RequestSupply supply;
  private volatile boolean closed;

  Preparer(String name) {
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Serves this step's supply from now on (the caller has filled it). */
  void serve(RequestSupply next) {
    next.wakeWith(thread);
    supply = next;
    LockSupport.unpark(thread);
  }

  /** The step is over. */
  void stop() {
    supply = null;
  }

  private void loop() {
    while (!closed) {
      RequestSupply s = supply;
      if (s != null && !s.exhausted()) s.topUp();
      LockSupport.parkNanos(IDLE_PARK_NANOS);
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }
}
