package io.github.llmbench.core.internal;

import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.core.StepNotes;
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
  private volatile MetricSink.@Nullable StepInfo step;
  private volatile long stepStartNanos;
  private volatile long lastDrawNanos;
  private int liveLength; // guarded by this
  /** The console's width: every line fits it. */
  static final int WIDTH = 80;
  private volatile int stepNumber;
  private volatile int stepCount;
  private volatile long runRequests;
  private final AtomicLong runDone = new AtomicLong();
  private volatile long runStartNanos;
  /** Redraws the live line while no request completes, so elapsed time keeps moving. Guarded by this. */
  private @Nullable ScheduledExecutorService ticker;

  public ConsoleSink(PrintStream out, boolean live, TimeSource time) {
    this.out = out;
    this.live = live;
    this.time = time;
  }

  @Override
  public void onRunStarted(io.github.llmbench.api.Benchmark benchmark) {
    stepCount = benchmark.maxSteps();
    // An adaptive phase's requests are not known ahead: no run ETA then (0 turns it off).
    boolean adaptive = benchmark.phases().stream().anyMatch(io.github.llmbench.api.Phase::adaptive);
    runRequests = adaptive ? 0 : benchmark.steps().stream().mapToLong(s -> s.numRequests()).sum();
    runStartNanos = time.monotonicNanos();
  }

  @Override
  public void onStepStarted(MetricSink.StepInfo info) {
    stepNumber++;
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
    runDone.incrementAndGet();
    if (outcome.success()) tokens.addAndGet(outcome.completionTokens());
    if (!live) return;
    long now = time.monotonicNanos();
    if (now - lastDrawNanos >= REDRAW_INTERVAL_MILLIS * 1_000_000) draw(now, false);
  }

  private synchronized void draw(long now, boolean force) {
    MetricSink.StepInfo info = step;
    if (info == null || !force && now - lastDrawNanos < REDRAW_INTERVAL_MILLIS * 1_000_000) return;
    lastDrawNanos = now;
    int finished = done.get();
    double elapsed = Math.max(0, now - stepStartNanos) / 1e9;
    // An open loop's concurrency is a ceiling (0 for none), not what is in flight: it shows no in-flight figure.
    int inFlight = Math.min(info.concurrency(), info.numRequests() - finished);
    String line = String.format(Locale.ROOT, "  %s%s  done %d/%d%s  %.1f s  %.1f tok/s wall%s",
        stepCount > 0 ? "[" + stepNumber + "/" + (runRequests == 0 ? "≤" : "") + stepCount + "] " : "", info.step(),
        finished, info.numRequests(), info.concurrency() > 0 ? "  in flight " + inFlight : "", elapsed,
        elapsed > 0 ? tokens.get() / elapsed : 0.0, eta(now));
    if (line.length() > WIDTH - 1) line = line.substring(0, WIDTH - 1); // never wraps
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
    for (String line : stepLines(r)) out.println(line);
    out.flush();
    step = null;
  }

  /**
   * {@code "  scale_50     c=50  100/100  p50 1.234s p99 2.345s   1234.5 tok/s wall DEGRADED"}, with
   * {@code " marginal"} and {@code " client-bound"} marks after the status when they apply: the step's line, at most
   * 80 columns for a step name of up to 12 characters. The throughput is the wall-clock output rate, or prompt rate
   * for embeddings ({@link StepResult#capacityTokensPerSec()}; the script's quirky one is in the results beside it); an open loop shows its arrival rate where a closed one shows {@code
   * c=}; latencies of a step where nothing succeeded are {@code "—"}, not the script's 0.
   */
  public static String stepLine(StepResult r) {
    boolean measured = r.statistics().successful() > 0;
    String line = String.format(Locale.ROOT, "  %-12s %-5s %7s  p50 %s p99 %s %8.1f tok/s wall %s",
        r.testName(), r.loadLabel(), r.statistics().successful() + "/" + r.numRequests(),
        measured ? seconds(r.latencyP50Sec()) : "—     ", measured ? seconds(r.latencyP99Sec()) : "—     ",
        r.capacityTokensPerSec(), r.status());
    if (r.verdict().marginal()) line += " marginal";
    // A client-bound step is marked on its line, never silently (its reason says why).
    if (r.measurement().clientBound()) line += " client-bound";
    return line;
  }

  /** {@code "    stream: TTFT p50 0.123s p99 0.456s  TPOT p50 12.3 ms p99 45.6 ms"}, for a streamed step. */
  static java.util.Optional<String> streamLine(StepResult r) {
    return r.statistics().measured().stream().filter(s -> s.ttft().count() > 0).map(s -> String.format(Locale.ROOT,
        "    stream: TTFT p50 %s p99 %s  TPOT p50 %.1f ms p99 %.1f ms", seconds(s.ttft().p50Sec()),
        seconds(s.ttft().p99Sec()), s.tpot().p50Sec() * 1e3, s.tpot().p99Sec() * 1e3));
  }

  /**
   * {@code "16 requests, 512 reasoning + 320 answer tokens, first output p50 0.123s p99 0.456s"}, and
   * {@code ", 3 gave no answer (3 at max_tokens)"} when some did not answer, for a step whose requests reasoned.
   */
  static java.util.Optional<String> reasoningText(StepResult r) {
    return r.statistics().measured().reasoning().map(g -> g.requests() + " requests, "
        + g.reasoningTokens() + " reasoning + " + g.answerTokens() + " answer tokens"
        + (g.firstOutput().count() == 0 ? ""
            : ", first output p50 " + seconds(g.firstOutput().p50Sec()) + " p99 " + seconds(g.firstOutput().p99Sec()))
        + (g.unanswered() == 0 ? ""
            : ", " + g.unanswered() + " gave no answer (" + g.unansweredAtLimit() + " at max_tokens)"));
  }

  /** {@code "    embeddings: 412.3 inputs/s, 51234.0 prompt tok/s"}, for a step of embeddings. */
  static java.util.Optional<String> embeddingsLine(StepResult r) {
    double wall = r.statistics().measured().wallClockSec();
    if (r.testType() != io.github.llmbench.api.TestType.EMBEDDINGS || wall <= 0) return java.util.Optional.empty();
    return java.util.Optional.of(String.format(Locale.ROOT, "    embeddings: %.1f inputs/s, %.1f prompt tok/s",
        r.statistics().successful() / wall, r.capacityTokensPerSec()));
  }

  private static String seconds(double sec) {
    return String.format(Locale.ROOT, "%.3fs", sec);
  }

  /**
   * The step's line, then why (for any status but OK, or a client-bound step) and its notes, each wrapped to
   * {@value #WIDTH} columns.
   */
  public static java.util.List<String> stepLines(StepResult r) {
    java.util.List<String> lines = new java.util.ArrayList<>();
    lines.add(stepLine(r));
    streamLine(r).ifPresent(lines::add);
    reasoningText(r).ifPresent(text -> wrap(lines, "    reasoning: ", text));
    embeddingsLine(r).ifPresent(lines::add);
    if (r.status() != Status.OK) {
      wrap(lines, "    why: ", r.verdict().reason());
    } else if (r.measurement().clientBound()) {
      wrap(lines, "    why: ", r.measurement().clientHealth().get().verdictReason());
    }
    for (String note : StepNotes.of(r)) {
      if (!note.startsWith("client-bound")) wrap(lines, "    note: ", note); // said on the line and its why
    }
    return lines;
  }

  private static void wrap(java.util.List<String> lines, String first, String text) {
    String indent = " ".repeat(first.length());
    StringBuilder line = new StringBuilder(first);
    for (String word : text.split(" ")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) line.append(' ');
      line.append(word);
    }
    lines.add(line.toString());
  }

  /** {@code "  ETA ~1m05s"}: the run's remaining requests at its pace so far (at most: a phase may stop early). */
  private String eta(long now) {
    long total = runRequests;
    long finished = runDone.get();
    if (total <= 0 || finished <= 0 || finished >= total) return "";
    double elapsed = (now - runStartNanos) / 1e9;
    long left = Math.round(elapsed * (total - finished) / finished);
    return left >= 3600 ? String.format(Locale.ROOT, "  ETA ~%dh%02dm", left / 3600, left % 3600 / 60)
        : String.format(Locale.ROOT, "  ETA ~%dm%02ds", left / 60, left % 60);
  }
}
