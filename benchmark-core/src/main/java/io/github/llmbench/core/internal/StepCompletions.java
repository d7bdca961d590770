package io.github.llmbench.core.internal;

import io.github.llmbench.api.RequestOutcome;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Where a step's outcomes meet the thread that runs the step: the senders (event loops, worker threads) only queue
 * each outcome, and the step's thread hands them to the sinks, so a slow sink (a file, a console) never holds up a
 * read or a send. The step ends when all its senders have said they are done. Thread-safe.
 */
final class StepCompletions {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final ConcurrentLinkedQueue<RequestOutcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicInteger senders;
  private final Thread waiter = Thread.currentThread();

  /** @param senders how many senders must say they are done; made on the step's thread */
  StepCompletions(int senders) {
    this.senders = new AtomicInteger(senders);
  }

  void add(RequestOutcome outcome) {
    outcomes.add(outcome);
  }

  /** One more sender (a request an open loop took), to be matched by a {@link #senderDone()}. */
  void senderStarted() {
    senders.incrementAndGet();
  }

  /** A sender has nothing more to send or receive. */
  void senderDone() {
    if (senders.decrementAndGet() == 0) LockSupport.unpark(waiter);
  }

  /**
   * On the step's thread: hands outcomes to {@code sink} as they come (none once the run is cancelled) until every
   * sender is done. An interrupt of this thread cancels the run.
   *
   * @return whether this thread was interrupted meanwhile
   */
  boolean await(Consumer<RequestOutcome> sink, RunControl control) {
    boolean interrupted = false;
    while (true) {
      boolean last = senders.get() == 0;
      RequestOutcome o;
      while ((o = outcomes.poll()) != null) {
        if (!control.cancelled()) sink.accept(o);
      }
      if (last) return interrupted;
      LockSupport.parkNanos(POLL_NANOS);
      if (Thread.interrupted()) {
        interrupted = true;
        control.cancel();
      }
    }
  }
}
