package io.github.llmbench.core.internal;

import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepNotes;
import io.github.llmbench.api.StepInfo;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.core.TimeSource;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The command line's progress display. With {@code live}, one line redrawn with {@code '\r'} at most every
 * {@value #REDRAW_INTERVAL_MILLIS} ms while a step runs; always one line per finished step. Writes only to the
 * stream it is given, never closes it, prints no phase headers. Thread-safe.
 */
public final class ConsoleSink implements MetricSink {
  static final long REDRAW_INTERVAL_MILLIS = 250;

  private final PrintStream out;
  private final boolean live;
  private final TimeSource time;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicLong tokens = new AtomicLong();
  private volatile @Nullable StepInfo step;
  private volatile long stepStartNanos;
  private volatile long lastDrawNanos;
  private int liveLength; // guarded by this
  /** Redraws the live line while no request completes, so elapsed time keeps moving. Guarded by this. */
  private @Nullable ScheduledExecutorService ticker;

  public ConsoleSink(PrintStream out, boolean live, TimeSource time) {
    this.out = out;
    this.live = live;
    this.time = time;
  }

  @Override
  public void onStepStarted(StepInfo info) {
    done.set(0);
    tokens.set(0);
    stepStartNanos = time.monotonicNanos();
    step = info;
    if (live) {
      draw(stepStartNanos, true);
      startTicker();
    }
  }

  private synchronized void startTicker() {
    if (ticker != null) return;
    ticker = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "llmbench-progress");
      thread.setDaemon(true);
      return thread;
    });
    ticker.scheduleAtFixedRate(() -> draw(time.monotonicNanos(), false), REDRAW_INTERVAL_MILLIS,
        REDRAW_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  private synchronized void stopTicker() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }

  @Override
  public void onRunCompleted(io.github.llmbench.api.BenchmarkResult result) {
    stopTicker();
  }

  @Override
  public void onRequestCompleted(RequestOutcome outcome) {
    done.incrementAndGet();
    if (outcome.success()) tokens.addAndGet(outcome.promptTokens() + outcome.completionTokens());
    if (!live) return;
    long now = time.monotonicNanos();
    if (now - lastDrawNanos >= REDRAW_INTERVAL_MILLIS * 1_000_000) draw(now, false);
  }

  private synchronized void draw(long now, boolean force) {
    StepInfo info = step;
    if (info == null || !force && now - lastDrawNanos < REDRAW_INTERVAL_MILLIS * 1_000_000) return;
    lastDrawNanos = now;
    int finished = done.get();
    double elapsed = Math.max(0, now - stepStartNanos) / 1e9;
    int inFlight = Math.min(info.concurrency(), info.numRequests() - finished);
    String line = String.format(Locale.ROOT, "  %s  done %d/%d  in flight %d  %.1f s  %.1f tok/s", info.step(),
        finished, info.numRequests(), inFlight, elapsed, elapsed > 0 ? tokens.get() / elapsed : 0.0);
    StringBuilder text = new StringBuilder("\r").append(line);
    for (int i = line.length(); i < liveLength; i++) text.append(' ');
    liveLength = line.length();
    out.print(text);
    out.flush();
  }

  @Override
  public synchronized void onStepCompleted(StepResult r) {
    stopTicker();
    if (live && liveLength > 0) {
      out.print("\r" + " ".repeat(liveLength) + "\r");
      liveLength = 0;
    }
    out.println(stepLine(r));
    for (String note : StepNotes.of(r)) {
      if (!note.startsWith("client-bound")) out.println("    note: " + note); // client-bound is on the line
    }
    out.flush();
    step = null;
  }

  /**
   * {@code "  scale_50     c=50   100/100 ok  p50 1.234 s  p99 2.345 s  1234.5 tok/s  DEGRADED (reason)"}, with
   * {@code " [client-bound]"} after the status when the client's self-check says the client was the bottleneck.
   */
  public static String stepLine(StepResult r) {
    String line = String.format(Locale.ROOT, "  %-12s c=%-4d %d/%d ok  p50 %.3f s  p99 %.3f s  %.1f tok/s  %s",
        r.testName(), r.concurrency(), r.statistics().successful(), r.numRequests(), r.latencyP50Sec(),
        r.latencyP99Sec(), r.throughputTotal(), r.status());
    // A client-bound step is marked on its line, never silently (its reason says why).
    if (r.verdict().marginal()) line += " (marginal)";
    boolean clientBound = r.measurement().clientBound();
    if (clientBound) line += " [client-bound]";
    if (r.status() != Status.OK) return line + " (" + r.verdict().reason() + ")";
    return clientBound ? line + " (" + r.measurement().clientHealth().get().verdictReason() + ")" : line;
  }
}
