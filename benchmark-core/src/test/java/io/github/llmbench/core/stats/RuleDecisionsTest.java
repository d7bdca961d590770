package io.github.llmbench.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.api.RuleDecision;
import io.github.llmbench.api.RuleDecision.Firmness;
import io.github.llmbench.api.StepSamples;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RuleDecisionsTest {
  private static final long SEC = 1_000_000_000L;

  @Test
  void p99RatioFromAFewSlowRequestsIsMarginal() {
    // 98 requests of 1 s and 2 of 5 s: the script's p99 (index 98 of 100) is 5 s only while a resample holds both
    // slow requests, P = 1 - 0.98^100 - 100 * 0.02 * 0.98^99 = 0.597. So the replicates are 1 s or 5 s, each often
    // enough that the 2.5 % quantile is 1 and the 97.5 % quantile is 5: the interval is exactly [1, 5].
    long[] step = new long[100];
    Arrays.fill(step, SEC);
    step[17] = 5 * SEC;
    step[63] = 5 * SEC;
    StepSamples baseline = StepSamples.ofLatencies(constant(20, SEC));

    RuleDecision d = RuleDecisions.p99RatioAbove(StepSamples.ofLatencies(step), baseline, 2.0, Bootstrap.ofDefaults());

    assertThat(d.observed()).isEqualTo(5.0);
    assertThat(d.fired()).isTrue();
    assertThat(d.interval().orElseThrow().lower()).isEqualTo(1.0);
    assertThat(d.interval().orElseThrow().upper()).isEqualTo(5.0);
    assertThat(d.firmness()).isEqualTo(Firmness.MARGINAL);
    assertThat(d.margin()).isEqualTo(3.0);
    assertThat(d.relativeMargin()).isEqualTo(1.5);
    // Half-width towards the threshold 4, distance 3: n' > 100 * (4/3)^2 = 177.8.
    assertThat(d.requestsForFirmAnswer()).isEqualTo(OptionalLong.of(178));
    assertThat(d.describe("DEGRADED")).isEqualTo("DEGRADED (marginal): p99 ratio 5.00, 95 % CI 1.00\u20135.00");
  }

  @Test
  void p99RatioOfUniformlySlowRequestsIsFirm() {
    // Every step latency is between 2.5 and 3.5 s and the baseline is a constant 1 s, so every replicate ratio, and
    // with it the whole interval, lies in [2.5, 3.5]: above 2.
    long[] step = new long[200];
    for (int i = 0; i < step.length; i++) step[i] = (long) ((2.5 + i / 199.0) * SEC);
    RuleDecision d = RuleDecisions.p99RatioAbove(StepSamples.ofLatencies(step),
        StepSamples.ofLatencies(constant(10, SEC)), 2.0, Bootstrap.ofDefaults());

    ConfidenceInterval ci = d.interval().orElseThrow();
    assertThat(ci.lower()).isGreaterThanOrEqualTo(2.5);
    assertThat(ci.upper()).isLessThanOrEqualTo(3.5);
    assertThat(d.fired()).isTrue();
    assertThat(d.firmness()).isEqualTo(Firmness.FIRM);
    assertThat(d.requestsForFirmAnswer()).isEqualTo(OptionalLong.of(200));
    assertThat(d.describe("DEGRADED")).startsWith("DEGRADED (firm): p99 ratio 3.49, 95 % CI ");
  }

  @Test
  void successRateWellBelowTheThresholdIsFirm() {
    // Wilson 90/100: [0.8256, 0.9448], wholly below 0.95.
    RuleDecision d = RuleDecisions.successRateBelow(90, 100, 0.95, 0.95);
    assertThat(d.fired()).isTrue();
    assertThat(d.firmness()).isEqualTo(Firmness.FIRM);
    assertThat(d.interval().orElseThrow().upper()).isCloseTo(0.9448, within(1e-4));
    assertThat(d.margin()).isCloseTo(-0.05, within(1e-12));
    assertThat(d.requestsForFirmAnswer()).isEqualTo(OptionalLong.of(100));
  }

  @Test
  void successRateNearTheThresholdIsMarginalAndSaysHowManyRequestsWouldSettleIt() {
    // Wilson 93/100: [0.8621, 0.9653], which straddles 0.95.
    RuleDecision d = RuleDecisions.successRateBelow(93, 100, 0.95, 0.95);
    assertThat(d.fired()).isTrue();
    assertThat(d.firmness()).isEqualTo(Firmness.MARGINAL);
    assertThat(d.describe("FAILING")).isEqualTo("FAILING (marginal): success rate 0.93, 95 % CI 0.86\u20130.97");
    long needed = d.requestsForFirmAnswer().orElseThrow();
    // The smallest n whose Wilson upper bound at 0.93 falls below 0.95.
    assertThat(ConfidenceInterval.wilson(0.93, needed, 0.95).upper()).isLessThan(0.95);
    assertThat(ConfidenceInterval.wilson(0.93, needed - 1, 0.95).upper()).isGreaterThanOrEqualTo(0.95);
    // 457 (the Wald formula z^2 p(1-p) / d^2 would say 625; Wilson's bound sits nearer 0.5).
    assertThat(needed).isEqualTo(457L);
  }

  @Test
  void anObservedValueOnTheThresholdCanNeverBeSettled() {
    RuleDecision d = RuleDecisions.successRateBelow(95, 100, 0.95, 0.95);
    assertThat(d.fired()).isFalse();
    assertThat(d.firmness()).isEqualTo(Firmness.MARGINAL);
    assertThat(d.requestsForFirmAnswer()).isEmpty();
  }

  @Test
  void allSuccessfulIsAFirmPass() {
    RuleDecision d = RuleDecisions.attainmentBelow(100, 100, 0.95, 0.95);
    assertThat(d.fired()).isFalse();
    assertThat(d.firmness()).isEqualTo(Firmness.FIRM);
    assertThat(d.describe("OK")).isEqualTo("OK (firm): SLO attainment 1.00, 95 % CI 0.96\u20131.00");
  }

  @Test
  void aDecisionWithoutIntervalSaysSo() {
    RuleDecision d = RuleDecisions.withoutInterval("throughput ratio", RuleDecision.Comparison.LESS_THAN, 1.05, 1.02,
        1);
    assertThat(d.fired()).isTrue();
    assertThat(d.firmness()).isEqualTo(Firmness.NO_INTERVAL);
    assertThat(d.describe("SATURATED")).isEqualTo("SATURATED: throughput ratio 1.02 (no interval)");
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
    RuleDecision d = RuleDecisions.successRateBelow(3, 3, 0.95, 0.95);
    assertThat(d.fired()).isFalse();
    assertThat(d.interval().orElseThrow().lower()).isLessThan(0.95);
    assertThat(d.firmness()).isEqualTo(Firmness.FIRM);
    assertThat(d.requestsForFirmAnswer()).hasValue(3L);
    assertThat(RuleDecisions.successRateBelow(2, 3, 0.95, 0.95).firmness()).isEqualTo(Firmness.FIRM);
    assertThat(RuleDecisions.successRateBelow(19, 20, 0.95, 0.95).firmness()).isEqualTo(Firmness.MARGINAL);
  }
}
