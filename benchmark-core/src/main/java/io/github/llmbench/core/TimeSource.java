package io.github.llmbench.core;

/**
 * Where the engine reads time: wall-clock milliseconds for timestamps in results, monotonic nanoseconds for every
 * duration. Injected so that tests can pass a fake; {@link #SYSTEM} is the real clock. Implementations must be
 * thread-safe.
 */
public interface TimeSource {
  /** Milliseconds since the epoch, for {@code startedAt}/{@code finishedAt} only. */
  long wallTimeMillis();

  /** A monotonic reading in nanoseconds with an arbitrary origin, for durations only. */
  long monotonicNanos();

  /** {@link System#currentTimeMillis()} and {@link System#nanoTime()}. */
  TimeSource SYSTEM = new TimeSource() {
    @Override
    public long wallTimeMillis() {
      return System.currentTimeMillis();
    }

    @Override
    public long monotonicNanos() {
      return System.nanoTime();
    }

    @Override
    public String toString() {
      return "TimeSource.SYSTEM";
    }
  };
}
