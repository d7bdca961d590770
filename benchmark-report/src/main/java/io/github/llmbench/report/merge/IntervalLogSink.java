package io.github.llmbench.report.merge;

import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.StepInfo;
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
 * step one interval histogram tagged with the step's name, stamped with the step's wall-clock start and end, written
 * and flushed at once (so a killed run keeps the steps its JSON keeps). A step that was cancelled writes nothing.
 * Closes the file when the run completes.
 */
public final class IntervalLogSink implements MetricSink, AutoCloseable {
  /** The precision of every interval histogram. */
  public static final int SIGNIFICANT_DIGITS = 3;

  private final OutputStream out;
  private final HistogramLogWriter writer;
  private final LongSupplier wallMillis;
  private volatile @Nullable Recorder current;
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
  public synchronized void onStepStarted(StepInfo step) {
    if (!IntervalLog.validTag(step.step())) {
      throw new IllegalArgumentException("step name (" + step.step() + ") cannot tag an interval log: it has a comma "
          + "or a space");
    }
    stepStartMillis = wallMillis.getAsLong();
    current = new Recorder(SIGNIFICANT_DIGITS);
  }

  @Override
  public void onRequestCompleted(RequestOutcome outcome) {
    Recorder r = current;
    if (r != null && outcome.success()) r.recordValue(outcome.latencyNanos());
  }

  @Override
  public synchronized void onStepCompleted(StepResult step) {
    Recorder r = current;
    if (r == null) return;
    current = null;
    Histogram h = r.getIntervalHistogram();
    h.setTag(step.testName());
    h.setStartTimeStamp(stepStartMillis);
    h.setEndTimeStamp(Math.max(stepStartMillis, wallMillis.getAsLong()));
    writer.outputIntervalHistogram(h);
    try {
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the interval log: " + e.getMessage(), e);
    }
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
