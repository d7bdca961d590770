package io.github.llmbench.core.internal;

import io.github.llmbench.api.OpenLoop;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.core.TimeSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs one open-loop step: request {@code i} is scheduled at a fixed offset from the step's start ({@code i / rate},
 * or the sum of {@code i} exponential gaps drawn from the seed), and one thread sends it at that moment whether or
 * not earlier requests have finished. Each request runs on a thread of its own (virtual on Java 21+, pooled platform
 * threads on Java 17; synchronous {@code execute()}, so OkHttp's dispatcher limits do not apply), which builds and
 * serialises the request before it comes due, so that work is never part of its latency. With a concurrency ceiling, a request that comes
 * due while the ceiling is reached waits for a slot; the requests behind it keep their scheduled times, so the
 * wait shows up in their send delay and latency rather than being hidden (no coordinated omission).
 */
final class OpenLoopExecutor {
  private static final long CANCEL_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** How long before its due time a request goes to its thread to be built. */
  private static final long HANDOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final RequestExecutor requests;
  private final TimeSource time;
  private final RunControl control;
  private final String threadPrefix;
  /** Set when the thread running a step was interrupted (steps run one at a time, on one thread). */
  private boolean interrupted;

  OpenLoopExecutor(RequestExecutor requests, TimeSource time, RunControl control, String threadPrefix) {
    this.requests = requests;
    this.time = time;
    this.control = control;
    this.threadPrefix = threadPrefix;
  }

  /**
   * The scheduled offsets, in nanoseconds after the step's start, of a step's requests: of a sharded load, its own
   * arrivals at their offsets on the whole schedule.
   */
  static long[] schedule(OpenLoop load, int n) {
    long[] offsets = new long[n];
    Random random = new Random(load.seed());
    double at = 0;
    int global = n == 0 ? 0 : load.shard().globalIndex(n - 1) + 1;
    for (int i = 0; i < global; i++) {
      if (load.shard().owns(i)) offsets[load.shard().localIndex(i)] = Math.round(at * 1e9);
      double gap = load.poisson() ? -Math.log(1 - random.nextDouble()) / load.ratePerSec() : 1 / load.ratePerSec();
      at += gap;
    }
    return offsets;
  }

  StepRun run(String phase, Step step, Runnable clockStarting, Consumer<RequestOutcome> onOutcome) {
    OpenLoop load = step.openLoop();
    if (load == null) throw new IllegalArgumentException("step " + step.name() + " is not an open loop");
    int n = step.numRequests();
    long[] offsets = schedule(load, n);
    AtomicReferenceArray<RequestOutcome> outcomes = new AtomicReferenceArray<>(n);
    Semaphore slots = load.maxConcurrency() > 0 ? new Semaphore(load.maxConcurrency()) : null;
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), WorkerThreads.factory(threadPrefix + step.name() + "-"));
    interrupted = false;
    clockStarting.run();
    long stepStart = time.monotonicNanos();
    try {
      for (int i = 0; i < n && !control.cancelled(); i++) {
        long due = stepStart + offsets[i];
        // Hand the request to its thread a little early, so that it is built by the time it is due.
        sleepUntil(due - HANDOFF_NANOS);
        if (slots != null && !acquire(slots)) break;
        if (control.cancelled()) {
          if (slots != null) slots.release();
          break;
        }
        int index = i;
        pool.execute(() -> {
          try {
            RequestExecutor.Ready ready = requests.prepare(phase, step, index);
            parkUntil(due);
            RequestOutcome outcome = requests.send(phase, step, index, ready, stepStart, due, true);
            outcomes.set(index, outcome);
            if (!control.cancelled()) onOutcome.accept(outcome);
          } finally {
            if (slots != null) slots.release();
          }
        });
      }
    } finally {
      shutdownAndWait(pool);
    }
    if (interrupted) Thread.currentThread().interrupt();
    List<RequestOutcome> done = StepExecutor.finished(outcomes);
    long[] lags = new long[done.size()];
    for (int i = 0; i < lags.length; i++) lags[i] = done.get(i).sendDelayNanos();
    return new StepRun(done, pool.getLargestPoolSize(), 0, lags);
  }

  /** On a request's own thread: waits until it is due (or the run is cancelled). */
  private void parkUntil(long due) {
    while (!control.cancelled()) {
      long left = due - time.monotonicNanos();
      if (left <= 0) return;
      LockSupport.parkNanos(Math.min(left, CANCEL_POLL_NANOS));
    }
  }

  /** Sleeps until the monotonic clock reaches {@code due} or the run is cancelled. */
  private void sleepUntil(long due) {
    while (!control.cancelled()) {
      long left = due - time.monotonicNanos();
      if (left <= 0) return;
      LockSupport.parkNanos(Math.min(left, CANCEL_POLL_NANOS));
      if (Thread.interrupted()) onInterrupt();
    }
  }

  /** Waits for a free slot; false when the run was cancelled first. */
  private boolean acquire(Semaphore slots) {
    while (!control.cancelled()) {
      try {
        if (slots.tryAcquire(CANCEL_POLL_NANOS, TimeUnit.NANOSECONDS)) return true;
      } catch (InterruptedException e) {
        onInterrupt();
      }
    }
    return false;
  }

  private void shutdownAndWait(ExecutorService pool) {
    pool.shutdown();
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.SECONDS)) return;
      } catch (InterruptedException e) {
        onInterrupt();
      }
    }
  }

  /** The caller's thread was interrupted: treat it as a cancel, and restore the flag when the step is over. */
  private void onInterrupt() {
    interrupted = true;
    control.cancel();
  }
}
