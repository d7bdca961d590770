package io.github.llmbench.junit;

import static io.github.llmbench.junit.LlmBenchAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Verdict;
import io.github.llmbench.core.internal.StepAggregator;
import io.github.llmbench.core.stats.Samples;
import io.github.llmbench.report.compare.RunComparator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NotSlowerThanTest {
  /** A run of one or two steps of seeded log-normal latencies (median 1 s), each multiplied by its factor. */
  private static BenchmarkResult run(long seed, double factor5, double factor10, int failures10) {
    Random random = new Random(seed);
    List<StepResult> steps = List.of(step("scale_5", 5, random, 100, factor5, 0),
        step("scale_10", 10, random, 200, factor10, failures10));
    return new BenchmarkResult("r", "http://h", "m", Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH,
        List.of(new BenchmarkResult.PhaseResult("SCALING", steps, "")),
        io.github.llmbench.api.BenchmarkResult.AbortReason.of(""), 0, java.util.Optional.empty());
  }

  private static StepResult step(String name, int concurrency, Random random, int n, double factor, int failures) {
    List<RequestOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long latency = (long) (1e9 * factor * Math.exp(0.25 * random.nextGaussian()));
      outcomes.add(i < failures
          ? new RequestOutcome("SCALING", name, i, 0, latency, false, 503, RequestOutcome.FailureKind.BACKPRESSURE,
              "busy", 0, 0,
              false, 0, null)
          : new RequestOutcome("SCALING", name, i, 0, latency, true, 200, null, "", 500, 200, true, 0, null));
    }
    StepStatistics stats = StepAggregator.aggregate(outcomes, n).withSamples(Optional.of(Samples.of(outcomes)));
    return new StepResult("SCALING", name, io.github.llmbench.api.TestType.TEXT, concurrency, stats,
        Verdict.of(Status.OK, ""), io.github.llmbench.api.StepMeasurement.UNRECORDED);
  }

  @Test
  void aRunIsNotSlowerThanItself() {
    BenchmarkResult r = run(1, 1, 1, 0);
    assertThat(r).isNotSlowerThan(r);
    // Faster is fine too.
    assertThat(run(1, 1, 0.7, 0)).isNotSlowerThan(r);
  }

  @Test
  void aSlowerStepFailsNamingStepMetricPValueAndDifference() {
    BenchmarkResult base = run(2, 1, 1, 0);
    BenchmarkResult slow = run(2, 1, 1.5, 0);
    assertThatThrownBy(() -> assertThat(slow).isNotSlowerThan(base)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected no step to be significantly slower than the baseline (alpha = 0.05 for the whole "
            + "comparison, Holm) but 3 metrics were:")
        .hasMessageContaining("step <scale_10> latency p50 ")
        .hasMessageContaining("(+50.0 %), Mann\u2013Whitney U p-value < 0.001: slower")
        .hasMessageContaining("step <scale_10> latency p99 ")
        .hasMessageContaining("step <scale_10> output rate per request p50 ")
        .hasMessageNotContaining("scale_5");
  }

  @Test
  void moreFailuresFailTheSuccessRate() {
    BenchmarkResult base = run(3, 1, 1, 0);
    BenchmarkResult flaky = run(3, 1, 1, 30);
    assertThatThrownBy(() -> assertThat(flaky).isNotSlowerThan(base))
        .hasMessageContaining("step <scale_10> success rate 100 % -> 85 %, difference -15.0 pp, two-proportion z p-value "
            + "< 0.001: worse");
  }

  @Test
  void unrelatedRunsDoNotPassSilently() {
    BenchmarkResult base = run(4, 1, 1, 0);
    BenchmarkResult other = new BenchmarkResult("o", "http://h", "m", Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH,
        List.of(new BenchmarkResult.PhaseResult("SCALING", List.of(step("scale_5", 6, new Random(1), 100, 1, 0)),
            "")), io.github.llmbench.api.BenchmarkResult.AbortReason.of(""), 0, java.util.Optional.empty());
    assertThatThrownBy(() -> assertThat(other).isNotSlowerThan(base))
        .hasMessageContaining("no step's latency could be tested: [scale_5 (concurrency 5 vs 6)]");
  }

  @Test
  void resultsWithoutSamplesDoNotPassSilently() {
    BenchmarkResult base = run(6, 1, 1, 0);
    BenchmarkResult bare = new BenchmarkResult("b", "http://h", "m", Map.of(), Map.of(), Instant.EPOCH,
        Instant.EPOCH,
            List.of(new BenchmarkResult.PhaseResult("SCALING", base.steps().stream().map(s -> new StepResult(s.phase(),
            s.testName(), s.testType(), s.concurrency(), s.statistics().withSamples(Optional.empty()), s.verdict(),
                io.github.llmbench.api.StepMeasurement.UNRECORDED))
            .toList(), "")), io.github.llmbench.api.BenchmarkResult.AbortReason.NONE, 0, java.util.Optional.empty());
    assertThatThrownBy(() -> assertThat(bare).isNotSlowerThan(base))
        .hasMessageContaining("no step's latency could be tested: [scale_5 (no per-request samples in the candidate "
            + "result), scale_10 (no per-request samples in the candidate result)]");
  }

  @Test
  void aLooserComparatorCanTolerateSmallChanges() {
    BenchmarkResult base = run(5, 1, 1, 0);
    BenchmarkResult slightly = run(5, 1, 1.1, 0);
    assertThatThrownBy(() -> assertThat(slightly).isNotSlowerThan(base)).isInstanceOf(AssertionError.class);
    assertThat(slightly).isNotSlowerThan(base, RunComparator.ofDefaults().withMinimumRelativeChange(0.2));
  }
}
