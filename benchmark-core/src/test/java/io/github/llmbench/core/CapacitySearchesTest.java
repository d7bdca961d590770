package io.github.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.*;
import io.github.llmbench.core.stats.ProportionIntervals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The search's logic on a modelled server: each probe's met count is {@code round(attainment(level) × requests)},
 * so the true boundary is known exactly and every decision can be checked.
 */
class CapacitySearchesTest {
  private static final Slo SLO = Slo.builder().e2e(Duration.ofSeconds(1)).build();
  private static final RequestBuilder REQUEST = RequestBuilders.chat("hi", 8);

  /** Runs the planner to its end against a server whose attainment at a load is given. */
  private static List<StepResult> run(CapacitySearch search, DoubleUnaryOperator attainment, double secondsPerProbe) {
    StepPlanner planner = CapacitySearches.benchmark(search, SLO, REQUEST).target(Target.of("http://h", "m")).build()
        .phases().get(0).planner().orElseThrow();
    List<StepResult> done = new ArrayList<>();
    Optional<Step> next = Optional.of(planner.first());
    while (next.isPresent()) {
      assertThat(done).hasSizeLessThan(200);
      done.add(probe(search, next.get(), attainment, secondsPerProbe));
      next = planner.next(List.copyOf(done));
    }
    return done;
  }

  private static StepResult probe(CapacitySearch search, Step step, DoubleUnaryOperator attainment, double seconds) {
    double level = step.isOpenLoop() ? step.openLoop().ratePerSec() : step.concurrency();
    int n = step.numRequests();
    long met = Math.round(attainment.applyAsDouble(level) * n);
    StepStatistics.Builder b = StepStatistics.builder().requests(n, n, 0).successRate(1).durationSec(1)
        .scriptLatencySec(0, 0, 0).throughput(0, 0).tokens(0, 0).wallClock(seconds, 0, 0)
        .latency(LatencySummary.EMPTY).failures(Map.of())
        .goodput(Optional.of(new Goodput(SLO.describe(), met, (double) met / n, 0, 0)));
    if (step.isOpenLoop()) {
      b.openLoop(Optional.of(new OpenLoopStatistics(Load.Arrival.POISSON, 1, level, Optional.empty(), 0, level,
          LatencySummary.EMPTY)));
    }
    StepStatistics stats = b.build();
    Verdict v = CapacitySearches.statusPolicy(search).classify(stats, StatusPolicy.Context.none());
    return new StepResult(CapacitySearch.PHASE, step.name(), TestType.TEXT, step.concurrency(), stats, v,
        StepMeasurement.UNRECORDED);
  }

  @Test
  void aCliffIsFoundExactlyByDoublingThenBisecting() {
    CapacitySearch search = CapacitySearch.concurrency().build();
    List<StepResult> probes = run(search, c -> c <= 37 ? 1.0 : 0.4, 1);
    assertThat(probes).extracting(StepResult::testName)
        .containsExactly("c1", "c2", "c4", "c8", "c16", "c32", "c64", "c48", "c40", "c36", "c38", "c37");
    CapacitySearch.Estimate e = CapacitySearches.conclude(search, probes);
    assertThat(e.boundary()).hasValue(37);
    assertThat(e.lowerBound()).hasValue(37);
    assertThat(e.firstMissing()).hasValue(38);
    assertThat(e.shape()).isEqualTo(CapacitySearch.Estimate.Shape.CLIFF);
    assertThat(e.end()).isEqualTo(CapacitySearch.Estimate.End.CONVERGED);
    assertThat(e.describe()).isEqualTo("37 concurrent (95 % CI 37\u201337), cliff boundary; converged after 12 probes, "
        + e.requests() + " requests");
    assertThat(e.requests()).isEqualTo(probes.stream().mapToLong(StepResult::numRequests).sum());
  }

