package io.github.llmbench.core.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.StepInfo;
import io.github.llmbench.api.StepResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * Records every successful request's latency into an HdrHistogram {@link Recorder} as the request finishes (wait-free
 * on the worker threads), and at the end of each step writes that step's interval histogram to an HdrHistogram
 * interval log (format {@value HistogramLogWriter#HISTOGRAM_LOG_FORMAT_VERSION}, tagged with the step's name, values in
 * nanoseconds, 3 significant digits), which HdrHistogram's own tools read and which logs of several machines merge
 * losslessly. Interval timestamps come from the run's clock, not the Recorder's. One sink per run (use it through a
 * {@link MetricSink.Factory}); the stream is flushed after every step and closed at the run's end when owned.
 */
public final class HistogramLogSink implements MetricSink {
  /** Significant digits of every histogram: values within 0.1 %. */
  public static final int SIGNIFICANT_DIGITS = 3;

  private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
  private final PrintStream out;
  private final HistogramLogWriter writer;
  private final boolean closeWhenDone;
  private @Nullable Histogram recycled;
  private long runStartMillis;
  private long stepStartMillis;
  private boolean headerWritten;

  public HistogramLogSink(OutputStream out, boolean closeWhenDone) {
    this.out = new PrintStream(out, false, StandardCharsets.UTF_8);
    this.writer = new HistogramLogWriter(this.out);
    this.closeWhenDone = closeWhenDone;
  }

  @Override
  public synchronized void onRunStarted(io.github.llmbench.api.Benchmark benchmark) {
    runStartMillis = System.currentTimeMillis();
    writer.outputComment("llmbench request latency (ns) of successful requests, one interval per step: "
        + benchmark.name());
    writer.outputLogFormatVersion();
    writer.outputStartTime(runStartMillis);
    writer.setBaseTime(runStartMillis);
    writer.outputLegend();
    headerWritten = true;
  }

  @Override
  public synchronized void onStepStarted(StepInfo step) {
    recycled = recorder.getIntervalHistogram(recycled); // drop anything left from before the step
    stepStartMillis = System.currentTimeMillis();
  }

  @Override
  public void onRequestCompleted(RequestOutcome outcome) {
    if (outcome.success()) recorder.recordValue(Math.max(0, outcome.latencyNanos()));
  }

  @Override
  public synchronized void onStepCompleted(StepResult step) {
    Histogram interval = recorder.getIntervalHistogram(recycled);
    interval.setStartTimeStamp(stepStartMillis);
    interval.setEndTimeStamp(System.currentTimeMillis());
    interval.setTag(step.testName());
    if (headerWritten) writer.outputIntervalHistogram(interval);
    out.flush();
    recycled = interval;
  }

  @Override
  public synchronized void onRunCompleted(BenchmarkResult result) {
    out.flush();
    if (closeWhenDone) out.close();
    if (out.checkError()) throw new IllegalStateException(new IOException("the histogram log could not be written"));
  }
}
