package io.github.llmbench.core.internal;

import io.github.llmbench.api.Step;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A step's requests, prepared ahead of when they are due so that the event loops only write them: the first
 * {@code capacity} before the step's clock starts, the rest by the run's preparing thread ({@link Preparer}), which
 * keeps the queue topped up. Each index is prepared once, by whoever claims it; a sender that finds the queue empty
 * prepares the next request itself rather than wait. Thread-safe.
 */
final class RequestSupply {
  private final RequestExecutor requests;
  private final String phase;
  private final Step step;
  private final int count;
  private final ArrayBlockingQueue<RequestExecutor.Ready> ready;
  /** Indexes claimed for preparing (by the preparing thread or a sender). */
  private final AtomicInteger claimed = new AtomicInteger();
  /** Requests promised to senders: one each, so that no sender is told "none left" while one is being prepared. */
  private final AtomicInteger reserved = new AtomicInteger();
  private final int refillBelow;
  private volatile @Nullable Thread preparer;

  RequestSupply(RequestExecutor requests, String phase, Step step, int count, int capacity) {
    this.requests = requests;
    this.phase = phase;
    this.step = step;
    this.count = count;
    this.ready = new ArrayBlockingQueue<>(Math.max(1, Math.min(count, capacity)));
    this.refillBelow = Math.max(1, ready.remainingCapacity() / 2);
  }

  /** Fills the queue, on the calling thread: before the clock. */
  void fill() {
    topUp();
  }

  /** Prepares requests until the queue is full or none are left; the preparing thread's work. */
  void topUp() {
    while (ready.remainingCapacity() > 0) {
      int index = claimed.getAndIncrement();
      if (index >= count) return;
      ready.add(requests.prepare(phase, step, index));
    }
  }

  /** Whether every request has been claimed. */
  boolean exhausted() {
    return claimed.get() >= count;
  }

  void wakeWith(Thread thread) {
    this.preparer = thread;
  }

  /**
   * The next request to send, or {@code null} when every one has been handed out. Blocks only when the last
   * requests are all being prepared by the preparing thread: then for no longer than preparing one here would take.
   */
  RequestExecutor.@Nullable Ready next() {
    if (reserved.getAndIncrement() >= count) return null;
    RequestExecutor.Ready r = ready.poll();
    if (r == null) {
      int index = claimed.getAndIncrement();
      r = index < count ? requests.prepare(phase, step, index) : awaitPrepared();
    }
    Thread p = preparer;
    if (p != null && ready.size() < refillBelow && !exhausted()) LockSupport.unpark(p);
    return r;
  }

  /** One of the requests the preparing thread claimed, which this sender has reserved. */
  private RequestExecutor.Ready awaitPrepared() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return ready.take();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }
}
