package io.github.llmbench.junit;

import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import java.util.Locale;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one step; metric accessors move to a {@link MetricAssert} that names the step and metric. */
public class StepResultAssert extends AbstractAssert<StepResultAssert, StepResult> {
  public StepResultAssert(StepResult actual) {
    super(actual, StepResultAssert.class);
  }

  public StepResultAssert hasStatus(Status expected) {
    isNotNull();
    if (actual.status() != expected) {
      failWithMessage("Expected step <%s> to have status <%s> but was <%s> (%s)", actual.testName(), expected,
          actual.status(), actual.verdict().reason());
    }
    return this;
  }

  /** @param minimum a fraction in [0, 1], e.g. 0.99 */
  public StepResultAssert successRateIsAtLeast(double minimum) {
    isNotNull();
    if (minimum < 0 || minimum > 1) throw new IllegalArgumentException("minimum (" + minimum
        + ") should be between 0 and 1");
    if (actual.successRate() < minimum) {
      failWithMessage("Expected success rate of step <%s> to be at least <%s> but was <%s> (%s of %s requests failed: %s)",
          actual.testName(), minimum, String.format(Locale.ROOT, "%.4f", actual.successRate()),
          actual.statistics().failed(), actual.numRequests(), actual.statistics().measured().failures());
    }
    return this;
  }

  public StepResultAssert hasNoFailures() {
    isNotNull();
    if (actual.statistics().failed() > 0) {
      failWithMessage("Expected step <%s> to have no failed request but <%s> failed: %s", actual.testName(),
          actual.statistics().failed(), actual.statistics().measured().failures());
    }
    return this;
  }

  /** The script's p50 (lower sample). */
  public MetricAssert latencyP50() {
    return latency("p50 latency", actual.latencyP50Sec());
  }

  /** The script's p95 (lower sample). */
  public MetricAssert latencyP95() {
    return latency("p95 latency", actual.latencyP95Sec());
  }

  /** The script's p99 (lower sample). */
  public MetricAssert latencyP99() {
    return latency("p99 latency", actual.latencyP99Sec());
  }

  /** Interpolated p99.9 from the HdrHistogram. */
  public MetricAssert latencyP999() {
    return latency("p99.9 latency", actual.statistics().measured().latency().p999Sec());
  }

  /** The script's throughput_total (tokens / longest single request). */
  public MetricAssert throughputTotal() {
    return throughput("throughput_total", actual.throughputTotal());
  }

  /** The script's throughput_output (output tokens / longest single request). */
  public MetricAssert throughputOutput() {
    return throughput("throughput_output", actual.throughputOutput());
  }

  /** Tokens per second over the step's wall-clock duration. */
  public MetricAssert wallThroughputTotal() {
    return throughput("wall-clock throughput_total", actual.statistics().measured().wallThroughputTotal());
  }

  /** Output tokens per second over the step's wall-clock duration. */
  public MetricAssert wallThroughputOutput() {
    return throughput("wall-clock throughput_output", actual.statistics().measured().wallThroughputOutput());
  }

  private MetricAssert latency(String metric, double seconds) {
    isNotNull();
    return new MetricAssert(actual.testName(), metric, seconds, MetricAssert.Unit.SECONDS);
  }

  private MetricAssert throughput(String metric, double tokensPerSecond) {
    isNotNull();
    return new MetricAssert(actual.testName(), metric, tokensPerSecond, MetricAssert.Unit.TOKENS_PER_SECOND);
  }
}
