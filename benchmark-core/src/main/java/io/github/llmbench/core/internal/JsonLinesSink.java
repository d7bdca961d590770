package io.github.llmbench.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.RequestOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Writes one JSON object per request, one per line, off the worker threads: workers only enqueue, a writer
 * thread serialises and writes, and {@link #onRunCompleted} drains the queue, flushes and closes the writer when
 * this sink opened it. Fields: {@code phase, step, request_index, start_offset_ms, latency_ms, success,
 * http_status, prompt_tokens, completion_tokens, usage_reported, failure_reason, failure_detail}. One run per
 * sink: events after the run's end are ignored. A write error is reported by {@code onRunCompleted} throwing
 * (the runner counts it as a sink failure).
 */
public final class JsonLinesSink implements MetricSink {
  private static final Object END = new Object();
  private static final long DRAIN_TIMEOUT_SECONDS = 60;

  private final Writer out;
  private final boolean closeWhenDone;
  private final ObjectMapper mapper = new ObjectMapper();
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile boolean ended;
  private volatile @Nullable IOException error;
  private @Nullable Thread writer; // guarded by this

  public JsonLinesSink(Writer out, boolean closeWhenDone) {
    this.out = out;
    this.closeWhenDone = closeWhenDone;
  }

  @Override
  public void onRequestCompleted(RequestOutcome outcome) {
    if (ended) return;
    ensureStarted();
    queue.add(outcome);
  }

  @Override
  public void onRunCompleted(BenchmarkResult result) {
    synchronized (this) {
      if (ended) return;
      ended = true;
    }
    Thread drainer = ensureStarted();
    queue.add(END);
    boolean interrupted = false;
    try {
      drainer.join(TimeUnit.SECONDS.toMillis(DRAIN_TIMEOUT_SECONDS));
    } catch (InterruptedException e) {
      interrupted = true;
    }
    try {
      out.flush();
      if (closeWhenDone) out.close();
    } catch (IOException e) {
      if (error == null) error = e;
    }
    if (interrupted) Thread.currentThread().interrupt();
    IOException failure = error;
    if (failure != null) throw new UncheckedIOException("JSON-lines sink could not write", failure);
  }

  private synchronized Thread ensureStarted() {
    if (writer == null) {
      writer = new Thread(this::drain, "llmbench-jsonlines-writer");
      writer.setDaemon(true);
      writer.start();
    }
    return writer;
  }

  private void drain() {
    try {
      while (true) {
        Object item = queue.take();
        if (item == END) return;
        if (error != null) continue;
        try {
          out.write(mapper.writeValueAsString(line((RequestOutcome) item)));
          out.write('\n');
          if (queue.isEmpty()) out.flush();
        } catch (IOException e) {
          error = e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Map<String, Object> line(RequestOutcome o) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("phase", o.phase());
    line.put("step", o.step());
    line.put("request_index", o.requestIndex());
    line.put("request_id", o.requestId());
    line.put("start_offset_ms", o.startOffsetNanos() / 1e6);
    line.put("latency_ms", o.latencyNanos() / 1e6);
    line.put("ttft_ms", o.streamTiming() == null ? null : o.streamTiming().ttftNanos() / 1e6);
    RequestOutcome.Reasoning reasoning = o.reasoning();
    if (reasoning != null) {
      RequestOutcome.StreamTiming t = o.streamTiming();
      line.put("first_output_ms", t == null || t.firstOutputNanos() == RequestOutcome.StreamTiming.NO_OUTPUT ? null
          : t.firstOutputNanos() / 1e6);
      line.put("reasoning_tokens", reasoning.tokens());
      line.put("reasoning_tokens_estimated", reasoning.tokensEstimated());
      line.put("answered", reasoning.answered());
    }
    line.put("success", o.success());
    line.put("http_status", o.httpStatus());
    line.put("prompt_tokens", o.promptTokens());
    line.put("completion_tokens", o.completionTokens());
    line.put("usage_reported", o.usageReported());
    line.put("failure_reason", o.success() ? null : o.failureCause());
    line.put("failure_detail", o.success() ? null : o.failureDetail());
    return line;
  }
}
