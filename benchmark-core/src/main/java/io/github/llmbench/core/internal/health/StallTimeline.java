package io.github.llmbench.core.internal.health;

import java.util.Arrays;

/**
 * When a thread of llmbench's was not free to read or write: intervals {@code [start, end]} on the monotonic
 * clock, recorded by the thread that saw them (an event loop busy with a batch of reads, a tick that ran late, the
 * JVM's hiccup meter). {@link #take()} hands a step's intervals over as {@link Stalls} and starts afresh.
 * Recording is rare (only intervals past a threshold) and synchronized; thread-safe.
 */
public final class StallTimeline {
  private long[] starts = new long[64];
  private long[] ends = new long[64];
  private int size;
  private boolean recording;

  /** From now on, intervals are kept (a step's clock started). */
  public synchronized void start() {
    size = 0;
    recording = true;
  }

  public synchronized void record(long startNanos, long endNanos) {
    if (!recording || endNanos <= startNanos) return;
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
    }
    starts[size] = startNanos;
    ends[size] = endNanos;
    size++;
  }

  /** The intervals recorded since {@link #start()}; recording stops until the next start. */
  public synchronized Stalls take() {
    recording = false;
    Stalls stalls = Stalls.of(Arrays.copyOf(starts, size), Arrays.copyOf(ends, size));
    size = 0;
    return stalls;
  }
}
