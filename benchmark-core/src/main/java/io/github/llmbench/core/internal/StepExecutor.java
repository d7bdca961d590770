package io.github.llmbench.core.internal;

import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.core.TimeSource;
import io.github.llmbench.core.internal.transport.Transport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Runs one step; an open-loop step is handed to {@link OpenLoopExecutor}. A closed loop: exactly
 * {@code min(concurrency, numRequests)} workers take requests until {@code numRequests} have been sent, so at most
 * {@code concurrency} are in flight and a worker sends its next request as soon as its previous one ends. A worker
 * is a sequence of exchanges on its lane (on Netty, on its connection's event loop), not a thread.
 *
 * <p><b>Every step starts wide.</b> Before the step's clock starts, its first requests are prepared and (in
 * {@link ClientSettings.ConnectionMode#WARM}) every worker's connection is opened by connecting, with no request sent;
 * then every worker sends at once, so none of the first requests pays for a connection, and the spread of those first
 * sends is recorded. Each request's latency runs from its first byte written to the last byte of its response, both
 * read at the I/O edge (with a new connection per request, from before the connect).
 */
public final class StepExecutor {
  private final Transport transport;
  private final RequestExecutor requests;
  private final ResponseDecoder.Settings decoding;
  private final TimeSource time;
  private final RunControl control;
  private final ClientSettings.ConnectionMode connectionMode;
  private final Preparer preparer;
  private final OpenLoopExecutor openLoop;

  StepExecutor(Transport transport, RequestExecutor requests, ResponseDecoder.Settings decoding, TimeSource time,
      RunControl control, ClientSettings.ConnectionMode connectionMode, Preparer preparer) {
    this.transport = transport;
    this.requests = requests;
    this.decoding = decoding;
    this.time = time;
    this.control = control;
    this.connectionMode = connectionMode;
    this.preparer = preparer;
    this.openLoop = new OpenLoopExecutor(transport, requests, decoding, time, control, connectionMode, preparer);
  }

  /** How many requests are prepared ahead: a wave and as much again. */
  static int supplyCapacity(int inFlight) {
    return 2 * inFlight + 16;
  }

  /**
   * Runs the step. When the run is cancelled the workers stop taking requests and {@code onOutcome} is no longer
   * called.
   *
   * @param clockStarting called on the calling thread just before the step's clock starts, with every worker ready
   *     (where the run starts its client self-check and its server-metrics scrapes)
   * @param onOutcome called on the calling thread as each request ends; must not throw
   */
  public StepRun run(String phase, Step step, Runnable clockStarting, Consumer<RequestOutcome> onOutcome) {
    if (step.isOpenLoop()) return openLoop.run(phase, step, clockStarting, onOutcome);
    return new ClosedLoop(phase, step).run(clockStarting, onOutcome);
  }

  /** One closed-loop step's state. */
  private final class ClosedLoop {
    private final String phase;
    private final Step step;
    private final int workers;
    private final RequestSupply supply;
    private final AtomicReferenceArray<RequestOutcome> outcomes;
    private final long[] lags;
    private final int[] lanes;
    private final long[] firstSends;
    private final long[] workerLags;
    private final StepCompletions completions;
    private long stepStart;

    ClosedLoop(String phase, Step step) {
      this.phase = phase;
      this.step = step;
      int n = step.numRequests();
      this.workers = Math.min(step.concurrency(), n);
      this.supply = new RequestSupply(requests, phase, step, n, supplyCapacity(workers));
      this.outcomes = new AtomicReferenceArray<>(n);
      this.lags = new long[n];
      this.lanes = new int[n];
      java.util.Arrays.fill(lanes, -1);
      this.firstSends = new long[workers];
      this.workerLags = new long[workers];
      this.completions = new StepCompletions(workers);
    }

    StepRun run(Runnable clockStarting, Consumer<RequestOutcome> onOutcome) {
      supply.fill();
      if (connectionMode == ClientSettings.ConnectionMode.WARM) transport.warm(workers, false);
      preparer.serve(supply);
      transport.watchStalls();
      clockStarting.run();
      stepStart = time.monotonicNanos();
      int laneCount = transport.lanes();
      Load.ClosedLoop load = (Load.ClosedLoop) step.load();
      for (int w = 0; w < workers; w++) {
        Worker worker = new Worker(w, w % laneCount);
        long start = stepStart + load.startNanos(w);
        if (start == stepStart) {
          transport.execute(worker.lane, () -> worker.next(stepStart));
        } else { // a ramp's later worker: it starts on its lane's timer, and its first send is due then
          transport.schedule(worker.lane, start, () -> worker.next(start));
        }
      }
      boolean interrupted = completions.await(onOutcome, control);
      preparer.stop();
      if (interrupted) Thread.currentThread().interrupt();
      long maxWorkerLag = 0;
      for (long lag : workerLags) maxWorkerLag = Math.max(maxWorkerLag, lag);
      // The spread of the first sends, each from its own due time: a ramp's later workers are late on purpose.
      for (int w = 0; w < workers; w++) {
        if (firstSends[w] != 0) firstSends[w] -= load.startNanos(w);
      }
      return new StepRun(finished(outcomes), workers, spread(firstSends), ranLags(lags, outcomes), stepStart, lanes,
          new long[lags.length], maxWorkerLag, transport.takeStalls());
    }

    /** A worker: one request at a time on its lane, the next as soon as the previous ended. */
    private final class Worker {
      private final int id;
      private final int lane;
      private boolean first = true;

      Worker(int id, int lane) {
        this.id = id;
        this.lane = lane;
      }

      /** Sends the next request; {@code dueNanos} is when the worker became free. On the lane's thread. */
      void next(long dueNanos) {
        RequestExecutor.Ready r = control.cancelled() ? null : supply.next();
        if (r == null) {
          completions.senderDone();
          return;
        }
        long handed = time.monotonicNanos();
        if (r.request() == null) {
          // Failed where it is; told from a task of its own, so a run of such failures does not recurse.
          transport.execute(lane, () -> done(r, RequestExecutor.unbuilt(r, time.monotonicNanos()), 0, dueNanos, handed));
          return;
        }
        transport.send(lane, r.request(), new ResponseDecoder(decoding, r.stream(),
            (exchange, written) -> done(r, exchange, written, dueNanos, handed)));
      }

      private void done(RequestExecutor.Ready r, Exchange exchange, long written, long dueNanos, long handed) {
        long sent = written != 0 ? written : handed;
        // With a new connection per request the connect is the request's, as in the unified script.
        long origin = connectionMode == ClientSettings.ConnectionMode.NEW_PER_REQUEST ? handed : sent;
        RequestOutcome outcome = requests.outcome(phase, step, r, exchange, stepStart, origin, origin);
        lags[r.index()] = Math.max(0, origin - dueNanos);
        lanes[r.index()] = lane;
        workerLags[id] += lags[r.index()];
        if (first) {
          firstSends[id] = origin;
          first = false;
        }
        outcomes.set(r.index(), outcome);
        completions.add(outcome);
        next(Math.max(exchange.endNanos(), origin));
      }
    }
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
