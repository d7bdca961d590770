package io.github.llmbench.core.internal;

import io.github.llmbench.api.ConnectionMode;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.core.TimeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import okhttp3.Response;

/**
 * Runs one step; an open-loop step is handed to {@link OpenLoopExecutor}. A closed loop: exactly
 * {@code min(concurrency, numRequests)} workers pull request indexes until {@code numRequests} have been sent, so at
 * most {@code concurrency} requests are in flight and a worker sends its next request as soon as its previous one
 * ends.
 *
 * <p><b>Every step starts wide.</b> The workers are created and started, each builds its first request, and (in
 * {@link ConnectionMode#WARM}) each opens and holds a connection of its own, before the step's clock starts; then
 * all are released at once, so the step's first requests leave together instead of one thread creation after
 * another, and none of them pays for a connection. The spread of those first sends is recorded. Workers are virtual
 * threads on Java 21+, platform threads on Java 17 ({@link WorkerThreads}); they call synchronous
 * {@code execute()}, so OkHttp's dispatcher limits do not apply.
 */
public final class StepExecutor {
  private final RequestExecutor requests;
  private final HttpTransport transport;
  private final TimeSource time;
  private final RunControl control;
  private final String threadPrefix;
  private final ConnectionMode connectionMode;
  private final OpenLoopExecutor openLoop;

  public StepExecutor(RequestExecutor requests, HttpTransport transport, TimeSource time, RunControl control,
      String threadPrefix, ConnectionMode connectionMode) {
    this.requests = requests;
    this.transport = transport;
    this.time = time;
    this.control = control;
    this.threadPrefix = threadPrefix;
    this.connectionMode = connectionMode;
    this.openLoop = new OpenLoopExecutor(requests, time, control, threadPrefix);
  }

  /**
   * Runs the step. When the run is cancelled the workers stop taking requests and {@code onOutcome} is no longer
   * called.
   *
   * @param clockStarting called on the calling thread just before the step's clock starts, with every worker ready
   *     (where the run starts its client self-check and its server-metrics scrapes)
   * @param onOutcome called on the worker thread as each request ends; must not throw
   */
  public StepRun run(String phase, Step step, Runnable clockStarting, Consumer<RequestOutcome> onOutcome) {
    if (step.isOpenLoop()) return openLoop.run(phase, step, clockStarting, onOutcome);
    int n = step.numRequests();
    int workers = Math.min(step.concurrency(), n);
    AtomicInteger next = new AtomicInteger();
    AtomicReferenceArray<RequestOutcome> outcomes = new AtomicReferenceArray<>(n);
    long[] lags = new long[n];
    long[] firstSends = new long[workers];
    CountDownLatch opened = new CountDownLatch(workers);
    CountDownLatch released = new CountDownLatch(workers);
    CountDownLatch go = new CountDownLatch(1);
    long[] stepStart = new long[1];
    ThreadFactory factory = WorkerThreads.factory(threadPrefix + step.name() + "-");
    List<Thread> threads = new ArrayList<>(workers);
    for (int w = 0; w < workers; w++) {
      int worker = w;
      threads.add(factory.newThread(() -> {
        // The worker's share of the connections (see HttpTransport.Lane).
        HttpTransport.Lane lane = connectionMode == ConnectionMode.WARM ? transport.lane() : null;
        // Hold a connection until every worker holds one, so that each opens its own.
        Response warm = lane != null ? transport.openConnection(lane) : null;
        opened.countDown();
        awaitUninterruptibly(opened);
        if (warm != null) warm.close();
        // Its first request is built now too (workers <= n, so there is one), or 10,000 workers building theirs
        // after the release would hold up each other's first sends.
        int firstIndex = next.getAndIncrement();
        RequestExecutor.Ready firstReady = requests.prepare(phase, step, firstIndex);
        released.countDown();
        awaitUninterruptibly(go);
        long due = stepStart[0];
        boolean first = true;
        while (!control.cancelled()) {
          int index = first ? firstIndex : next.getAndIncrement();
          if (index >= n) return;
          RequestExecutor.Ready ready = first ? firstReady : requests.prepare(phase, step, index);
          RequestOutcome outcome = requests.send(phase, step, index, ready, stepStart[0], due, false, lane);
          long sent = stepStart[0] + outcome.startOffsetNanos();
          if (first) {
            firstSends[worker] = sent;
            first = false;
          }
          lags[index] = Math.max(0, sent - due);
          due = sent + outcome.latencyNanos();
          outcomes.set(index, outcome);
          if (!control.cancelled()) onOutcome.accept(outcome);
        }
      }));
    }
    threads.forEach(Thread::start);
    boolean interrupted = awaitOrCancel(released);
    clockStarting.run();
    stepStart[0] = time.monotonicNanos();
    go.countDown();
    for (Thread t : threads) interrupted |= joinOrCancel(t);
    if (interrupted) Thread.currentThread().interrupt();
    List<RequestOutcome> done = finished(outcomes);
    return new StepRun(done, workers, spread(firstSends), ranLags(lags, outcomes));
  }

  private static long spread(long[] firstSends) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long t : firstSends) {
      if (t == 0) continue; // a worker that sent nothing (cancelled)
      min = Math.min(min, t);
      max = Math.max(max, t);
    }
    return min == Long.MAX_VALUE ? 0 : max - min;
  }

  private static long[] ranLags(long[] lags, AtomicReferenceArray<RequestOutcome> outcomes) {
    long[] ran = new long[lags.length];
    int k = 0;
    for (int i = 0; i < lags.length; i++) {
      if (outcomes.get(i) != null) ran[k++] = lags[i];
    }
    return Arrays.copyOf(ran, k);
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /** Waits for the latch; an interrupt of the caller's thread cancels the run and is reported back. */
  private boolean awaitOrCancel(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        return interrupted;
      } catch (InterruptedException e) {
        interrupted = true;
        control.cancel();
      }
    }
  }

  private boolean joinOrCancel(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        return interrupted;
      } catch (InterruptedException e) {
        // The caller's thread was interrupted: treat it as a cancel, then wait for the workers to notice.
        interrupted = true;
        control.cancel();
      }
    }
  }

  /** The outcomes of the requests that ran, by index (a cancelled step leaves gaps). */
  static List<RequestOutcome> finished(AtomicReferenceArray<RequestOutcome> outcomes) {
    List<RequestOutcome> done = new ArrayList<>(outcomes.length());
    for (int i = 0; i < outcomes.length(); i++) {
      RequestOutcome o = outcomes.get(i);
      if (o != null) done.add(o);
    }
    return done;
  }
}
