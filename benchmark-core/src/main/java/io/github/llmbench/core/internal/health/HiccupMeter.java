package io.github.llmbench.core.internal.health;

import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.core.TimeSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.jspecify.annotations.Nullable;

/**
 * Measures the JVM's own stalls in the manner of jHiccup: one daemon platform thread sleeps for a short
 * resolution (1 ms, jHiccup's default) again and again, and records how much longer than expected each tick took.
 * Whatever stops every thread (a GC pause, a safepoint, the OS descheduling the process, a swapped page) stops
 * this one too, so its oversleep is a lower bound on the stall any request saw at that moment.
 *
 * <p>As in jHiccup, the expected tick is the <b>shortest tick observed so far</b> rather than the nominal
 * resolution, so the timer's own overshoot (tens of microseconds on Linux) is not counted as a stall; each tick
 * allocates one small object so that allocation stalls are seen; and each tick is recorded with
 * {@link SingleWriterRecorder#recordValueWithExpectedInterval} at the resolution, which fills in the ticks a long
 * stall hid (a 50 ms stall also records 49, 48, ... 1 ms), so percentiles read as shares of time, free of
 * coordinated omission. The maximum and the total are of the raw ticks.
 *
 * <p>Cost: one wake-up per tick. Measured with {@link #meterThreadCpuNanos()} on a 2-core Firecracker VM
 * (Linux 6.18, JDK 17 and 25): 18-20 ms of CPU per second at 1 ms (about 2 % of one core), the same as a bare
 * {@code sleep(1 ms)} loop, so the cost is the operating system's wake-up, not the recording; 5 ms per second at
 * a 10 ms resolution. Thread-safe: {@link #takeWindow()} may be called from any thread.
 */
public final class HiccupMeter implements AutoCloseable {
  /** jHiccup's default resolution. */
  public static final Duration DEFAULT_RESOLUTION = Duration.ofMillis(1);
  /** Stalls of at least one whole lost tick count towards {@link ClientHealth.Hiccups#totalMillis()}. */
  public static final Duration DEFAULT_STALL_THRESHOLD = Duration.ofMillis(1);

  /** How the meter's thread waits for one tick: {@link #SYSTEM} sleeps; tests pass one that drives a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;

    Sleeper SYSTEM = TimeUnit.NANOSECONDS::sleep;
  }

  private static final System.Logger LOG = System.getLogger(HiccupMeter.class.getName());

  private final TimeSource time;
  private final Sleeper sleeper;
  private final long resolutionNanos;
  private final long stallThresholdNanos;
  /** Where ticks late by at least {@link #INTERVAL_THRESHOLD_NANOS} are kept as intervals, for the figures' bounds. */
  private final StallTimeline timeline = new StallTimeline();
  private static final long INTERVAL_THRESHOLD_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
  // Written by the meter thread only (hence the single-writer recorder); read by takeWindow().
  private final SingleWriterRecorder recorder = new SingleWriterRecorder(2);  // auto-resizing, as jHiccup
  private final AtomicLong stallNanos = new AtomicLong();
  private final AtomicLong maxTickNanos = new AtomicLong();
  private @Nullable Histogram recycled;
  private @Nullable Thread thread;
  private volatile boolean running;
  /** Volatile so the allocation is not optimised away (as jHiccup's {@code lastSleepTimeObj}). */
  private volatile @Nullable Object lastTickAllocation;

  /**
   * @param time the monotonic clock ticks are measured with
   * @param sleeper how a tick waits
   * @param resolution how long each tick sleeps (jHiccup's default: 1 ms)
   * @param stallThreshold the shortest stall counted in the total stall time
   * @throws IllegalArgumentException if a duration is not positive
   */
  public HiccupMeter(TimeSource time, Sleeper sleeper, Duration resolution, Duration stallThreshold) {
    this.time = Objects.requireNonNull(time, "time");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.resolutionNanos = positiveNanos("resolution", resolution);
    this.stallThresholdNanos = positiveNanos("stallThreshold", stallThreshold);
  }

