package io.github.llmbench.simulator.internal;

import io.github.llmbench.simulator.RequestTrace;
import io.github.llmbench.simulator.ServerStatistics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Thread-safe collector of the server-side truth; {@link #snapshot()} copies it into a {@link ServerStatistics}. */
public final class StatisticsRecorder {
  /** How a generation request ended, for the counters. */
  public enum Outcome { COMPLETED, REJECTED, FAILED }

  private final Map<String, Long> byEndpoint = new LinkedHashMap<>();
  private final List<RequestTrace> traces = new ArrayList<>();
  private long completed;
  private long rejected;
  private long failed;
  private int maxRunning;
  private int maxWaiting;
  private long preemptions;

  /** Counts one request on {@code endpoint}. */
  public synchronized void countRequest(String endpoint) {
    byEndpoint.merge(endpoint, 1L, Long::sum);
  }

  /** Records a finished generation request. */
  public synchronized void record(RequestTrace trace, Outcome outcome) {
    traces.add(trace);
    switch (outcome) {
      case COMPLETED: completed++; break;
      case REJECTED: rejected++; break;
      default: failed++; break;
    }
  }

  synchronized void preempted(int count) {
    preemptions += count;
  }

  synchronized void observe(int running, int waiting) {
    maxRunning = Math.max(maxRunning, running);
    maxWaiting = Math.max(maxWaiting, waiting);
  }

  /** Clears everything (peaks restart from the current engine state at the next observation). */
  public synchronized void reset() {
    byEndpoint.clear();
    traces.clear();
    completed = 0;
    rejected = 0;
    failed = 0;
    maxRunning = 0;
    maxWaiting = 0;
    preemptions = 0;
  }

  /** @return an immutable copy; traces sorted by request id (arrival order) */
  public synchronized ServerStatistics snapshot() {
    List<RequestTrace> sorted = new ArrayList<>(traces);
    sorted.sort(Comparator.comparingLong(RequestTrace::id));
    return new ServerStatistics(byEndpoint, completed, rejected, failed, maxRunning, maxWaiting, preemptions,
        sorted);
  }
}
