package io.github.llmbench.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.ConfidenceInterval;
import org.junit.jupiter.api.Test;

class ProportionIntervalsTest {
  @Test
  void wilsonMatchesPublishedValues() {
    // 8/10 at 95 %: 0.4902 to 0.9433 (the textbook example of the score interval).
    assertBounds(ProportionIntervals.wilson(8, 10), 0.4902, 0.9433);
    // Newcombe (1998), Statistics in Medicine 17:857, Table II, method 3 (score, no continuity correction).
    assertBounds(ProportionIntervals.wilson(81, 263), 0.2553, 0.3662);
    assertBounds(ProportionIntervals.wilson(15, 148), 0.0624, 0.1605);
    assertBounds(ProportionIntervals.wilson(0, 20), 0.0, 0.1611);
    assertBounds(ProportionIntervals.wilson(1, 29), 0.0061, 0.1718);
  }

  @Test
  void wilsonStaysInsideZeroOneAtTheEdges() {
    ConfidenceInterval all = ProportionIntervals.wilson(100, 100);
    assertThat(all.upper()).isEqualTo(1.0);
    assertThat(all.lower()).isCloseTo(0.9630, within(1e-4));
    assertThat(ProportionIntervals.wilson(0, 5).lower()).isEqualTo(0.0);
  }

  @Test
  void zIsTheNormalQuantile() {
    assertThat(ProportionIntervals.z(0.95)).isCloseTo(1.959964, within(1e-6));
    assertThat(ProportionIntervals.z(0.99)).isCloseTo(2.575829, within(1e-6));
  }

  @Test
  void theApisWilsonUsesTheSameQuantileAsCommonsMath() {
    // The API computes its own normal quantile (it depends on the JDK only); its interval half-width must match the
    // score formula with Commons Math's z at every level.
    for (double level : new double[] {0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.999999}) {
      double z = ProportionIntervals.z(level);
      double p = 0.3;
      int n = 50;
      double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z * z / n);
      ConfidenceInterval ci = io.github.llmbench.core.stats.ProportionIntervals.wilson(15, 50, level);
      assertThat((ci.upper() - ci.lower()) / 2).as("level %s", level).isCloseTo(half, within(1e-8));
    }
  }

  @Test
  void newcombeDifferenceMatchesPublishedValue() {
    // Newcombe (1998), Statistics in Medicine 17:873, example (a): 56/70 - 48/80, method 10: 0.0524 to 0.3339.
    ConfidenceInterval d = ProportionIntervals.newcombeDifference(48, 80, 56, 70, 0.95);
    assertThat(d.estimate()).isCloseTo(0.2, within(1e-12));
    assertBounds(d, 0.0524, 0.3339);
  }

  @Test
  void badCountsNameTheField() {
    assertThatThrownBy(() -> ProportionIntervals.wilson(3, 0)).hasMessage("trials (0) should be positive");
    assertThatThrownBy(() -> ProportionIntervals.wilson(11, 10))
        .hasMessage("successes (11) should be between 0 and trials (10)");
    assertThatThrownBy(() -> ProportionIntervals.wilson(1, 10, 1.0))
        .hasMessage("level (1.0) should be strictly between 0 and 1");
  }

  private static void assertBounds(ConfidenceInterval ci, double lower, double upper) {
    assertThat(ci.lower()).as("lower").isCloseTo(lower, within(5e-5));
    assertThat(ci.upper()).as("upper").isCloseTo(upper, within(5e-5));
  }
}