  @Test
  void aSmoothBoundaryIsRepeatedWhereUndecidedAndItsIntervalHoldsTheTrueBoundary() {
    // Attainment 1 - 0.004 c: exactly 95 % at c = 12.5, so the true boundary is 12.
    CapacitySearch search = CapacitySearch.concurrency().minProbeRequests(200).build();
    List<StepResult> probes = run(search, c -> 1 - 0.004 * c, 1);
    CapacitySearch.Estimate e = CapacitySearches.conclude(search, probes);
    assertThat(e.end()).isEqualTo(CapacitySearch.Estimate.End.CONVERGED);
    assertThat(e.shape()).isEqualTo(CapacitySearch.Estimate.Shape.SMOOTH);
    double lower = e.lowerBound().orElseThrow();
    double upper = e.firstMissing().orElseThrow() - 1;
    assertThat(12.0).isBetween(lower, upper);
    assertThat(e.boundary().orElseThrow()).isBetween(lower, upper);
    // Levels near 95 % could not be told apart at first, so they were probed again and pooled.
    assertThat(e.levels()).anySatisfy(p -> assertThat(p.probes()).isGreaterThan(1));
    assertThat(probes).extracting(StepResult::testName).doesNotHaveDuplicates().contains("c12_2");
    for (CapacitySearch.Probe p : e.levels()) {
      assertThat(p.probes()).isLessThanOrEqualTo(1 + search.maxRepeats());
      assertThat(p.requests()).isEqualTo((long) p.probes() * CapacitySearches.probeRequests(search, p.level()));
    }
  }

  @Test
  void eachLevelIsJudgedByItsPooledWilsonInterval() {
    CapacitySearch search = CapacitySearch.concurrency().build();
    List<StepResult> probes = run(search, c -> 1 - 0.004 * c, 1);
    for (CapacitySearch.Probe p : CapacitySearches.conclude(search, probes).levels()) {
      ConfidenceInterval ci = ProportionIntervals.wilson(p.met(), p.requests(), 0.95);
      assertThat(p.attainment()).isEqualTo(ci);
      CapacitySearch.Probe.Judgement expected = ci.lower() >= 0.95 ? CapacitySearch.Probe.Judgement.MEETS
          : ci.upper() < 0.95 ? CapacitySearch.Probe.Judgement.MISSES : CapacitySearch.Probe.Judgement.UNDECIDED;
      assertThat(p.judgement()).isEqualTo(expected);
    }
  }

  @Test
  void aRateSearchBisectsRatesToItsPrecision() {
    CapacitySearch search = CapacitySearch.rate().start(2).max(500).precision(0.02).build();
    List<StepResult> probes = run(search, r -> r <= 23.4 ? 0.99 : 0.5, 1);
    CapacitySearch.Estimate e = CapacitySearches.conclude(search, probes);
    assertThat(e.end()).isEqualTo(CapacitySearch.Estimate.End.CONVERGED);
    assertThat(e.boundary().orElseThrow()).isLessThanOrEqualTo(23.4).isGreaterThan(23.4 * 0.97);
    assertThat(e.firstMissing().orElseThrow()).isGreaterThan(23.4);
    assertThat(e.firstMissing().orElseThrow() - e.boundary().orElseThrow()).isLessThanOrEqualTo(0.02 * 23.4);
    assertThat(probes.get(0).testName()).isEqualTo("r2");
    assertThat(e.describe()).startsWith(CapacitySearch.Estimate.formatLevel(e.boundary().orElseThrow())
        + " req/s (95 % CI ")
        .contains("\u2013<");
  }

  @Test
  void theEndsOfTheRangeAndEachBoundSayWhatEndedTheSearch() {
    CapacitySearch toMax = CapacitySearch.concurrency().max(20).build();
    CapacitySearch.Estimate passed = CapacitySearches.conclude(toMax, run(toMax, c -> 1.0, 1));
    assertThat(passed.end()).isEqualTo(CapacitySearch.Estimate.End.PASSED_AT_MAX);
    assertThat(passed.boundary()).hasValue(20);
    assertThat(passed.levels()).extracting(CapacitySearch.Probe::level).containsExactly(1.0, 2.0, 4.0, 8.0, 16.0, 20.0);
    assertThat(passed.endedByBound()).isTrue();

    CapacitySearch from = CapacitySearch.concurrency().start(4).build();
    CapacitySearch.Estimate failed = CapacitySearches.conclude(from, run(from, c -> 0.2, 1));
    assertThat(failed.end()).isEqualTo(CapacitySearch.Estimate.End.FAILED_AT_START);
    assertThat(failed.boundary()).isEmpty();
    assertThat(failed.describe()).startsWith("none: 4 concurrent missed the 95 % target; failed at start after 1 probe");

    CapacitySearch fewProbes = CapacitySearch.concurrency().maxProbes(3).build();
    CapacitySearch.Estimate probeLimit = CapacitySearches.conclude(fewProbes, run(fewProbes, c -> 1.0, 1));
    assertThat(probeLimit.end()).isEqualTo(CapacitySearch.Estimate.End.PROBE_LIMIT);
    assertThat(probeLimit.probes()).isEqualTo(3);

    CapacitySearch fewRequests = CapacitySearch.concurrency().maxRequests(600).build();
    CapacitySearch.Estimate requestLimit = CapacitySearches.conclude(fewRequests, run(fewRequests, c -> 1.0, 1));
    assertThat(requestLimit.end()).isEqualTo(CapacitySearch.Estimate.End.REQUEST_LIMIT);
    assertThat(requestLimit.requests()).isLessThanOrEqualTo(600);

    CapacitySearch shortTime = CapacitySearch.concurrency().maxDuration(Duration.ofSeconds(25)).build();
    CapacitySearch.Estimate timeLimit = CapacitySearches.conclude(shortTime, run(shortTime, c -> 1.0, 10));
    assertThat(timeLimit.end()).isEqualTo(CapacitySearch.Estimate.End.TIME_LIMIT);
    assertThat(timeLimit.probes()).isEqualTo(3);
    assertThat(timeLimit.describe()).contains("time limit after 3 probes");
  }

