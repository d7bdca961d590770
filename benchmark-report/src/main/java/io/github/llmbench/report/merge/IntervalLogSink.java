package io.github.llmbench.report.merge;

import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.StepResult;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * Records a run's {@link IntervalLog}: the latency of every successful request into an HdrHistogram
 * {@link Recorder} (3 significant digits, nanoseconds; wait-free on the worker threads), and at the end of each
 * step one interval histogram tagged with the step's name (and, for a streamed step, one per stream metric, see
 * {@link IntervalLog}), stamped with the step's wall-clock start and end, written
 * and flushed at once (so a killed run keeps the steps its JSON keeps). A step that was cancelled writes nothing.
 * Closes the file when the run completes.
 */
public final class IntervalLogSink implements MetricSink, AutoCloseable {
  /** The precision of every interval histogram. */
  public static final int SIGNIFICANT_DIGITS = io.github.llmbench.core.StepFigures.SIGNIFICANT_DIGITS;

  private final OutputStream out;
  private final HistogramLogWriter writer;
  private final LongSupplier wallMillis;
  private volatile @Nullable Recorders current;
  private long stepStartMillis;

  private IntervalLogSink(OutputStream out, LongSupplier wallMillis) {
    this.out = out;
    this.wallMillis = wallMillis;
    this.writer = IntervalLog.start(out, wallMillis.getAsLong());
  }

  /** A sink writing {@code file} (replaced if it exists), timestamps from {@code wallMillis} (epoch ms). */
  public static IntervalLogSink open(Path file, LongSupplier wallMillis) throws IOException {
    return new IntervalLogSink(new BufferedOutputStream(Files.newOutputStream(file)), wallMillis);
  }

  @Override
  public synchronized void onStepStarted(MetricSink.StepInfo step) {
    if (!IntervalLog.validStepName(step.step())) {
      throw new IllegalArgumentException("step name (" + step.step() + ") cannot tag an interval log: it has a comma, "
          + "a space or a #");
    }
    stepStartMillis = wallMillis.getAsLong();
    current = new Recorders();
  }

  @Override
  public void onRequestCompleted(RequestOutcome outcome) {
    Recorders r = current;
    if (r == null || !outcome.success()) return;
    r.latency.recordValue(outcome.latencyNanos());
    RequestOutcome.StreamTiming t = outcome.streamTiming();
    if (t == null) return;
    r.streamed = true;
    r.ttft.recordValue(t.ttftNanos());
    r.e2e.recordValue(t.e2eNanos());
    for (long gap : t.interTokenGapsNanos()) r.itl.recordValue(Math.max(0, gap));
    double tpot = t.tpotNanos(outcome.completionTokens());
    if (tpot >= 0) r.tpot.recordValue(Math.round(tpot));
  }

  @Override
  public synchronized void onStepCompleted(StepResult step) {
    Recorders r = current;
    if (r == null) return;
    current = null;
    long end = Math.max(stepStartMillis, wallMillis.getAsLong());
    output(r.latency, step.testName(), end);
    if (r.streamed) {
      output(r.ttft, IntervalLog.tag(step.testName(), IntervalLog.StreamMetric.TTFT), end);
      output(r.itl, IntervalLog.tag(step.testName(), IntervalLog.StreamMetric.ITL), end);
      output(r.tpot, IntervalLog.tag(step.testName(), IntervalLog.StreamMetric.TPOT), end);
      output(r.e2e, IntervalLog.tag(step.testName(), IntervalLog.StreamMetric.E2E), end);
    }
    try {
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the interval log: " + e.getMessage(), e);
    }
  }

  private void output(Recorder recorder, String tag, long endMillis) {
    Histogram h = recorder.getIntervalHistogram();
    h.setTag(tag);
    h.setStartTimeStamp(stepStartMillis);
    h.setEndTimeStamp(endMillis);
    writer.outputIntervalHistogram(h);
  }

  /** One step's recorders; written on worker threads (wait-free), read once when the step completes. */
  private static final class Recorders {
    final Recorder latency = new Recorder(SIGNIFICANT_DIGITS);
    final Recorder ttft = new Recorder(SIGNIFICANT_DIGITS);
    final Recorder itl = new Recorder(SIGNIFICANT_DIGITS);
    final Recorder tpot = new Recorder(SIGNIFICANT_DIGITS);
    final Recorder e2e = new Recorder(SIGNIFICANT_DIGITS);
    volatile boolean streamed;
  }

  @Override
  public synchronized void onRunCompleted(io.github.llmbench.api.BenchmarkResult result) {
    close();
  }

  @Override
  public synchronized void close() {
    writer.close();
  }
}
