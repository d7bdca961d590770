package io.github.llmbench.core.internal;

import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.core.TimeSource;
import io.github.llmbench.core.internal.transport.Transport;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs one open-loop step: request {@code i} is due at a fixed offset from the step's start (its
 * {@link ArrivalSchedule}) and is sent then, whether or not earlier requests have
 * finished. Each lane runs a chain that holds the next prepared request and wakes on its lane's timer when it is
 * due, so sends are scheduled on the event loops themselves. With a concurrency ceiling, a request that comes due
 * while the ceiling is reached waits for a slot; the requests behind it keep their scheduled times, so the wait shows
 * up in their send delay and latency rather than being hidden (no coordinated omission). Latency counts from the
 * scheduled time.
 */
final class OpenLoopExecutor {
  /** A request due this close is sent now rather than after another trip through the timer. */
  private static final long DUE_SLACK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
  /** Connections opened before the clock when nothing bounds the load: a second's worth of arrivals. */
  private static final int MAX_WARM_CONNECTIONS = 1024;

  private final Transport transport;
  private final RequestExecutor requests;
  private final ResponseDecoder.Settings decoding;
  private final TimeSource time;
  private final RunControl control;
  private final ClientSettings.ConnectionMode connectionMode;
  private final Preparer preparer;

  OpenLoopExecutor(Transport transport, RequestExecutor requests, ResponseDecoder.Settings decoding, TimeSource time,
      RunControl control, ClientSettings.ConnectionMode connectionMode, Preparer preparer) {
    this.transport = transport;
    this.requests = requests;
    this.decoding = decoding;
    this.time = time;
    this.control = control;
    this.connectionMode = connectionMode;
    this.preparer = preparer;
  }

  /** The requests an open loop is expected to have out at once: its ceiling, else a second's arrivals. */
  static int expectedInFlight(Load.OpenLoop load, int n) {
    int bound = load.maxConcurrency() > 0 ? load.maxConcurrency()
        : (int) Math.min(MAX_WARM_CONNECTIONS, Math.max(4, Math.ceil(load.ratePerSec())));
    return Math.max(1, Math.min(n, bound));
  }

  StepRun run(String phase, Step step, Runnable clockStarting, Consumer<RequestOutcome> onOutcome) {
    Load.OpenLoop load = step.openLoop();
    if (load == null) throw new IllegalArgumentException("step " + step.name() + " is not an open loop");
    return new Run(phase, step, load).run(clockStarting, onOutcome);
  }

  private final class Run {
    private final String phase;
    private final Step step;
    private final Load.OpenLoop load;
    private final long[] offsets;
    private final RequestSupply supply;
    private final AtomicReferenceArray<RequestOutcome> outcomes;
    private final StepCompletions completions;
    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final int[] lanes;
    private final long[] ownLag;
    private long stepStart;

    Run(String phase, Step step, Load.OpenLoop load) {
      this.phase = phase;
      this.step = step;
      this.load = load;
      int n = step.numRequests();
      this.offsets = ArrivalSchedule.offsets(load, n);
      this.supply = new RequestSupply(requests, phase, step, n,
          StepExecutor.supplyCapacity(expectedInFlight(load, n)));
      this.outcomes = new AtomicReferenceArray<>(n);
      this.lanes = new int[n];
      java.util.Arrays.fill(lanes, -1);
      this.ownLag = new long[n];
      this.limit = load.maxConcurrency();
      this.completions = new StepCompletions(Math.min(transport.lanes(), Math.max(1, n)));
    }

    StepRun run(Runnable clockStarting, Consumer<RequestOutcome> onOutcome) {
      supply.fill();
      int n = step.numRequests();
      if (connectionMode == ClientSettings.ConnectionMode.WARM) transport.warm(expectedInFlight(load, n), true);
      preparer.serve(supply);
      transport.watchStalls();
      clockStarting.run();
      stepStart = time.monotonicNanos();
      int chains = Math.min(transport.lanes(), Math.max(1, n));
      List<Chain> all = new java.util.ArrayList<>(chains);
      for (int lane = 0; lane < chains; lane++) {
        Chain chain = new Chain(lane);
        all.add(chain);
        transport.execute(lane, chain::advance);
      }
      Runnable forgetWake = control.onCancel(() -> all.forEach(c -> transport.execute(c.lane, c::advance)));
      boolean interrupted = completions.await(onOutcome, control);
      forgetWake.run();
      preparer.stop();
      if (interrupted) Thread.currentThread().interrupt();
      List<RequestOutcome> done = StepExecutor.finished(outcomes);
      long[] lags = new long[done.size()];
      for (int i = 0; i < lags.length; i++) lags[i] = done.get(i).sendDelayNanos();
      return new StepRun(done, peakInFlight.get(), 0, lags, stepStart, lanes, ownLag, 0, transport.takeStalls());
    }

