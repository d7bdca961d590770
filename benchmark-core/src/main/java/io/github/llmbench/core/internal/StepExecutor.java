package io.github.llmbench.core.internal;

import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.core.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Runs one step; an open-loop step is handed to {@link OpenLoopExecutor}. A closed loop: exactly {@code min(concurrency, numRequests)} worker threads pull request
 * indexes until {@code numRequests} have been sent, so at most {@code concurrency} requests are in flight and a
 * worker sends its next request as soon as its previous one ends. Workers are this step's own platform threads;
 * they call synchronous {@code execute()}, so OkHttp's dispatcher limits do not apply.
 */
public final class StepExecutor {
  private final RequestExecutor requests;
  private final TimeSource time;
  private final RunControl control;
  private final String threadPrefix;
  private final OpenLoopExecutor openLoop;

  public StepExecutor(RequestExecutor requests, TimeSource time, RunControl control, String threadPrefix) {
    this.requests = requests;
    this.time = time;
    this.control = control;
    this.threadPrefix = threadPrefix;
    this.openLoop = new OpenLoopExecutor(requests, time, control, threadPrefix);
  }

  /**
   * Runs the step and returns the outcomes of the requests that ran, by index. When the run is cancelled the
   * workers stop taking requests and {@code onOutcome} is no longer called.
   *
   * @param onOutcome called on the worker thread as each request ends; must not throw
   */
  public List<RequestOutcome> run(String phase, Step step, Consumer<RequestOutcome> onOutcome) {
    if (step.isOpenLoop()) return openLoop.run(phase, step, onOutcome);
    int n = step.numRequests();
    AtomicInteger next = new AtomicInteger();
    AtomicReferenceArray<RequestOutcome> outcomes = new AtomicReferenceArray<>(n);
    long stepStart = time.monotonicNanos();
    Runnable worker = () -> {
      while (!control.cancelled()) {
        int index = next.getAndIncrement();
        if (index >= n) return;
        RequestOutcome outcome = requests.execute(phase, step, index, stepStart);
        outcomes.set(index, outcome);
        if (!control.cancelled()) onOutcome.accept(outcome);
      }
    };
    int workers = Math.min(step.concurrency(), n);
    List<Thread> threads = new ArrayList<>(workers);
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(worker, threadPrefix + step.name() + "-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    boolean interrupted = false;
    for (Thread t : threads) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          // The caller's thread was interrupted: treat it as a cancel, then wait for the workers to notice.
          interrupted = true;
          control.cancel();
        }
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    return finished(outcomes);
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
