package io.github.llmbench.examples;

import static io.github.llmbench.junit.LlmBenchAssertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.CapacitySearch;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Slo;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.CapacitySearches;
import io.github.llmbench.core.LlmBench;
import io.github.llmbench.junit.LlmBenchTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A JUnit performance test as a team would write it: a small custom benchmark against the target
 * {@link LlmBenchTest} hands in, gated on llmbench's assertions. By default the target is an in-process simulator;
 * {@code mvn verify -Dllmbench.baseUrl=http://gpu-box:8000 -Dllmbench.model=my-model} runs the same gate against a
 * real server (and skips it, with the reason, if that server does not answer).
 *
 * <p>The bounds are generous on purpose: the gate should catch a broken or badly degraded deployment, not flake on
 * a busy CI machine.
 */
@Timeout(120) // every test here benchmarks a simulator over loopback
@LlmBenchTest(timeScale = 0.05)
class PerformanceGateTest {
  @Test
  void chatServiceHoldsUpToEightConcurrentUsers(Target target) {
    var chat = RequestBuilders.chat("Summarise the plot of Hamlet in two sentences.", 32)
        .extraBody(Map.of("ignore_eos", true));
    Benchmark gate = Benchmark.builder()
        .name("performance-gate")
        .target(target)
        .phases(
            Phase.builder("baseline").addStep(Step.of("gate_c1", Load.concurrency(1), 4,
                chat)).providesBaseline().build(),
            Phase.builder("load")
                .addStep(Step.of("gate_c4", Load.concurrency(4), 16, chat))
                .addStep(Step.of("gate_c8", Load.concurrency(8), 32, chat))
                .compareToBaseline()
                .build())
        .build();

    BenchmarkResult result = LlmBench.run(gate);

    assertThat(result)
        .isCompleted()
        .hasNoStepFailingAtOrBelowConcurrency(8)
        .everyStepSuccessRateIsAtLeast(0.99);
    assertThat(result).step("gate_c8").latencyP99().isLessThan(Duration.ofSeconds(30));
    assertThat(result).step("gate_c8").wallThroughputOutput().isGreaterThan(0.0);
    assertThat(result).step("gate_c1").hasStatus(Status.OK);
  }

  @Test
  void chatServiceSustainsSixteenUsersWithinItsSlo(Target target) {
    // A capacity gate: search from 4 to 32 users for the most at which 95 % of answers take under 2 s, and gate on the
    // load that surely met it (the lower end of the answer's interval), which a lucky probe cannot pass.
    CapacitySearch search = CapacitySearch.concurrency().targetAttainment(0.95).start(4).max(32).build();
    Slo slo = Slo.builder().e2e(Duration.ofSeconds(2)).build();
    var chat = RequestBuilders.chat("Summarise the plot of Hamlet in two sentences.", 32);

    CapacitySearch.Estimate answer = LlmBench.search(CapacitySearches.benchmark(search, slo,
        chat).target(target).build());

    assertThat(answer).sustainsAtLeast(16);
  }
}