    /** One lane's share of the arrivals: it holds the next request and sends it when it is due. */
    private final class Chain {
      private final int lane;
      private RequestExecutor.@Nullable Ready held;
      private boolean ended;

      Chain(int lane) {
        this.lane = lane;
      }

      /**
       * On the lane's thread: sends what is due, then sleeps on the lane's timer until the next is. A cancel wakes
       * it at once.
       */
      void advance() {
        while (!ended) {
          if (control.cancelled()) {
            if (held != null) {
              held = null;
              completions.senderDone();
            }
            end();
            return;
          }
          if (held == null) {
            held = supply.next();
            if (held == null) {
              end();
              return;
            }
            completions.senderStarted();
          }
          long due = stepStart + offsets[held.index()];
          if (due - time.monotonicNanos() > DUE_SLACK_NANOS) {
            transport.schedule(lane, due, this::advance);
            return;
          }
          RequestExecutor.Ready r = held;
          held = null;
          admit(r, due, lane);
        }
      }

      private void end() {
        ended = true;
        completions.senderDone();
      }
    }

    private record Waiting(RequestExecutor.Ready ready, long due) {}

    /** Sends now unless the ceiling is reached; then the request waits for a slot, its due time kept. */
    private void admit(RequestExecutor.Ready r, long due, int lane) {
      if (control.cancelled()) {
        completions.senderDone();
        return;
      }
      if (limit <= 0 || tryAcquire()) {
        send(r, due, lane, false);
        return;
      }
      waiting.add(new Waiting(r, due));
      // A slot freed between the failed acquire and the add would otherwise leave it waiting for the next one.
      releaseToWaiting(lane);
    }

    private boolean tryAcquire() {
      while (true) {
        int current = inFlight.get();
        if (current >= limit) return false;
        if (inFlight.compareAndSet(current, current + 1)) return true;
      }
    }

    private void releaseToWaiting(int lane) {
      while (!waiting.isEmpty() && tryAcquire()) {
        Waiting w = waiting.poll();
        if (w == null) {
          inFlight.decrementAndGet();
          return;
        }
        if (control.cancelled()) {
          inFlight.decrementAndGet();
          completions.senderDone();
          continue;
        }
        send(w.ready(), w.due(), lane, true);
      }
    }

    /** @param waited whether it waited for a slot under the ceiling: then its lag from there on is llmbench's */
    private void send(RequestExecutor.Ready r, long due, int lane, boolean waited) {
      int now = limit > 0 ? inFlight.get() : inFlight.incrementAndGet();
      peakInFlight.accumulateAndGet(now, Math::max);
      long handed = time.monotonicNanos();
      long ownFrom = waited ? handed : due;
      if (r.request() == null) {
        transport.execute(lane,
            () -> done(r, RequestExecutor.unbuilt(r, time.monotonicNanos()), 0, due, handed, ownFrom, lane));
        return;
      }
      transport.send(lane, r.request(), new ResponseDecoder(decoding, r.stream(),
          (exchange, written) -> done(r, exchange, written, due, handed, ownFrom, lane)));
    }

    private void done(RequestExecutor.Ready r, Exchange exchange, long written, long due, long handed, long ownFrom,
        int lane) {
      long sent = written != 0 ? written : handed;
      lanes[r.index()] = lane;
      // With a new connection per request, the connect is the request's (its latency), not llmbench's lag.
      long leftAt = connectionMode == ClientSettings.ConnectionMode.NEW_PER_REQUEST ? handed : sent;
      ownLag[r.index()] = Math.max(0, leftAt - ownFrom);
      long origin = Math.min(due, leftAt);
      RequestOutcome outcome = requests.outcome(phase, step, r, exchange, stepStart, origin, leftAt);
      outcomes.set(r.index(), outcome);
      completions.add(outcome);
      inFlight.decrementAndGet();
      if (limit > 0) releaseToWaiting(lane);
      completions.senderDone();
    }
  }
}
