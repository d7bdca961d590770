package io.github.llmbench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UnifiedStatusPolicyTest {
  private final UnifiedStatusPolicy policy = StatusPolicy.unified();

  private static StepStatistics stats(double successRate, double p99, double throughput) {
    return StepStatistics.builder().requests(100, (int) Math.round(successRate * 100),
        100 - (int) Math.round(successRate * 100)).successRate(successRate).durationSec(2.0).scriptLatencySec(p99 / 2,
        p99 * 0.9, p99).throughput(throughput, throughput / 2).tokens(0, 0).wallClock(3.0, 0,
        0).latency(LatencySummary.EMPTY).failures(Map.of()).build();
  }

  @Test
  void failingWinsOverEveryOtherRule() {
    Verdict v = policy.classify(stats(0.94, 10, 1),
        StatusPolicy.Context.none().withBaselineP99Sec(1).withPreviousThroughputTotal(100));
    assertThat(v.status()).isEqualTo(Status.FAILING);
    assertThat(v.reason()).isEqualTo("success rate 0.940 < 0.95");
  }

  @Test
  void exactlyNinetyFivePercentIsNotFailing() {
    assertThat(policy.classify(stats(0.95, 1, 1), StatusPolicy.Context.none()).status()).isEqualTo(Status.OK);
  }

  @Test
  void degradedWhenP99AboveTwiceBaselineAndWinsOverSaturated() {
    Verdict v = policy.classify(stats(1.0, 2.5, 1), StatusPolicy.Context.none().withBaselineP99Sec(1.2)
        .withPreviousThroughputTotal(100));
    assertThat(v.status()).isEqualTo(Status.DEGRADED);
    assertThat(v.reason()).isEqualTo("p99 2.500 s > 2.0 x baseline p99 1.200 s");
  }

  @Test
  void p99OfExactlyTwiceBaselineIsNotDegraded() {
    assertThat(policy.classify(stats(1.0, 2.0, 1), StatusPolicy.Context.none().withBaselineP99Sec(1.0)).status())
        .isEqualTo(Status.OK);
  }

  @Test
  void saturatedWhenThroughputBelowOnePointOhFiveOfPrevious() {
    Verdict v = policy.classify(stats(1.0, 1, 104.9), StatusPolicy.Context.none().withPreviousThroughputTotal(100));
    assertThat(v.status()).isEqualTo(Status.SATURATED);
    assertThat(v.reason()).isEqualTo("throughput 104.9 tok/s < 1.05 x previous 100.0 tok/s");
    assertThat(policy.classify(stats(1.0, 1, 105.1),
        StatusPolicy.Context.none().withPreviousThroughputTotal(100)).status())
        .isEqualTo(Status.OK);
  }

  @Test
  void zeroBaselineAndZeroPreviousCountAsAbsentLikeThePythonTruthTest() {
    Verdict v = policy.classify(stats(1.0, 50, 0),
        StatusPolicy.Context.none().withBaselineP99Sec(0).withPreviousThroughputTotal(0));
    assertThat(v.status()).isEqualTo(Status.OK);
  }

  @Test
  void withNothingToCompareOnlySuccessRateMatters() {
    Verdict v = policy.classify(stats(1.0, 1000, 0.001), StatusPolicy.Context.none());
    assertThat(v.status()).isEqualTo(Status.OK);
    assertThat(v.reason()).isEqualTo("success rate 1.000 >= 0.95");
  }

  @Test
  void thresholdsAreConfigurable() {
    UnifiedStatusPolicy strict = policy.minSuccessRate(0.99).latencyFactor(1.5).throughputGrowth(1.2);
    assertThat(strict.classify(stats(0.98, 1, 1), StatusPolicy.Context.none()).status()).isEqualTo(Status.FAILING);
    assertThat(strict.classify(stats(1.0, 1.6, 1), StatusPolicy.Context.none().withBaselineP99Sec(1)).status())
        .isEqualTo(Status.DEGRADED);
    assertThat(strict.classify(stats(1.0, 1, 110),
        StatusPolicy.Context.none().withPreviousThroughputTotal(100)).status())
        .isEqualTo(Status.SATURATED);
    assertThat(policy.minSuccessRate()).isEqualTo(0.95);
  }

  @Test
  void badThresholdsNameTheField() {
    assertThatThrownBy(() -> policy.minSuccessRate(1.5)).hasMessage("minSuccessRate (1.5) should be between 0 and 1");
    assertThatThrownBy(() -> policy.latencyFactor(0)).hasMessageContaining("latencyFactor (0.0)");
  }
}
