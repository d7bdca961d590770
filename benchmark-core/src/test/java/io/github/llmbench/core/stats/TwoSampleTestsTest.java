package io.github.llmbench.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TwoSampleTestsTest {
  @Test
  void identicalSamplesShowNoDifference() {
    double[] a = new Random(4).doubles(300).map(u -> 1 + u).toArray();
    TwoSampleTests.RankTest t = TwoSampleTests.mannWhitney(a, a.clone());
    assertThat(t.pValue()).isEqualTo(1.0);
    assertThat(t.cliffsDelta()).isEqualTo(0.0);
    assertThat(t.hodgesLehmannShift()).isEqualTo(0.0);
    assertThat(TwoSampleTests.verdict(t.pValue(), 0.05, t.cliffsDelta(), true))
        .isEqualTo(ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE);
  }

  @Test
  void aShiftedSampleIsSlowerAndTheShiftIsRecovered() {
    double[] a = new Random(5).doubles(200).map(u -> 1 + u).toArray();
    double[] b = Arrays.stream(a).map(v -> v + 0.5).toArray();
    TwoSampleTests.RankTest t = TwoSampleTests.mannWhitney(a, b);
    assertThat(t.pValue()).isLessThan(1e-6);
    assertThat(t.cliffsDelta()).isGreaterThan(0.5);
    // Median of (a_j + 0.5 - a_i) = 0.5 + median(a_j - a_i) = 0.5, the differences being symmetric around 0.
    assertThat(t.hodgesLehmannShift()).isCloseTo(0.5, within(1e-9));
    assertThat(TwoSampleTests.verdict(t.pValue(), 0.05, t.cliffsDelta(), true)).isEqualTo(ComparisonVerdict.SLOWER);
    TwoSampleTests.RankTest back = TwoSampleTests.mannWhitney(b, a);
    assertThat(TwoSampleTests.verdict(back.pValue(), 0.05, back.cliffsDelta(), true))
        .isEqualTo(ComparisonVerdict.FASTER);
  }

  @Test
  void mannWhitneyMatchesTheHandComputedNormalApproximation() {
    // U = 0, mean 12.5, variance 5 * 5 * 11 / 12, z = -2.6112, two-sided p = 0.009023 (no continuity correction).
    TwoSampleTests.RankTest t = TwoSampleTests.mannWhitney(new double[] {6, 7, 8, 9, 10}, new double[] {1, 2, 3, 4, 5});
    assertThat(t.uCandidate()).isEqualTo(0);
    assertThat(t.cliffsDelta()).isEqualTo(-1.0);
    assertThat(t.pValue()).isCloseTo(0.009023, within(1e-5));
  }

  @Test
  void uCliffsDeltaAndHodgesLehmannAgreeWithBruteForceWithTies() {
    Random r = new Random(6);
    double[] a = r.ints(37, 0, 15).asDoubleStream().toArray();
    double[] b = r.ints(41, 3, 20).asDoubleStream().toArray();
    double u = 0;
    double[] diffs = new double[a.length * b.length];
    int k = 0;
    for (double x : a) {
      for (double y : b) {
        u += y > x ? 1 : y == x ? 0.5 : 0;
        diffs[k++] = y - x;
      }
    }
    Arrays.sort(diffs);
    double hl = diffs.length % 2 == 1 ? diffs[diffs.length / 2]
        : (diffs[diffs.length / 2 - 1] + diffs[diffs.length / 2]) / 2;
    TwoSampleTests.RankTest t = TwoSampleTests.mannWhitney(a, b);
    assertThat(t.uCandidate()).isEqualTo(u);
    assertThat(t.cliffsDelta()).isCloseTo(2 * u / (a.length * b.length) - 1, within(1e-12));
    assertThat(t.hodgesLehmannShift()).isCloseTo(hl, within(1e-9));
  }

  @Test
  void proportionsOnLargeCountsUseTheZTest() {
    // 80/100 vs 90/100: pooled 0.85, se 0.050498, z = -1.9803, p = 0.04767; h = 2 asin(sqrt .8) - 2 asin(sqrt .9).
    TwoSampleTests.ProportionTest t = TwoSampleTests.proportions(90, 100, 80, 100, 0.95);
    assertThat(t.test()).isEqualTo(StatisticalTest.TWO_PROPORTION_Z);
    assertThat(t.pValue()).isCloseTo(0.04767, within(1e-4));
    assertThat(t.difference()).isCloseTo(-0.1, within(1e-12));
    assertThat(t.cohensH()).isCloseTo(-0.2838, within(1e-4));
    assertThat(t.differenceInterval().upper()).isLessThan(0);
    assertThat(TwoSampleTests.verdict(t.pValue(), 0.05, t.difference(), false)).isEqualTo(ComparisonVerdict.SLOWER);
  }

  @Test
  void proportionsOnSmallCountsUseFisherExact() {
    // Fisher's tea-tasting table [[3, 1], [1, 3]]: two-sided p = 34/70 = 0.4857.
    TwoSampleTests.ProportionTest t = TwoSampleTests.proportions(3, 4, 1, 4, 0.95);
    assertThat(t.test()).isEqualTo(StatisticalTest.FISHER_EXACT);
    assertThat(t.pValue()).isCloseTo(34.0 / 70, within(1e-9));
    // All succeeded on both sides: nothing to test.
    TwoSampleTests.ProportionTest same = TwoSampleTests.proportions(10, 10, 10, 10, 0.95);
    assertThat(same.pValue()).isEqualTo(1.0);
    assertThat(same.cohensH()).isEqualTo(0.0);
  }

  @Test
  void verdictNeedsBothSignificanceAndADirection() {
    assertThat(TwoSampleTests.verdict(0.01, 0.05, 0, true)).isEqualTo(ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE);
    assertThat(TwoSampleTests.verdict(0.06, 0.05, 1, true)).isEqualTo(ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE);
    assertThat(TwoSampleTests.verdict(0.01, 0.05, 1, false)).isEqualTo(ComparisonVerdict.FASTER);
    assertThat(TwoSampleTests.verdict(Double.NaN, 0.05, 1, false)).isEqualTo(ComparisonVerdict.NOT_TESTED);
  }
}
