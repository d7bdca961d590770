package io.github.llmbench.junit;

import static io.github.llmbench.junit.LlmBenchAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssertionsTest {
  private static StepResult step(String phase, String name, int concurrency, int ok, int failed, double p99,
      double throughput, Status status) {
    int n = ok + failed;
    StepStatistics stats = StepStatistics.builder().requests(n, ok,
        failed).successRate((double) ok / n).durationSec(2.0).scriptLatencySec(p99 / 2, p99 * 0.9,
        p99).throughput(throughput, throughput / 3).tokens(1000, 500).wallClock(4.0, throughput / 2,
        throughput / 6).latency(new LatencySummary(ok, 0.1, p99 / 2, 0.1, p99 / 2, p99 * 0.8, p99 * 0.9, p99,
        p99 * 1.1, p99 * 1.2)).failures(failed == 0 ? Map.of() : Map.of("backpressure_503", failed)).build();
    return new StepResult(phase, name, io.github.llmbench.api.TestType.TEXT, concurrency, stats,
        Verdict.of(status, status + " because"), io.github.llmbench.api.StepMeasurement.UNRECORDED);
  }

  private static final BenchmarkResult RESULT = new BenchmarkResult("unified", "http://h:8000", "m", Map.of(),
      Map.of(), Instant.EPOCH, Instant.EPOCH.plusSeconds(60), List.of(
          new BenchmarkResult.PhaseResult("BASELINE",
              List.of(step("BASELINE", "baseline", 1, 10, 0, 1.25, 400, Status.OK)), ""),
          new BenchmarkResult.PhaseResult("SCALING", List.of(
              step("SCALING", "scale_5", 5, 10, 0, 1.5, 1500, Status.OK),
              step("SCALING", "scale_10", 10, 20, 0, 2.6, 2000, Status.DEGRADED),
              step("SCALING", "scale_25", 25, 40, 10, 3.0, 2100, Status.FAILING)), "scale_25 was FAILING")),
                  io.github.llmbench.api.BenchmarkResult.AbortReason.of(""), 0, java.util.Optional.empty());

  @Test
  void passingAssertionsChain() {
    assertThat(RESULT).isCompleted().hasNoStepFailingAtOrBelowConcurrency(10).hasNoStepWithStatus(Status.SATURATED);
    assertThat(RESULT).step("baseline").hasStatus(Status.OK).successRateIsAtLeast(1.0).hasNoFailures()
        .latencyP99().isLessThan(Duration.ofSeconds(2)).isGreaterThan(Duration.ofSeconds(1));
    assertThat(RESULT).step("scale_10").throughputTotal().isAtLeast(2000).isBetween(1999, 2001).isAtMost(2000);
    assertThat(RESULT).step("scale_10").wallThroughputTotal().isLessThan(1001);
    assertThat(RESULT).step("scale_10").latencyP50().isLessThanOrEqualTo(Duration.ofMillis(1300));
    assertThat(RESULT).step("scale_10").latencyP999().isGreaterThan(2.8);
  }

  @Test
  void missingStepNamesTheStepsThatExist() {
    assertThatThrownBy(() -> assertThat(RESULT).step("scale_50")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected a step named <scale_50> but the result has steps <[baseline, scale_5, scale_10, scale_25]>");
  }

  @Test
  void latencyFailureNamesStepMetricBoundAndValue() {
    assertThatThrownBy(() -> assertThat(RESULT).step("scale_10").latencyP99().isLessThan(Duration.ofSeconds(2)))
        .hasMessageContaining("Expected p99 latency of step <scale_10> to be less than <2.000 s> but was <2.600 s>");
  }

  @Test
  void throughputFailureNamesStepMetricBoundAndValue() {
    assertThatThrownBy(() -> assertThat(RESULT).step("scale_5").throughputTotal().isAtLeast(1600))
        .hasMessageContaining("Expected throughput_total of step <scale_5> to be at least <1600.0 tok/s> but was <1500.0 tok/s>");
    assertThatThrownBy(() -> assertThat(RESULT).step("scale_5").throughputOutput().isBetween(600, 700))
        .hasMessageContaining("Expected throughput_output of step <scale_5> to be between <600.0 tok/s> and <700.0 tok/s> but was <500.0 tok/s>");
  }

  @Test
  void statusFailureShowsTheReason() {
    assertThatThrownBy(() -> assertThat(RESULT).step("scale_10").hasStatus(Status.OK))
        .hasMessageContaining("Expected step <scale_10> to have status <OK> but was <DEGRADED> (DEGRADED because)");
  }

  @Test
  void successRateFailureShowsTheFailuresByCause() {
    assertThatThrownBy(() -> assertThat(RESULT).step("scale_25").successRateIsAtLeast(0.99))
        .hasMessageContaining("Expected success rate of step <scale_25> to be at least <0.99> but was <0.8000>")
        .hasMessageContaining("backpressure_503=10");
    assertThatThrownBy(() -> assertThat(RESULT).everyStepSuccessRateIsAtLeast(0.9))
        .hasMessageContaining("step <scale_25>");
    assertThatThrownBy(() -> assertThat(RESULT).step("scale_25").hasNoFailures())
        .hasMessageContaining("Expected step <scale_25> to have no failed request but <10> failed");
  }

  @Test
  void failingAtOrBelowConcurrencyNamesTheStep() {
    assertThatThrownBy(() -> assertThat(RESULT).hasNoStepFailingAtOrBelowConcurrency(25))
        .hasMessageContaining("Expected no FAILING step at concurrency <= 25 but step <scale_25> (concurrency 25) was FAILING");
    assertThatThrownBy(() -> assertThat(RESULT).hasNoStepWithStatus(Status.DEGRADED))
        .hasMessageContaining("step <scale_10>");
  }

  @Test
  void incompleteRunFails() {
    BenchmarkResult cancelled = new BenchmarkResult("u", "http://h", "m", Map.of(), Map.of(), Instant.EPOCH,
        Instant.EPOCH, RESULT.phases(), io.github.llmbench.api.BenchmarkResult.AbortReason.of("cancelled"), 0,
        java.util.Optional.empty());
    assertThatThrownBy(() -> assertThat(cancelled).isCompleted())
        .hasMessageContaining("Expected the run to complete but it ended early: <cancelled>");
  }

  @Test
  void durationBoundOnAThroughputIsAUsageError() {
    assertThatThrownBy(() -> assertThat(RESULT).step("scale_5").throughputTotal().isLessThan(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokens/s");
  }
}
