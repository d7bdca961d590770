package io.github.llmbench.core.internal.health;

import java.util.Arrays;

/**
 * A step's stalls, for the question each timestamp asks: by how much could the event it marks have been late because
 * of llmbench? Stalls that overlap are one. A read stamped at {@code t} inside a stall {@code [a, b]}, or just after
 * it (within {@link #JOIN_NANOS}), may be data that was there since {@code a}: it is at most {@code t - a} late; and
 * when that stall began right after another (within {@link #JOIN_NANOS}), the loop came out of the first into the
 * second without a look at its sockets in between, so the read may be late since the first one's start. Never
 * further back: a loop that decodes a burst slice after slice reads its sockets between the slices, so the read
 * after the tenth slice holds data that came during the ninth, not during the first. A write stamped at {@code t}
 * inside a stall may only have left at {@code b}: it is at most {@code b - t} late. Elsewhere nothing is charged
 * (the recording thresholds are the resolution). Immutable.
 */
public final class Stalls {
  public static final Stalls NONE = new Stalls(new long[0], new long[0]);
  /** A read this soon after a stall is the first the loop could make; a stall this soon after another follows it. */
  static final long JOIN_NANOS = java.util.concurrent.TimeUnit.MICROSECONDS.toNanos(200);

  private final long[] starts;
  private final long[] ends;
  private Stalls(long[] starts, long[] ends) {
    this.starts = starts;
    this.ends = ends;
  }

  static Stalls of(long[] starts, long[] ends) {
    int n = starts.length;
    if (n == 0) return NONE;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (x, y) -> Long.compare(starts[x], starts[y]));
    long[] s = new long[n];
    long[] e = new long[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      long start = starts[order[i]];
      long end = ends[order[i]];
      if (m > 0 && start <= e[m - 1]) {
        e[m - 1] = Math.max(e[m - 1], end);
      } else {
        s[m] = start;
        e[m] = end;
        m++;
      }
    }
    return new Stalls(Arrays.copyOf(s, m), Arrays.copyOf(e, m));
  }

  /** Both timelines together (an event loop's own and the whole JVM's). */
  public Stalls with(Stalls other) {
    if (other.starts.length == 0) return this;
    if (starts.length == 0) return other;
    long[] s = Arrays.copyOf(starts, starts.length + other.starts.length);
    long[] e = Arrays.copyOf(ends, ends.length + other.ends.length);
    System.arraycopy(other.starts, 0, s, starts.length, other.starts.length);
    System.arraycopy(other.ends, 0, e, ends.length, other.ends.length);
    return of(s, e);
  }

  public int count() {
    return starts.length;
  }

  /**
   * How late a read stamped at {@code t} could be: {@code t - a} for a stall {@code [a, b]} holding t, or just
   * before it, with {@code a} the start of the stall it followed at once, if any.
   */
  public long readDelay(long t) {
    int i = lastStartingBy(t);
    if (i < 0 || ends[i] + JOIN_NANOS < t) return 0;
    long from = i > 0 && ends[i - 1] + JOIN_NANOS >= starts[i] ? starts[i - 1] : starts[i];
    return t - from;
  }

  /** How late a write stamped at {@code t} could have left: {@code b - t} for the latest-ending stall holding t. */
  public long writeDelay(long t) {
    int i = lastStartingBy(t);
    return i >= 0 && ends[i] >= t ? ends[i] - t : 0;
  }

  /** The index of the last stall starting at or before {@code t}, or -1. */
  private int lastStartingBy(long t) {
    int low = 0;
    int high = starts.length - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (starts[mid] <= t) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }
}
