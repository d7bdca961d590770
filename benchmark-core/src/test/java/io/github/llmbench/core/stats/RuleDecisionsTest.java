package io.github.llmbench.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.api.StepSamples;
import io.github.llmbench.api.Verdict.RuleDecision.Firmness;
import io.github.llmbench.api.Verdict;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RuleDecisionsTest {
  private static final long SEC = 1_000_000_000L;

  /** The step: 10 requests, p99 (the script's, the 9th value) 2.491 s. */
  private static final double[] TEN_SEC = {2.480, 2.482, 2.483, 2.484, 2.485, 2.486, 2.487, 2.488, 2.491, 2.492};

  @Test
  void aP99RatioOverAFiveRequestBaselineIsNeverFirm() {
    // The bootstrap called this firm ([2.486, 2.492] around 2.491). The ratio's lower bound needs an upper bound of
    // the baseline's p99, at 97.5 % each (Bonferroni): 1 - 0.99^n >= 0.9875 from n = 437 requests.
    Verdict.RuleDecision d = RuleDecisions.p99RatioAbove(StepSamples.ofLatencies(nanos(TEN_SEC)),
        StepSamples.ofLatencies(constant(5, SEC)), 2.0, 0.95);

    assertThat(d.observed()).isCloseTo(2.491, within(1e-9));
    assertThat(d.fired()).isTrue();
    assertThat(d.interval().orElseThrow().hasLower()).isFalse();
    assertThat(d.firmness()).isEqualTo(Firmness.UNBOUNDED);
    assertThat(d.isMarginal()).isTrue();
    assertThat(d.requestsForFirmAnswer()).isEqualTo(OptionalLong.of(437));
    assertThat(d.describe("DEGRADED")).isEqualTo("DEGRADED: p99 ratio 2.49 (no interval (needs 437 requests))");
  }

  @Test
  void p99RatioFromAFewSlowRequestsIsMarginal() {
    // 985 requests of 1 s and 15 of 5 s: the script's p99 (index 989) is 5 s, but at 97.5 % the lower bound of the
    // p99 is an order statistic near index 981, still 1 s; the baseline is a constant 1 s. So the ratio's interval
    // starts at 1: below 2.
    long[] step = constant(1000, SEC);
    for (int i = 985; i < 1000; i++) step[i] = 5 * SEC;
    Verdict.RuleDecision d = RuleDecisions.p99RatioAbove(StepSamples.ofLatencies(step),
        StepSamples.ofLatencies(constant(1000, SEC)), 2.0, 0.95);

    assertThat(d.observed()).isEqualTo(5.0);
    assertThat(d.fired()).isTrue();
    assertThat(d.interval().orElseThrow().lower()).isEqualTo(1.0);
    assertThat(d.interval().orElseThrow().upper()).isEqualTo(5.0);
    assertThat(d.firmness()).isEqualTo(Firmness.MARGINAL);
    assertThat(d.margin()).isEqualTo(3.0);
    assertThat(d.relativeMargin()).isEqualTo(1.5);
    // Half-width towards the threshold 4, distance 3: n' > 1000 * (4/3)^2 = 1777.8.
    assertThat(d.requestsForFirmAnswer()).isEqualTo(OptionalLong.of(1778));
    assertThat(d.describe("DEGRADED")).isEqualTo("DEGRADED (marginal): p99 ratio 5.00, 95 % CI 1.00\u20135.00");
  }

  @Test
  void p99RatioOfUniformlySlowRequestsIsFirm() {
    // Every step latency is between 2.5 and 3.5 s and the baseline is a constant 1 s, with enough requests in both
    // for both bounds: the whole interval lies in [2.5, 3.5], above 2.
    long[] step = new long[2000];
    for (int i = 0; i < step.length; i++) step[i] = (long) ((2.5 + i / 1999.0) * SEC);
    Verdict.RuleDecision d = RuleDecisions.p99RatioAbove(StepSamples.ofLatencies(step),
        StepSamples.ofLatencies(constant(1000, SEC)), 2.0, 0.95);

    ConfidenceInterval ci = d.interval().orElseThrow();
    assertThat(ci.lower()).isGreaterThanOrEqualTo(2.5);
    assertThat(ci.upper()).isLessThanOrEqualTo(3.5);
    assertThat(d.fired()).isTrue();
    assertThat(d.firmness()).isEqualTo(Firmness.FIRM);
    assertThat(d.requestsForFirmAnswer()).isEqualTo(OptionalLong.of(2000));
    assertThat(d.describe("DEGRADED")).startsWith("DEGRADED (firm): p99 ratio 3.49, 95 % CI ");
  }

  @Test
  void anAbsoluteP99OfTenRequestsCanFireFirmlyButNeverHoldFirmly() {
    // Fires: 9 of 10 values at or above 2.491 s put the p99 above 2 s with probability P(B >= 9) = 0.9957.
    Verdict.RuleDecision fires = RuleDecisions.quantileAbove("p99 latency", TEN_SEC, 99, QuantileRule.SCRIPT_LOWER,
        2.0, 0.95);
    assertThat(fires.fired()).isTrue();
    assertThat(fires.interval().orElseThrow().lower()).isEqualTo(2.491);
    assertThat(fires.firmness()).isEqualTo(Firmness.FIRM);
    // Holds: that the p99 is below 3 s needs an upper bound, which 10 requests cannot give (368 can, at 95 %).
    Verdict.RuleDecision holds = RuleDecisions.quantileAbove("p99 latency", TEN_SEC, 99, QuantileRule.SCRIPT_LOWER,
        3.0, 0.95);
    assertThat(holds.fired()).isFalse();
    assertThat(holds.firmness()).isEqualTo(Firmness.UNBOUNDED);
    assertThat(holds.requestsForFirmAnswer()).hasValue(368);
    assertThat(holds.describe("OK")).isEqualTo("OK: p99 latency 2.49 (no interval (needs 368 requests))");
  }

  @Test
  void successRateWellBelowTheThresholdIsFirm() {
    // Wilson 90/100: [0.8256, 0.9448], wholly below 0.95.
    Verdict.RuleDecision d = RuleDecisions.successRateBelow(90, 100, 0.95, 0.95);
    assertThat(d.fired()).isTrue();
    assertThat(d.firmness()).isEqualTo(Firmness.FIRM);
    assertThat(d.interval().orElseThrow().upper()).isCloseTo(0.9448, within(1e-4));
    assertThat(d.margin()).isCloseTo(-0.05, within(1e-12));
    assertThat(d.requestsForFirmAnswer()).isEqualTo(OptionalLong.of(100));
  }

  @Test
  void successRateNearTheThresholdIsMarginalAndSaysHowManyRequestsWouldSettleIt() {
    // Wilson 93/100: [0.8621, 0.9653], which straddles 0.95.
    Verdict.RuleDecision d = RuleDecisions.successRateBelow(93, 100, 0.95, 0.95);
    assertThat(d.fired()).isTrue();
    assertThat(d.firmness()).isEqualTo(Firmness.MARGINAL);
    assertThat(d.describe("FAILING")).isEqualTo("FAILING (marginal): success rate 0.93, 95 % CI 0.86\u20130.97");
    long needed = d.requestsForFirmAnswer().orElseThrow();
    // The smallest n whose Wilson upper bound at 0.93 falls below 0.95.
    assertThat(io.github.llmbench.core.stats.ProportionIntervals.wilson(0.93, needed, 0.95).upper()).isLessThan(0.95);
    assertThat(io.github.llmbench.core.stats.ProportionIntervals.wilson(0.93, needed - 1,
        0.95).upper()).isGreaterThanOrEqualTo(0.95);
    // 457 (the Wald formula z^2 p(1-p) / d^2 would say 625; Wilson's bound sits nearer 0.5).
    assertThat(needed).isEqualTo(457L);
  }

  @Test
  void anObservedValueOnTheThresholdCanNeverBeSettled() {
    Verdict.RuleDecision d = RuleDecisions.successRateBelow(95, 100, 0.95, 0.95);
    assertThat(d.fired()).isFalse();
    assertThat(d.firmness()).isEqualTo(Firmness.MARGINAL);
    assertThat(d.requestsForFirmAnswer()).isEmpty();
  }

  @Test
  void allSuccessfulIsAFirmPass() {
    Verdict.RuleDecision d = RuleDecisions.attainmentBelow(100, 100, 0.95, 0.95);
    assertThat(d.fired()).isFalse();
    assertThat(d.firmness()).isEqualTo(Firmness.FIRM);
    assertThat(d.describe("OK")).isEqualTo("OK (firm): SLO attainment 1.00, 95 % CI 0.96\u20131.00");
  }

  @Test
  void aDecisionWithoutIntervalSaysSo() {
    Verdict.RuleDecision d = RuleDecisions.withoutInterval("throughput ratio",
        Verdict.RuleDecision.Comparison.LESS_THAN, 1.05, 1.02,
        1);
    assertThat(d.fired()).isTrue();
    assertThat(d.firmness()).isEqualTo(Firmness.NO_INTERVAL);
    assertThat(d.describe("SATURATED")).isEqualTo("SATURATED: throughput ratio 1.02 (no interval)");
  }

  private static long[] nanos(double[] sec) {
    long[] out = new long[sec.length];
    for (int i = 0; i < sec.length; i++) out[i] = Math.round(sec[i] * SEC);
    return out;
  }

  private static long[] constant(int n, long value) {
    long[] out = new long[n];
    Arrays.fill(out, value);
    return out;
  }

  @Test
  void aShareAtOneHundredPercentIsFirmWhateverTheSampleSize() {
    // 3 of 3: Wilson's interval (0.44-1.00) reaches below 0.95, but no failure was seen, so chance alone cannot
    // turn the step FAILING.
    Verdict.RuleDecision d = RuleDecisions.successRateBelow(3, 3, 0.95, 0.95);
    assertThat(d.fired()).isFalse();
    assertThat(d.interval().orElseThrow().lower()).isLessThan(0.95);
    assertThat(d.firmness()).isEqualTo(Firmness.FIRM);
    assertThat(d.requestsForFirmAnswer()).hasValue(3L);
    assertThat(RuleDecisions.successRateBelow(2, 3, 0.95, 0.95).firmness()).isEqualTo(Firmness.FIRM);
    assertThat(RuleDecisions.successRateBelow(19, 20, 0.95, 0.95).firmness()).isEqualTo(Firmness.MARGINAL);
  }
}
