package io.github.llmbench.core.internal;

import io.github.llmbench.api.MetricSink;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Tells every sink of one run about an event, isolating each: a sink that throws is counted and logged at
 * DEBUG, and the next sink and the run go on. One instance per run; thread-safe.
 */
public final class SinkFanout {
  private static final System.Logger LOG = System.getLogger(SinkFanout.class.getName());

  private final List<MetricSink> sinks;
  private final AtomicLong failures = new AtomicLong();

  public SinkFanout(List<MetricSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  public void emit(Consumer<MetricSink> event) {
    for (MetricSink sink : sinks) {
      try {
        event.accept(sink);
      } catch (RuntimeException | LinkageError | AssertionError e) {
        failures.incrementAndGet();
        LOG.log(Level.DEBUG, () -> "metric sink " + sink.getClass().getName() + " threw; ignored", e);
      }
    }
  }

  /** How many sink calls threw so far. */
  public long failures() {
    return failures.get();
  }
}
