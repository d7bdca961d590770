package io.github.llmbench.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.ConfidenceInterval;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  @Test
  void quantileRulesFollowTheirDefinitions() {
    double[] oneToTen = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    // Script: k = 9 * 99 / 100 = 8.91, f = 8 -> 9.
    assertThat(QuantileRule.SCRIPT_LOWER.of(oneToTen, 99)).isEqualTo(9);
    assertThat(QuantileRule.SCRIPT_LOWER.of(oneToTen, 50)).isEqualTo(5);
    // Nearest rank: ceil(9.9) = 10th value.
    assertThat(QuantileRule.NEAREST_RANK.of(oneToTen, 99)).isEqualTo(10);
    assertThat(QuantileRule.NEAREST_RANK.of(oneToTen, 50)).isEqualTo(5);
    assertThat(QuantileRule.NEAREST_RANK.of(oneToTen, 0)).isEqualTo(1);
    // Linear: h = 4.5 -> 5.5; h = 8.91 -> 9.91.
    assertThat(QuantileRule.LINEAR.of(oneToTen, 50)).isEqualTo(5.5);
    assertThat(QuantileRule.LINEAR.of(oneToTen, 99)).isCloseTo(9.91, within(1e-12));
    assertThat(QuantileRule.LINEAR.of(oneToTen, 100)).isEqualTo(10);
  }

  @Test
  void replicatesEqualANaiveSortingBootstrapWithTheSameDraws() {
    double[] sample = new Random(3).doubles(257).map(u -> -Math.log(1 - u)).toArray();
    for (QuantileRule rule : QuantileRule.values()) {
      for (double p : new double[] {10, 50, 90, 99}) {
        Bootstrap b = new Bootstrap(300, 0.9, 42);
        ConfidenceInterval fast = b.quantile(sample, p, rule);
        ConfidenceInterval naive = naive(sample, p, rule, b);
        assertThat(fast.lower()).as(rule + " p" + p).isEqualTo(naive.lower());
        assertThat(fast.upper()).as(rule + " p" + p).isEqualTo(naive.upper());
        assertThat(fast.estimate()).isEqualTo(rule.of(sorted(sample), p));
      }
    }
  }

  @Test
  void sameSeedSameIntervalOtherSeedOtherInterval() {
    double[] sample = new Random(1).doubles(500).toArray();
    ConfidenceInterval a = Bootstrap.ofDefaults().quantile(sample, 99, QuantileRule.LINEAR);
    ConfidenceInterval b = Bootstrap.ofDefaults().quantile(sample, 99, QuantileRule.LINEAR);
    assertThat(a).isEqualTo(b);
    // The bounds fall on order statistics, so two seeds can agree; over five seeds some must not.
    long distinct = java.util.stream.LongStream.rangeClosed(1, 5)
        .mapToObj(seed -> Bootstrap.ofDefaults().withSeed(seed).quantile(sample, 99, QuantileRule.LINEAR))
        .distinct().count();
    assertThat(distinct).isGreaterThan(1);
    assertThat(a.method()).isEqualTo(ConfidenceInterval.Method.PERCENTILE_BOOTSTRAP);
    assertThat(a.lower()).isLessThan(a.estimate());
    assertThat(a.upper()).isGreaterThanOrEqualTo(a.estimate());
  }

  @Test
  void medianIntervalCoversTheTrueMedianAboutNinetyFivePercentOfTheTime() {
    // Exponential(1): median ln 2. 200 independent samples of 400; a 95 % interval should cover about 190.
    Random data = new Random(2026);
    Bootstrap b = new Bootstrap(1000, 0.95, 5);
    int covered = 0;
    int trials = 200;
    for (int t = 0; t < trials; t++) {
      double[] sample = data.doubles(400).map(u -> -Math.log(1 - u)).toArray();
      if (b.withSeed(t).quantile(sample, 50, QuantileRule.LINEAR).contains(Math.log(2))) covered++;
    }
    assertThat(covered).isBetween(178, 199);
  }

  @Test
  void p90IntervalCoversTheTrueQuantile() {
    // Exponential(1): p90 = ln 10.
    Random data = new Random(99);
    Bootstrap b = new Bootstrap(1000, 0.95, 5);
    int covered = 0;
    for (int t = 0; t < 200; t++) {
      double[] sample = data.doubles(1000).map(u -> -Math.log(1 - u)).toArray();
      if (b.withSeed(t).quantile(sample, 90, QuantileRule.NEAREST_RANK).contains(Math.log(10))) covered++;
    }
    assertThat(covered).isBetween(176, 199);
  }

  @Test
  void differenceOfShiftedSamplesExcludesZero() {
    Random r = new Random(11);
    double[] base = r.doubles(300).map(u -> 1 + u).toArray();
    double[] slow = Arrays.stream(base).map(v -> v * 1.5).toArray();
    Bootstrap.QuantileDifference d = Bootstrap.ofDefaults().quantileDifference(base, slow, 99, QuantileRule.LINEAR);
    assertThat(d.interval().lower()).isGreaterThan(0);
    assertThat(d.pValue()).isLessThan(0.01);
    Bootstrap.QuantileDifference same = Bootstrap.ofDefaults().quantileDifference(base, base, 99, QuantileRule.LINEAR);
    assertThat(same.interval().contains(0)).isTrue();
    assertThat(same.pValue()).isGreaterThan(0.5);
  }

  @Test
  void badInputNamesTheField() {
    assertThatThrownBy(() -> new Bootstrap(10, 0.95, 1)).hasMessage("resamples (10) should be at least 100");
    assertThatThrownBy(() -> Bootstrap.ofDefaults().quantile(new double[0], 50, QuantileRule.LINEAR))
        .hasMessage("sample should not be empty");
    assertThatThrownBy(() -> Bootstrap.ofDefaults().quantile(new double[] {1}, 101, QuantileRule.LINEAR))
        .hasMessage("p (101.0) should be between 0 and 100");
  }

  /** The textbook bootstrap: draw indices, sort the resample, read the quantile. Same draws as the fast one. */
  private static ConfidenceInterval naive(double[] sample, double p, QuantileRule rule, Bootstrap b) {
    double[] s = sorted(sample);
    SplittableRandom random = new SplittableRandom(b.seed());
    double[] reps = new double[b.resamples()];
    double[] resample = new double[s.length];
    for (int i = 0; i < reps.length; i++) {
      for (int j = 0; j < s.length; j++) resample[j] = s[random.nextInt(s.length)];
      Arrays.sort(resample);
      reps[i] = rule.of(resample, p);
    }
    Arrays.sort(reps);
    double tail = (1 - b.level()) / 2 * 100;
    return new ConfidenceInterval(rule.of(s, p), QuantileRule.LINEAR.of(reps, tail),
        QuantileRule.LINEAR.of(reps, 100 - tail), b.level(), ConfidenceInterval.Method.PERCENTILE_BOOTSTRAP);
  }

  private static double[] sorted(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s;
  }
}