  /** A meter on the system clock, 1 ms resolution, 1 ms stall threshold. */
  public static HiccupMeter ofDefaults() {
    return new HiccupMeter(TimeSource.SYSTEM, Sleeper.SYSTEM, DEFAULT_RESOLUTION, DEFAULT_STALL_THRESHOLD);
  }

  /** Starts the meter's thread; does nothing when it runs already. */
  public synchronized void start() {
    if (thread != null) return;
    running = true;
    Thread t = new Thread(this::run, "llmbench-hiccup-meter");
    t.setDaemon(true);  // never keeps the JVM alive
    thread = t;
    t.start();
  }

  /** Whether the meter's thread runs. */
  public synchronized boolean isRunning() {
    return thread != null && thread.isAlive();
  }

  /** The stalls seen since the last call (or since the start), and starts a new window. Thread-safe. */
  public synchronized ClientHealth.Hiccups takeWindow() {
    // The recorder's interval and the two counters are swapped a few instructions apart; a tick landing in
    // between is counted in the next window's max/total instead of this one's. Harmless at 1 ms ticks.
    Histogram h = recorder.getIntervalHistogram(recycled);
    recycled = h;
    long stall = stallNanos.getAndSet(0);
    long max = maxTickNanos.getAndSet(0);
    if (h.getTotalCount() == 0) return ClientHealth.Hiccups.NONE;
    return new ClientHealth.Hiccups(max / 1e6, h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6,
        stall / 1e6);
  }

  /** The JVM-wide stalls the meter saw, as intervals: {@code start()} with a step's clock, {@code take()} after. */
  public StallTimeline timeline() {
    return timeline;
  }

  /**
   * The CPU time the meter's thread has used so far, in nanoseconds, or -1 when it does not run or the JVM does not
   * measure thread CPU time: the meter's own cost.
   */
  public synchronized long meterThreadCpuNanos() {
    Thread t = thread;
    if (t == null) return -1;
    try {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      return threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(t.getId()) : -1;
    } catch (RuntimeException | LinkageError e) {  // UnsupportedOperationException, SecurityException
      return -1;
    }
  }

  /** Stops the meter's thread and waits briefly for it to end. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
    if (t == null) return;
    t.interrupt();
    try {
      t.join(TimeUnit.SECONDS.toMillis(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long shortestTickNanos = Long.MAX_VALUE;
    long previous = time.monotonicNanos();
    try {
      while (running) {
        sleeper.sleepNanos(resolutionNanos);
        lastTickAllocation = new Object();  // an allocation stall stops the tick too
        long now = time.monotonicNanos();
        long tick = now - previous;
        previous = now;
        if (tick < 0) continue;  // a clock that went backwards: no measurement
        shortestTickNanos = Math.min(shortestTickNanos, tick);
        long hiccup = tick - shortestTickNanos;
        record(hiccup);
        if (hiccup >= INTERVAL_THRESHOLD_NANOS) timeline.record(now - hiccup, now);
      }
    } catch (InterruptedException e) {
      // close(): end quietly
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the hiccup meter stopped; later steps report no stalls", e);
    }
  }

  private void record(long hiccupNanos) {
    recorder.recordValueWithExpectedInterval(hiccupNanos, resolutionNanos);
    maxTickNanos.accumulateAndGet(hiccupNanos, Math::max);
    if (hiccupNanos >= stallThresholdNanos) stallNanos.addAndGet(hiccupNanos);
  }

  private static long positiveNanos(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(field + " (" + d + ") should be positive");
    return d.toNanos();
  }

  @Override
  public String toString() {
    return "HiccupMeter[resolutionNanos=" + resolutionNanos + ", stallThresholdNanos=" + stallThresholdNanos
        + ", running=" + running + "]";
  }
}
