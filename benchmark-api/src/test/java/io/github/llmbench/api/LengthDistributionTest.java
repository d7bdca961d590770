package io.github.llmbench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Seeded length draws: within bounds, deterministic per (seed, index), and with the configured mean and spread. */
class LengthDistributionTest {
  private static final int DRAWS = 200_000;

  private static double[] moments(LengthDistribution d, long seed) {
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < DRAWS; i++) {
      int v = d.sample(seed, i);
      assertThat(v).isBetween(d.min(), d.max());
      sum += v;
      squares += (double) v * v;
    }
    double mean = sum / DRAWS;
    return new double[] {mean, Math.sqrt(squares / DRAWS - mean * mean)};
  }

  @Test
  void uniformCoversItsRangeWithTheRightMeanAndSpread() {
    LengthDistribution d = LengthDistribution.uniform(100, 300);
    double[] m = moments(d, 1);
    assertThat(m[0]).isCloseTo(200, within(1.0));
    // A discrete uniform on n values has variance (n^2 - 1) / 12.
    assertThat(m[1]).isCloseTo(Math.sqrt((201.0 * 201 - 1) / 12), within(0.7));
    boolean[] seen = new boolean[201];
    for (int i = 0; i < 20_000; i++) seen[d.sample(5, i) - 100] = true;
    for (boolean s : seen) assertThat(s).isTrue();
  }

  @Test
  void normalHasItsMeanAndStddevWhenTheBoundsAreWide() {
    double[] m = moments(LengthDistribution.normal(500, 50, 1, 10_000), 2);
    assertThat(m[0]).isCloseTo(500, within(0.6));
    assertThat(m[1]).isCloseTo(50, within(0.6));
  }

  @Test
  void normalIsTruncatedToItsBoundsByDrawingAgain() {
    LengthDistribution d = LengthDistribution.normal(500, 100, 400, 600);
    double[] m = moments(d, 3);
    assertThat(m[0]).isCloseTo(500, within(1.0)); // symmetric bounds keep the mean
    // A normal truncated at one sigma each side has stddev 0.5377 sigma (not a pile-up at the bounds).
    assertThat(m[1]).isCloseTo(53.8, within(1.0));
    long atBounds = IntStream.range(0, DRAWS).map(i -> d.sample(3, i)).filter(v -> v == 400 || v == 600).count();
    // Each bound holds its own density, 2 x phi(1) / (100 x 0.6827) = 0.71 % of draws in all; clamping instead
    // of drawing again would put 31.7 % there.
    assertThat(atBounds / (double) DRAWS).isCloseTo(0.0071, within(0.001));
  }

  @Test
  void aDrawDependsOnlyOnSeedAndIndex() {
    LengthDistribution d = LengthDistribution.normal(1000, 300, 1, 4000);
    int[] sequential = IntStream.range(0, 10_000).map(i -> d.sample(9, i)).toArray();
    int[] parallelReversed = IntStream.range(0, 10_000).parallel().map(i -> 9_999 - i)
        .map(i -> d.sample(9, i)).toArray();
    for (int i = 0; i < 10_000; i++) assertThat(parallelReversed[9_999 - i]).isEqualTo(sequential[i]);
    int[] otherSeed = IntStream.range(0, 10_000).map(i -> d.sample(10, i)).toArray();
    assertThat(otherSeed).isNotEqualTo(sequential);
    assertThat(LengthDistribution.fixed(7).sample(1, 99)).isEqualTo(7);
  }

  @Test
  void badParametersAreRefusedNamingTheField() {
    assertThatThrownBy(() -> LengthDistribution.fixed(0)).hasMessage("tokens (0) should be positive");
    assertThatThrownBy(() -> LengthDistribution.uniform(10, 5)).hasMessage("max (5) should be at least min (10)");
    assertThatThrownBy(() -> LengthDistribution.normal(100, -1, 1, 200))
        .hasMessage("stddev (-1.0) should be a finite number >= 0");
    assertThatThrownBy(() -> LengthDistribution.normal(300, 10, 1, 200))
        .hasMessage("mean (300.0) should be within [min, max] ([1, 200])");
  }

  @Test
  void specsSpellTheCommandLine() {
    assertThat(LengthDistribution.fixed(200).spec()).isEqualTo("200");
    assertThat(LengthDistribution.uniform(1, 9).spec()).isEqualTo("uniform:1:9");
    assertThat(LengthDistribution.normal(500, 12.5, 100, 900).spec()).isEqualTo("normal:500:12.5:100:900");
  }
}
