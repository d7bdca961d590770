package io.github.llmbench.core.internal.health;

import io.github.llmbench.core.TimeSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hiccup meter's clock and sleeper for tests: each tick really sleeps 1 ms (so the meter's thread does not
 * spin) but moves the fake clock by exactly the resolution, so the meter sees no stall at all, until the test asks
 * for one tick to oversleep by a given time.
 */
final class FakeTicks implements TimeSource, HiccupMeter.Sleeper {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicLong pendingStallNanos = new AtomicLong();
  private volatile CountDownLatch recorded = new CountDownLatch(0);
  private volatile boolean stallDelivered;
  final AtomicLong ticks = new AtomicLong();

  HiccupMeter meter() {
    return new HiccupMeter(this, this, HiccupMeter.DEFAULT_RESOLUTION, HiccupMeter.DEFAULT_STALL_THRESHOLD);
  }

  /** Makes the next tick oversleep by {@code stall} and waits until the meter has recorded it. */
  void stallOneTick(Duration stall) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    recorded = done;
    pendingStallNanos.set(stall.toNanos());
    if (!done.await(10, TimeUnit.SECONDS)) throw new AssertionError("the meter did not tick");
  }

  /** Waits until the meter has taken {@code n} more ticks. */
  void awaitTicks(int n) throws InterruptedException {
    long target = ticks.get() + n;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ticks.get() < target) {
      if (System.nanoTime() > deadline) throw new AssertionError("the meter did not tick");
      Thread.sleep(1);
    }
  }

  @Override
  public void sleepNanos(long sleepNanos) throws InterruptedException {
    // The meter records a tick right after this returns, so the tick before this call has been recorded.
    if (stallDelivered) {
      stallDelivered = false;
      recorded.countDown();
    }
    ticks.incrementAndGet();
    Thread.sleep(1);
    long stall = pendingStallNanos.getAndSet(0);
    nanos.addAndGet(sleepNanos + stall);
    if (stall > 0) stallDelivered = true;
  }

  @Override
  public long wallTimeMillis() {
    return nanos.get() / 1_000_000;
  }

  @Override
  public long monotonicNanos() {
    return nanos.get();
  }
}
