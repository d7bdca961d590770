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

  public double latencyP50Sec() {
    return statistics.latencyP50Sec();
  }

  public double latencyP95Sec() {
    return statistics.latencyP95Sec();
  }

  public double latencyP99Sec() {
    return statistics.latencyP99Sec();
  }

  public double throughputTotal() {
    return statistics.throughputTotal();
  }

  public double throughputOutput() {
    return statistics.throughputOutput();
  }

  /**
   * The load the step offered, as a table cell: {@code "c=50"} for a closed loop, {@code "10.0/s"} (the target
   * arrival rate) for an open loop, whose concurrency is only a ceiling.
   */
  public String loadLabel() {
    return statistics.openLoop()
        .map(o -> String.format(java.util.Locale.ROOT, "%.1f/s", o.targetRatePerSec()))
        .orElse("c=" + concurrency);
  }
}
