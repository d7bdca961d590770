package io.github.llmbench.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Verdict;
import io.github.llmbench.core.internal.StepAggregator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class StepConfidenceTest {
  private static final long SEC = 1_000_000_000L;

  /** A step from outcomes, aggregated by the engine, with the samples the engine is to keep. */
  private static StepResult step(String name, long[] latencies, int failures) {
    List<RequestOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < failures; i++) {
      outcomes.add(new RequestOutcome("P", name, i, 0, SEC, false, 503, RequestOutcome.FailureKind.BACKPRESSURE,
          "busy", 0, 0,
          false, 0, null));
    }
    for (int i = 0; i < latencies.length; i++) {
      outcomes.add(new RequestOutcome("P", name, failures + i, 0, latencies[i], true, 200, null, "", 500, 100, true, 0,
          null));
    }
    StepStatistics stats = StepAggregator.aggregate(outcomes, outcomes.size())
        .withSamples(Optional.of(Samples.of(outcomes)));
    return new StepResult("P", name, io.github.llmbench.api.TestType.TEXT, 1, stats, Verdict.of(Status.OK, ""),
        io.github.llmbench.api.StepMeasurement.UNRECORDED);
  }

  @Test
  void intervalsOfAStepAndItsRulesOnTheirOwn() {
    long[] base = new long[20];
    Arrays.fill(base, SEC);
    long[] slow = new long[98];
    Arrays.fill(slow, SEC);
    slow[10] = 5 * SEC;
    slow[20] = 5 * SEC;
    StepResult baseline = step("baseline", base, 0);
    StepResult s = step("scale_50", slow, 2);

    StepConfidence conf = StepConfidence.ofDefaults();
    assertThat(conf.successRate(s).estimate()).isEqualTo(0.98);
    assertThat(conf.successRate(s).lower()).isCloseTo(0.9300, within(1e-4));
    assertThat(conf.latencyP99Interval(s).orElseThrow().estimate()).isEqualTo(s.latencyP99Sec());
    assertThat(conf.latencyP99Interval(s).orElseThrow().hasUpper()).isFalse(); // 98 < 368 requests
    assertThat(conf.latencyQuantile(s, 50, QuantileRule.LINEAR).orElseThrow().upper()).isEqualTo(1.0);
    assertThat(conf.p99Ratio(s, baseline).orElseThrow().estimate()).isEqualTo(5.0);

    List<Verdict.RuleDecision> rules = conf.unifiedRules(io.github.llmbench.api.StatusPolicy.unified(), s,
        Optional.of(baseline), OptionalDouble.of(s.throughputTotal()));
    assertThat(rules).extracting(Verdict.RuleDecision::metric).containsExactly("success rate", "p99 ratio",
        "throughput ratio");
    assertThat(rules.get(0).fired()).isFalse();
    assertThat(rules.get(0).isMarginal()).isTrue(); // 0.98 with 100 requests: [0.930, 0.994] reaches 0.95
    assertThat(rules.get(1).fired()).isTrue();
    // 98 and 20 requests cannot bound the ratio of p99s at all (each sample needs 437 at 97.5 %).
    assertThat(rules.get(1).firmness()).isEqualTo(Verdict.RuleDecision.Firmness.UNBOUNDED);
    assertThat(rules.get(1).requestsForFirmAnswer()).hasValue(437);
    assertThat(rules.get(1).isMarginal()).isTrue();
    assertThat(rules.get(2).observed()).isEqualTo(1.0);
    assertThat(rules.get(2).firmness()).isEqualTo(Verdict.RuleDecision.Firmness.NO_INTERVAL);
  }

  @Test
  void withoutSamplesThereAreNoQuantileIntervals() {
    StepResult s = step("s", new long[] {SEC, 2 * SEC}, 0);
    StepResult bare = new StepResult(s.phase(), s.testName(), s.testType(), 1,
        s.statistics().withSamples(Optional.empty()), s.verdict(), io.github.llmbench.api.StepMeasurement.UNRECORDED);
    StepConfidence conf = StepConfidence.ofDefaults();
    assertThat(conf.latencyP99Interval(bare)).isEmpty();
    assertThat(conf.p99Ratio(bare, bare)).isEmpty();
    assertThat(conf.successRate(bare).upper()).isEqualTo(1.0);
    List<Verdict.RuleDecision> rules = conf.unifiedRules(io.github.llmbench.api.StatusPolicy.unified(), bare,
        Optional.of(bare), OptionalDouble.empty());
    assertThat(rules).hasSize(2);
    assertThat(rules.get(1).firmness()).isEqualTo(Verdict.RuleDecision.Firmness.NO_INTERVAL);
  }

  @Test
  void samplesOfOutcomesKeepSuccessfulRequestsInIndexOrderWithStreamTimes() {
    List<RequestOutcome> outcomes = List.of(
        new RequestOutcome("P", "s", 2, 0, 30, true, 200, null, "", 1, 5, true, 0,
            new RequestOutcome.StreamTiming(10, 30, 5, new long[] {5, 5, 5, 5}, false)),
        new RequestOutcome("P", "s", 0, 0, 20, true, 200, null, "", 1, 1, true, 0,
            new RequestOutcome.StreamTiming(20, 20, 1, new long[0], false)),
        new RequestOutcome("P", "s", 1, 0, 99, false, 0, RequestOutcome.FailureKind.TIMEOUT, "t", 0, 0, false, 0,
            null));
    var samples = Samples.of(outcomes);
    assertThat(samples.latencyNanos()).containsExactly(20, 30);
    assertThat(samples.outputTokens()).containsExactly(1, 5);
    assertThat(samples.ttftNanos()).containsExactly(20, 10);
    assertThat(samples.tpotNanos()).containsExactly(5); // (30 - 10) / (5 - 1); one token has no TPOT
  }
}
