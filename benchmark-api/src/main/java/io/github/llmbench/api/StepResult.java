package io.github.llmbench.api;

import java.util.Objects;

/**
 * One finished step: what ran, its figures and its verdict. Its fields appear in reports in the unified
 * script's order ({@code phase, test_name, test_type, concurrency, num_requests, ...}).
 *
 * @param phase the phase name
 * @param testName the step name
 * @param testType whether the step's requests carried images
 * @param concurrency requests in flight at once
 * @param statistics the step's figures
 * @param verdict its status and why
 * @param measurement how it was measured: connection mode, start spread, trimming
 */
public record StepResult(String phase, String testName, TestType testType, int concurrency, StepStatistics statistics,
    Verdict verdict, StepMeasurement measurement) {
  public StepResult {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(testName, "testName");
    Objects.requireNonNull(testType, "testType");
    Objects.requireNonNull(statistics, "statistics");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(measurement, "measurement");
  }

  public Status status() {
    return verdict.status();
  }

  public int numRequests() {
    return statistics.numRequests();
  }

  public double successRate() {
    return statistics.successRate();
  }

  /** The script's p50 in seconds ({@code statistics().script()}), as the unified JSON names it. */
  public double latencyP50Sec() {
    return statistics.script().latencyP50Sec();
  }

  /** The script's p95 in seconds. */
  public double latencyP95Sec() {
    return statistics.script().latencyP95Sec();
  }

  /** The script's p99 in seconds. */
  public double latencyP99Sec() {
    return statistics.script().latencyP99Sec();
  }

  /** The script's total tokens per second over its duration (the longest latency). */
  public double throughputTotal() {
    return statistics.script().throughputTotal();
  }

  /**
   * The tokens per second of wall clock that capacity answers read: output tokens, or prompt tokens for
   * {@link TestType#EMBEDDINGS}, which generate none ({@link #capacityTokensUnit()} names which).
   */
  public double capacityTokensPerSec() {
    return testType == TestType.EMBEDDINGS ? statistics.measured().wallThroughputTotal()
        : statistics.measured().wallThroughputOutput();
  }

  /** What {@link #capacityTokensPerSec()} counts: {@code "output tok/s"} or {@code "prompt tok/s"}. */
  public String capacityTokensUnit() {
    return testType == TestType.EMBEDDINGS ? "prompt tok/s" : "output tok/s";
  }

  /** The script's output tokens per second over its duration (the longest latency). */
  public double throughputOutput() {
    return statistics.script().throughputOutput();
  }

  /**
   * The load the step offered, as a table cell: {@code "c=50"} for a closed loop, {@code "10.0/s"} (the target
   * arrival rate) for an open loop, whose concurrency is only a ceiling.
   */
  public String loadLabel() {
    return statistics.measured().openLoop()
        .map(o -> String.format(java.util.Locale.ROOT, "%.1f/s", o.targetRatePerSec()))
        .orElse("c=" + concurrency);
  }
}
