package io.github.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.CapacitySearch;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.ServerMetrics;
import io.github.llmbench.api.Slo;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Capacity searches against the simulator, configured so that the boundary is known.
 *
 * <p>The simulator's batch holds 32 sequences that run in lock step: each request of 10 tokens takes one batch time
 * T, and a request that finds the batch full waits one more T. In a closed loop of c workers (32 < c ≤ 64), each
 * batch admits the c - 32 requests that waited and 64 - c fresh ones, so the share of requests served within 1.5 T
 * is (64 - c) / 32 (Little's law gives the same: mean latency c T / 32).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CapacitySearchHttpTest {
  private static final int SLOTS = 32;

  private static final double TIME_SCALE = 0.5;

  private static SimulatorConfig.Builder lockStep() {
    return SimulatorConfig.builder().maxRunningSequences(SLOTS).timeScale(TIME_SCALE).metricsEnabled(false);
  }

  /** One batch time of the simulator: 10 engine steps of (10 ms + 0.2 ms x 32) x 0.5 = 82 ms. */
  private static final Duration BATCH = Duration.ofNanos((long) (10 * (10.0 + 0.2 * SLOTS) * TIME_SCALE * 1e6));

  private static BenchmarkResult run(SimulatedLlmServer server, CapacitySearch search, Slo slo) {
    Benchmark b = CapacitySearches.benchmark(search, slo, RequestBuilders.chat("hi", 10))
        .target(Target.of(server.baseUrl(), server.model()))
        .client(ClientSettings.DEFAULT.preflightRequest(true)) // a warm client from the first probe on
        .serverMetrics(ServerMetrics.Settings.OFF)
        .build();
    return BenchmarkRunner.builder().build().run(b);
  }

  @Test
  void aQueueThatGrowsWithLoadGivesASmoothBoundaryWhereTheModelPutsIt() throws Exception {
    // (64 - c) / 32 >= 0.8 up to c = 38 (0.8125); c = 39 gives 0.78.
    CapacitySearch search = CapacitySearch.concurrency().targetAttainment(0.8).start(8).max(128)
        .requestsPerWorker(10).maxRepeats(1).build();
    Slo slo = Slo.builder().e2e(BATCH.multipliedBy(3).dividedBy(2)).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(lockStep().maxWaitingRequests(1000).build())) {
      BenchmarkResult result = run(server, search, slo);
      CapacitySearch.Estimate e = CapacitySearches.conclude(search, result);
      assertThat(result.completed()).as(result.abortReason().toString()).isTrue();
      assertThat(e.end()).as(e.describe()).isEqualTo(CapacitySearch.Estimate.End.CONVERGED);
      double lower = e.lowerBound().orElseThrow();
      double upper = e.firstMissing().orElseThrow() - 1;
      // The model leaves out admission at step boundaries and the machine's own hiccups, which make a few fresh
      // requests late: measured attainment can sit a little below (64 - c) / 32, so the interval may end a worker
      // or two under 38. The boundary itself is the highest level that leaned towards the target, which sampling
      // can put a little either side.
      assertThat(38.0).as(e.describe()).isBetween(lower, upper + 2);
      assertThat(e.boundary().orElseThrow()).as(e.describe()).isBetween(35.0, 41.0);
      assertThat(upper - lower).as(e.describe()).isLessThanOrEqualTo(10);
      assertThat(e.shape()).as(e.describe()).isEqualTo(CapacitySearch.Estimate.Shape.SMOOTH);
      // Up to the batch size every request is served at once.
      for (CapacitySearch.Probe p : e.levels()) {
        if (p.level() <= SLOTS) assertThat(p.judgement()).as("c="
            + p.level()).isEqualTo(CapacitySearch.Probe.Judgement.MEETS);
        if (p.level() >= 48) assertThat(p.judgement()).as("c="
            + p.level()).isEqualTo(CapacitySearch.Probe.Judgement.MISSES);
      }
      // Each probe is a step of the result, with its own status and the SLO figures.
      assertThat(result.phases()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("SEARCH"));
      for (StepResult s : result.steps()) assertThat(s.statistics().measured().goodput()).isPresent();
      assertThat(result.steps()).hasSize(e.probes());
    }
  }

  @Test
  void aServerThatRejectsPastItsBatchGivesACliffAtTheBatchSize() throws Exception {
    // No queue: a request that finds 8 running is rejected at once, so past 8 workers one of them spins on 503s.
    // The SLO is loose: only the rejections decide.
    CapacitySearch search = CapacitySearch.concurrency().targetAttainment(0.8).start(2).max(64).minProbeRequests(40)
        .build();
    Slo slo = Slo.builder().e2e(BATCH.multipliedBy(10)).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(lockStep().maxRunningSequences(8).maxWaitingRequests(0)
        .build())) {
      CapacitySearch.Estimate e = CapacitySearches.conclude(search, run(server, search, slo));
      assertThat(e.boundary()).as(e.describe()).hasValue(8);
      assertThat(e.lowerBound()).as(e.describe()).hasValue(8);
      assertThat(e.firstMissing()).as(e.describe()).hasValue(9);
      assertThat(e.shape()).as(e.describe()).isEqualTo(CapacitySearch.Estimate.Shape.CLIFF);
      assertThat(e.describe()).startsWith("8 concurrent (95 % CI 8\u20138), cliff boundary; converged after ");
    }
  }

  @Test
  void aRateSearchOnALossServerFindsTheRateErlangsFormulaGives() throws Exception {
    // 8 slots and no queue under Poisson arrivals: an Erlang loss system. A request holds its slot for about one
    // batch time (10 steps of (10 ms + 0.2 ms x running) x 0.5, plus half a step waiting for admission), and the share
    // rejected is Erlang B(8, rate x hold). At an 80 % target, the boundary is the rate where B = 0.2.
    double holdSec = (10 * (10.0 + 0.2 * 6) + 0.5 * (10.0 + 0.2 * 6)) * TIME_SCALE / 1e3;
    double expected = 1;
    while (erlangB(8, (expected + 0.1) * holdSec) <= 0.2) expected += 0.1;
    CapacitySearch search = CapacitySearch.rate().targetAttainment(0.8).start(64).max(1024).precision(0.15)
        .probeDuration(Duration.ofSeconds(1)).minProbeRequests(60).maxRepeats(0).build();
    Slo slo = Slo.builder().e2e(BATCH.multipliedBy(10)).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(lockStep().maxRunningSequences(8).maxWaitingRequests(0)
        .build())) {
      BenchmarkResult result = run(server, search, slo);
      CapacitySearch.Estimate e = CapacitySearches.conclude(search, result);
      assertThat(e.end()).as(e.describe()).isEqualTo(CapacitySearch.Estimate.End.CONVERGED);
      assertThat(e.boundary().orElseThrow()).as(e.describe() + "; Erlang B gives " + expected)
          .isBetween(expected * 0.7, expected * 1.3);
      assertThat(result.steps()).allSatisfy(s -> assertThat(s.statistics().measured().openLoop()).isPresent());
      assertThat(e.describe()).contains(" req/s (95 % CI ");
    }
  }

  /** Erlang's loss formula: the share of arrivals that find all {@code servers} busy at offered load {@code a}. */
  private static double erlangB(int servers, double a) {
    double b = 1;
    for (int k = 1; k <= servers; k++) b = a * b / (k + a * b);
    return b;
  }
}
