package io.github.llmbench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The value types of intervals, decisions, samples and comparisons: validation, copies and derived figures. */
class StatisticsRecordsTest {
  private static ConfidenceInterval ci(double lower, double upper) {
    return new ConfidenceInterval((lower + upper) / 2, lower, upper, 0.95,
        ConfidenceInterval.Method.PERCENTILE_BOOTSTRAP);
  }

  @Test
  void intervalValidatesAndDescribesItself() {
    assertThatThrownBy(() -> ci(2, 1)).hasMessage("interval [2.0, 1.0] should have lower <= upper");
    assertThatThrownBy(() -> new ConfidenceInterval(1, 0, 2, 1.0, ConfidenceInterval.Method.WILSON_SCORE))
        .hasMessage("level (1.0) should be strictly between 0 and 1");
    ConfidenceInterval ci = ci(1.71, 2.634);
    assertThat(ci.describe(2)).isEqualTo("95 % CI 1.71\u20132.63");
    assertThat(ci.straddles(2.0)).isTrue();
    assertThat(ci.straddles(1.5)).isFalse();
    assertThat(new ConfidenceInterval(0, 0, 1, 0.995, ConfidenceInterval.Method.WILSON_SCORE).levelLabel())
        .isEqualTo("99.5 %");
  }

  @Test
  void decisionIsFirmOnlyWhenTheIntervalIsOnTheObservedSide() {
    Verdict.RuleDecision marginal = new Verdict.RuleDecision("p99 ratio", Verdict.RuleDecision.Comparison.GREATER_THAN,
        2.0, 2.04,
        Optional.of(ci(1.71, 2.63)), 50, OptionalLong.of(900));
    assertThat(marginal.fired()).isTrue();
    assertThat(marginal.firmness()).isEqualTo(Verdict.RuleDecision.Firmness.MARGINAL);
    assertThat(marginal.describe("DEGRADED")).isEqualTo("DEGRADED (marginal): p99 ratio 2.04, 95 % CI 1.71\u20132.63");
    assertThat(marginal.margin()).isEqualTo(2.04 - 2.0);
    assertThat(marginal.relativeMargin()).isEqualTo((2.04 - 2.0) / 2.0);

    Verdict.RuleDecision firmPass = new Verdict.RuleDecision("success rate", Verdict.RuleDecision.Comparison.LESS_THAN,
        0.95, 0.99,
        Optional.of(ci(0.96, 1.0)), 100, OptionalLong.of(100));
    assertThat(firmPass.fired()).isFalse();
    assertThat(firmPass.firmness()).isEqualTo(Verdict.RuleDecision.Firmness.FIRM);
    // An interval wholly on the other side of the threshold from the observed value is not a firm answer.
    Verdict.RuleDecision odd = new Verdict.RuleDecision("x", Verdict.RuleDecision.Comparison.GREATER_THAN, 2.0, 2.5,
        Optional.of(ci(1.0, 1.9)), 10, OptionalLong.empty());
    assertThat(odd.firmness()).isEqualTo(Verdict.RuleDecision.Firmness.MARGINAL);
    assertThatThrownBy(() -> new Verdict.RuleDecision("x", Verdict.RuleDecision.Comparison.LESS_THAN, Double.NaN, 1,
        Optional.empty(),
        1, OptionalLong.empty())).hasMessage("threshold (NaN) should be a number");
  }

  @Test
  void aDecisionWithoutABoundOnTheThresholdsSideIsUnboundedNotFirm() {
    ConfidenceInterval noLower = new ConfidenceInterval(2.49, Double.NEGATIVE_INFINITY, 2.6, 0.95,
        ConfidenceInterval.Method.ORDER_STATISTICS);
    Verdict.RuleDecision fires = new Verdict.RuleDecision("p99 ratio", Verdict.RuleDecision.Comparison.GREATER_THAN,
        2.0, 2.49,
        Optional.of(noLower), 10, OptionalLong.of(437));
    assertThat(fires.firmness()).isEqualTo(Verdict.RuleDecision.Firmness.UNBOUNDED);
    assertThat(fires.isMarginal()).isTrue();
    assertThat(fires.describe("DEGRADED")).isEqualTo("DEGRADED: p99 ratio 2.49 (no interval (needs 437 requests))");
    assertThat(Verdict.of(Status.DEGRADED, "").withRules(List.of(fires)).marginal()).isTrue();
    // The missing side faces away from the threshold here: the lower bound alone decides, and clears it.
    ConfidenceInterval noUpper = new ConfidenceInterval(2.49, 2.2, Double.POSITIVE_INFINITY, 0.95,
        ConfidenceInterval.Method.ORDER_STATISTICS);
    Verdict.RuleDecision firm = new Verdict.RuleDecision("p99 ratio", Verdict.RuleDecision.Comparison.GREATER_THAN,
        2.0, 2.49,
        Optional.of(noUpper), 10, OptionalLong.of(10));
    assertThat(firm.firmness()).isEqualTo(Verdict.RuleDecision.Firmness.FIRM);
    assertThat(firm.describe("DEGRADED")).isEqualTo("DEGRADED (firm): p99 ratio 2.49, 95 % CI 2.20\u2013\u221e");
    // Without an estimate of the requests, it says only that there is no interval.
    Verdict.RuleDecision holds = new Verdict.RuleDecision("p100", Verdict.RuleDecision.Comparison.GREATER_THAN, 3.0,
        2.49,
        Optional.of(noUpper), 10, OptionalLong.empty());
    assertThat(holds.firmness()).isEqualTo(Verdict.RuleDecision.Firmness.UNBOUNDED);
    assertThat(holds.describe("OK")).isEqualTo("OK: p100 2.49 (no interval)");
  }

  @Test
  void samplesAreCopiedInAndOutAndValidated() {
    long[] latencies = {3, 1, 2};
    StepSamples s = StepSamples.ofLatencies(latencies);
    latencies[0] = 99;
    assertThat(s.latencyNanos()).containsExactly(3, 1, 2);
    s.latencyNanos()[0] = 99;
    assertThat(s.latencyNanos()).containsExactly(3, 1, 2);
    assertThat(s).isEqualTo(StepSamples.ofLatencies(3, 1, 2)).hasSameHashCodeAs(StepSamples.ofLatencies(3, 1, 2));
    assertThat(s.toString()).isEqualTo("StepSamples[latencies=3, outputTokens=0, ttft=0, tpot=0, firstOutput=0]");
    assertThatThrownBy(() -> StepSamples.ofLatencies(1, -2)).hasMessage("latencyNanos[1] (-2) should not be negative");
    assertThatThrownBy(() -> new StepSamples(new long[] {1, 2}, new long[] {5}, new long[0], new long[0]))
        .hasMessage("outputTokens (1 values) should be empty or as long as latencyNanos (2 values)");
  }
}
