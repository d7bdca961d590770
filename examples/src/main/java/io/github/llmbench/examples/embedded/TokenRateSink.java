package io.github.llmbench.examples.embedded;

import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.StepResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A custom {@link MetricSink}: output tokens per second of each step, counted from the requests as they complete
 * and exported to the service's log ({@link System.Logger}, so it lands wherever the service's logging goes).
 *
 * <p>The rate is completion tokens of successful requests over the step's wall-clock time (earliest start to latest
 * end of any request), the same definition as the engine's {@code wallThroughputOutput}.
 *
 * <p>Thread-safe: {@link #onRequestCompleted} runs on worker threads at the same time, so it only adds to counters
 * (no lock, no I/O); the log line is written once per step from {@link #onStepCompleted}.
 */
public final class TokenRateSink implements MetricSink {
  private static final System.Logger LOG = System.getLogger(TokenRateSink.class.getName());

  /** Counters of one step. */
  private static final class StepCounters {
    final LongAdder completionTokens = new LongAdder();
    final LongAdder requests = new LongAdder();
    final AtomicLong firstStartNanos = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong lastEndNanos = new AtomicLong(Long.MIN_VALUE);
  }

  private final Map<String, StepCounters> counters = new ConcurrentHashMap<>();
  private final Map<String, Double> rates = Collections.synchronizedMap(new LinkedHashMap<>());

  @Override
  public void onRequestCompleted(RequestOutcome outcome) {
    StepCounters c = counters.computeIfAbsent(outcome.step(), k -> new StepCounters());
    c.requests.increment();
    if (outcome.success()) c.completionTokens.add(outcome.completionTokens());
    c.firstStartNanos.accumulateAndGet(outcome.startOffsetNanos(), Math::min);
    c.lastEndNanos.accumulateAndGet(outcome.startOffsetNanos() + outcome.latencyNanos(), Math::max);
  }

  @Override
  public void onStepCompleted(StepResult step) {
    StepCounters c = counters.remove(step.testName());
    if (c == null) return; // no request completed
    double seconds = (c.lastEndNanos.get() - c.firstStartNanos.get()) / 1e9;
    double rate = seconds > 0 ? c.completionTokens.sum() / seconds : 0;
    rates.put(step.testName(), rate);
    LOG.log(System.Logger.Level.INFO, () -> String.format(Locale.ROOT,
        "llmbench step %s: %.1f output tok/s over %.3f s (%d requests, status %s)", step.testName(), rate, seconds,
        c.requests.sum(), step.status()));
  }

  /** Output tokens per second of each finished step, in the order the steps finished. */
  public Map<String, Double> outputTokensPerSecond() {
    synchronized (rates) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(rates));
    }
  }
}
