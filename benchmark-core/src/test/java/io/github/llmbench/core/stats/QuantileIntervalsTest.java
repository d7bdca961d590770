package io.github.llmbench.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.ConfidenceInterval;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QuantileIntervalsTest {
  /** 1, 2, ..., n: the value at 0-based index i is i + 1, so a bound names its rank. */
  private static double[] ranks(int n) {
    return IntStream.rangeClosed(1, n).asDoubleStream().toArray();
  }

  @Test
  void medianOfOneHundredIsBoundedByTheTextbookRanks() {
    // Binomial(100, 0.5): P(B <= 39) = 0.0176 <= 0.025 < P(B <= 40) = 0.0284, so the lower bound is the 40th
    // value; P(B <= 59) = 0.9716 < 0.975 <= P(B <= 60) = 0.9824, so the upper bound is the 61st.
    ConfidenceInterval ci = QuantileIntervals.quantile(ranks(100), 50, QuantileRule.LINEAR, 0.95);
    assertThat(ci.lower()).isEqualTo(40);
    assertThat(ci.upper()).isEqualTo(61);
    assertThat(ci.estimate()).isEqualTo(50.5);
    assertThat(ci.method()).isEqualTo(ConfidenceInterval.Method.ORDER_STATISTICS);
  }

  @Test
  void p99OfAThousandIsBoundedByTheBinomialRanks() {
    // Binomial(1000, 0.99): the largest l with P(B <= l) <= 0.025 is 982, the smallest u with P(B <= u) >= 0.975
    // is 996 (0-based), so the 983rd and the 997th values.
    ConfidenceInterval ci = QuantileIntervals.quantile(ranks(1000), 99, QuantileRule.SCRIPT_LOWER, 0.95);
    assertThat(ci.lower()).isEqualTo(983);
    assertThat(ci.upper()).isEqualTo(997);
  }

  @Test
  void aP99OfTenRequestsHasNoUpperBound() {
    // The step: the bootstrap gave [2.486, 2.492] around 2.491. The largest of 10 values is above the p99
    // only with probability 1 - 0.99^10 = 0.096, so no value bounds it from above; from below, 9 of 10 values lie
    // under the p99 with probability P(B >= 9) = 0.9957, so the 9th value is a lower bound.
    double[] tenSec = {2.480, 2.482, 2.483, 2.484, 2.485, 2.486, 2.487, 2.488, 2.491, 2.492};
    ConfidenceInterval ci = QuantileIntervals.quantile(tenSec, 99, QuantileRule.SCRIPT_LOWER, 0.95);
    assertThat(ci.estimate()).isEqualTo(2.491);
    assertThat(ci.hasUpper()).isFalse();
    assertThat(ci.upper()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(ci.lower()).isEqualTo(2.491);
    assertThat(ci.describe(3)).isEqualTo("95 % CI 2.491\u2013\u221e");
  }

  @Test
  void requestsForABoundFollowFromTheBinomialTail() {
    // 1 - 0.99^n >= 0.975 from n = 368 (two-sided 95 %); 0.95 (one-sided 95 %, a two-sided 90 %) from 299; 0.9875
    // (each side of a 95 % Bonferroni ratio) from 437.
    assertThat(QuantileIntervals.requestsForUpperBound(99, 0.95)).hasValue(368);
    assertThat(QuantileIntervals.requestsForUpperBound(99, 0.90)).hasValue(299);
    assertThat(QuantileIntervals.requestsForUpperBound(99, QuantileIntervals.eachLevel(0.95))).hasValue(437);
    assertThat(QuantileIntervals.requestsForLowerBound(99, 0.95)).hasValue(1);
    // 0.5^6 = 0.016 <= 0.025 < 0.5^5.
    assertThat(QuantileIntervals.requestsForLowerBound(50, 0.95)).hasValue(6);
    assertThat(QuantileIntervals.requestsForUpperBound(50, 0.95)).hasValue(6);
    assertThat(QuantileIntervals.requestsForUpperBound(100, 0.95)).isEqualTo(OptionalLong.empty());
    assertThat(QuantileIntervals.requestsForLowerBound(0, 0.95)).isEqualTo(OptionalLong.empty());
  }

  @Test
  void theUpperBoundAppearsExactlyAtTheRequestsItNeeds() {
    assertThat(QuantileIntervals.quantile(ranks(367), 99, QuantileRule.SCRIPT_LOWER, 0.95).hasUpper()).isFalse();
    ConfidenceInterval enough = QuantileIntervals.quantile(ranks(368), 99, QuantileRule.SCRIPT_LOWER, 0.95);
    assertThat(enough.upper()).isEqualTo(368); // the largest value, and only just
    assertThat(QuantileIntervals.quantile(ranks(5), 50, QuantileRule.LINEAR, 0.95).hasLower()).isFalse();
    assertThat(QuantileIntervals.quantile(ranks(6), 50, QuantileRule.LINEAR, 0.95).lower()).isEqualTo(1);
  }

  @Test
  void p90AndP99IntervalsCoverTheTrueQuantileAtLeastAtTheirLevel() {
    // 2,000 seeded samples of 500 from Exponential(1): p90 = ln 10, p99 = ln 100. The intervals are exact for
    // continuous data, so coverage should be at least 95 % up to the Monte Carlo error (sd 0.5 %).
    SplittableRandom random = new SplittableRandom(19);
    int trials = 2000;
    int covered90 = 0;
    int covered99 = 0;
    int p99Above = 0; // lower bound above the truth
    int p99Below = 0; // upper bound below the truth
    for (int t = 0; t < trials; t++) {
      double[] sample = exponential(random, 500);
      if (QuantileIntervals.quantile(sample, 90, QuantileRule.LINEAR, 0.95).contains(Math.log(10))) covered90++;
      ConfidenceInterval ci = QuantileIntervals.quantile(sample, 99, QuantileRule.SCRIPT_LOWER, 0.95);
      if (ci.contains(Math.log(100))) covered99++;
      if (ci.lower() > Math.log(100)) p99Above++;
      if (ci.upper() < Math.log(100)) p99Below++;
    }
    assertThat(covered90 / (double) trials).isGreaterThanOrEqualTo(0.94);
    assertThat(covered99 / (double) trials).isGreaterThanOrEqualTo(0.94);
    // Each side misses at most its 2.5 % (the sides are one-sided bounds of their own); with 500 requests both exist.
    assertThat(p99Above / (double) trials).isLessThanOrEqualTo(0.035);
    assertThat(p99Below / (double) trials).isLessThanOrEqualTo(0.035);
    // Not vacuous: the intervals are not so wide that they always cover.
    assertThat(covered90).isLessThan(trials);
  }

  @Test
  void theRatioIntervalCoversTheTrueRatioAtLeastAtItsLevel() {
    // Step: Exponential with mean 3; baseline: mean 1. Every quantile's ratio is 3.
    SplittableRandom random = new SplittableRandom(7);
    int trials = 2000;
    int covered = 0;
    for (int t = 0; t < trials; t++) {
      double[] step = exponential(random, 600);
      for (int i = 0; i < step.length; i++) step[i] *= 3;
      double[] baseline = exponential(random, 600);
      ConfidenceInterval ci = QuantileIntervals.quantileRatio(step, baseline, 99, QuantileRule.SCRIPT_LOWER, 0.95);
      assertThat(ci.hasLower() && ci.hasUpper()).isTrue(); // 600 >= 437 in each
      if (ci.contains(3.0)) covered++;
    }
    assertThat(covered / (double) trials).isGreaterThanOrEqualTo(0.94);
  }

  @Test
  void aRatioOverASmallBaselineHasNoLowerBound() {
    double[] step = ranks(1000);
    double[] baseline = {1, 1, 1, 1, 1};
    ConfidenceInterval ci = QuantileIntervals.quantileRatio(step, baseline, 99, QuantileRule.SCRIPT_LOWER, 0.95);
    assertThat(ci.hasLower()).isFalse(); // the baseline's p99 has no upper bound from 5 requests
    assertThat(ci.hasUpper()).isTrue(); // step's upper over the baseline's lower (1)
    assertThat(ci.estimate()).isEqualTo(990);
    assertThat(ci.level()).isEqualTo(0.95);
  }

  @Test
  void badInputNamesTheField() {
    assertThatThrownBy(() -> QuantileIntervals.quantile(new double[0], 50, QuantileRule.LINEAR, 0.95))
        .hasMessage("sample should not be empty");
    assertThatThrownBy(() -> QuantileIntervals.quantile(new double[] {1}, 101, QuantileRule.LINEAR, 0.95))
        .hasMessage("p (101.0) should be between 0 and 100");
    assertThatThrownBy(() -> QuantileIntervals.quantile(new double[] {Double.NaN}, 50, QuantileRule.LINEAR, 0.95))
        .hasMessage("sample[0] (NaN) should be a number");
    assertThatThrownBy(() -> QuantileIntervals.quantile(new double[] {1}, 50, QuantileRule.LINEAR, 1.0))
        .hasMessage("level (1.0) should be strictly between 0 and 1");
  }

  private static double[] exponential(SplittableRandom random, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = -Math.log(1 - random.nextDouble());
    return out;
  }
}