  @Test
  void aResultCutShortSaysTheRunStoppedIt() {
    CapacitySearch search = CapacitySearch.concurrency().build();
    List<StepResult> probes = run(search, c -> c <= 37 ? 1.0 : 0.4, 1);
    CapacitySearch.Estimate e = CapacitySearches.conclude(search, probes.subList(0, 7));
    assertThat(e.end()).isEqualTo(CapacitySearch.Estimate.End.STOPPED);
    assertThat(e.boundary()).hasValue(32);
    assertThat(e.shape()).isEqualTo(CapacitySearch.Estimate.Shape.UNKNOWN);
  }

  @Test
  void aClientBoundProbeMarksItsLevelAndTheAnswer() {
    CapacitySearch search = CapacitySearch.concurrency().build();
    List<StepResult> probes = new ArrayList<>(run(search, c -> c <= 37 ? 1.0 : 0.4, 1));
    // The probe at 38 ran while the client's self-check saw it stall.
    ClientHealth stalled = new ClientHealth(1000, ClientHealth.SendLag.NONE, new ClientHealth.Hiccups(5, 30, 40, 60),
        ClientHealth.Gc.NONE,
            new ClientHealth.Cpu(java.util.OptionalDouble.empty(), 2, java.util.OptionalDouble.empty()),
        List.of(new ClientHealth.FigureBound(ClientHealth.Figure.LATENCY_P99, 500, 60)), true,
        List.of("p99 latency could be 60 ms (12.0 %) too high"));
    for (int i = 0; i < probes.size(); i++) {
      StepResult p = probes.get(i);
      if (!p.testName().equals("c38")) continue;
      StepMeasurement m = new StepMeasurement(ClientSettings.ConnectionMode.WARM, 38, 0, Trim.NONE, 0, 38, 38,
          Optional.of(stalled),
          Optional.empty(), 0, 0, Optional.empty(), Optional.empty());
      probes.set(i,
          new StepResult(p.phase(), p.testName(), p.testType(), p.concurrency(), p.statistics(), p.verdict(), m));
    }
    CapacitySearch.Estimate e = CapacitySearches.conclude(search, probes);
    assertThat(e.levels()).filteredOn(CapacitySearch.Probe::clientBound).extracting(CapacitySearch.Probe::level).containsExactly(38.0);
    assertThat(e.describe()).endsWith("; client-bound at 38");
    assertThat(CapacitySearches.conclude(search,
        run(search, c -> c <= 37 ? 1.0 : 0.4, 1)).describe()).doesNotContain("client-bound");
  }

  @Test
  void probeSizesFollowTheLoadAndTheTarget() {
    CapacitySearch search = CapacitySearch.concurrency().requestsPerWorker(10).build();
    assertThat(CapacitySearches.fewestDecisiveRequests(0.95, 0.95)).isEqualTo(73);
    assertThat(search.minProbeRequests()).as("0: the default, chosen from the target").isZero();
    assertThat(CapacitySearches.probeRequests(search, 4)).isEqualTo(146);
    assertThat(CapacitySearches.probeRequests(search, 40)).isEqualTo(400);
    CapacitySearch rate = CapacitySearch.rate().probeDuration(Duration.ofSeconds(30)).minProbeRequests(50).build();
    assertThat(CapacitySearches.probeRequests(rate, 1)).isEqualTo(50);
    assertThat(CapacitySearches.probeRequests(rate, 12.5)).isEqualTo(375);
  }

  @Test
  void aSearchBenchmarkCarriesItsSearchInItsPlan() {
    CapacitySearch search = CapacitySearch.rate().targetAttainment(0.9).confidenceLevel(0.99).start(0.5).max(64)
        .precision(0.1).minProbeRequests(77).probeDuration(Duration.ofMillis(12_500)).maxRepeats(1).maxProbes(9)
        .maxRequests(5000).maxDuration(Duration.ofMinutes(3)).cliffDrop(0.3).seed(7).build();
    Benchmark b = CapacitySearches.benchmark(search, SLO, REQUEST).target(Target.of("http://h", "m")).build();
    assertThat(b.runPlan().search()).hasValue(search);
    assertThat(b.runPlan().slo()).hasValue(SLO);
    assertThat(Presets.unified(Intensity.QUICK).target(Target.of("http://h", "m")).build().runPlan().search())
        .isEmpty();
    assertThat(b.settings()).containsEntry("slo", "e2e<=1000ms").doesNotContainKey("search.axis");
    assertThat(b.slo()).hasValue(SLO);
    assertThat(b.stream()).as("an e2e objective needs no stream").isFalse();
    Slo ttft = Slo.builder().ttft(Duration.ofMillis(300)).build();
    assertThat(CapacitySearches.benchmark(search, ttft, REQUEST).target(Target.of("http://h", "m")).build().stream())
        .as("a TTFT objective needs one").isTrue();
    assertThat(b.maxConcurrency()).isEqualTo(64);
    assertThat(b.maxSteps()).isEqualTo(9);
  }

  @Test
  void badCriteriaAreRefusedByName() {
    assertThatThrownBy(() -> CapacitySearch.concurrency().targetAttainment(1.0).build())
        .hasMessage("targetAttainment (1.0) should be in (0, 1)");
    assertThatThrownBy(() -> CapacitySearch.concurrency().start(10).max(5).build())
        .hasMessage("max (5.0) should be at least start (10.0)");
    assertThatThrownBy(() -> CapacitySearch.concurrency().start(1.5).build())
        .hasMessageContaining("whole numbers of workers");
    assertThatThrownBy(() -> CapacitySearch.rate().probeDuration(Duration.ZERO).build())
        .hasMessage("probeDuration (PT0S) should be positive");
    assertThatThrownBy(() -> CapacitySearch.concurrency().precision(0).build())
        .hasMessage("precision (0.0) should be in (0, 1)");
  }

  @Test
  void anAdaptivePhaseCannotBeSharded() {
    Benchmark b = CapacitySearches.benchmark(CapacitySearch.concurrency().build(), SLO, REQUEST)
        .target(Target.of("http://h", "m")).build();
    assertThatThrownBy(() -> new Shard(0, 2).of(b)).hasMessageStartingWith("phase SEARCH is adaptive");
  }

  @Test
  void wilsonMatchesPublishedIntervalsAndTheNormalQuantile() {
    ConfidenceInterval ci = ProportionIntervals.wilson(8, 10, 0.95);
    assertThat(ci.lower()).isCloseTo(0.4902, within(1e-4));
    assertThat(ci.upper()).isCloseTo(0.9433, within(1e-4));
    assertThat(ProportionIntervals.wilson(100, 100, 0.95).lower()).isCloseTo(0.9630, within(1e-4));
    assertThat(ProportionIntervals.z(0.95)).isCloseTo(1.959964, within(1e-6));
    assertThat(ProportionIntervals.z(0.99)).isCloseTo(2.575829, within(1e-6));
    assertThat(ProportionIntervals.z(0.999)).isCloseTo(3.290527, within(1e-6));
    Verdict v = new SloAttainmentPolicy(0.95, 0.95).classify(StepStatistics.builder().requests(100, 100, 0)
        .successRate(1).durationSec(1).scriptLatencySec(0, 0, 0).throughput(0, 0).tokens(0, 0).wallClock(1, 0, 0)
        .latency(LatencySummary.EMPTY).failures(Map.of())
        .goodput(Optional.of(new Goodput("e2e<=1000ms", 93, 0.93, 0, 0))).build(), StatusPolicy.Context.none());
    assertThat(v.status()).isEqualTo(Status.DEGRADED);
    assertThat(v.reason()).isEqualTo("SLO attainment 93.0 % (95 % CI 86.3\u201396.6 %) cannot tell the 95 % target (marginal)");
    assertThat(new HashSet<>(new SloAttainmentPolicy(0.95, 0.95).rules())).hasSize(3);
  }
}
