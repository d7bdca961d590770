package io.github.llmbench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.Load;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {
  private static final int DRAWS = 100_000;

  @Test
  void constantArrivalsAreEvenlySpaced() {
    assertThat(ArrivalSchedule.offsets(Load.rate(4), 4))
        .containsExactly(0L, 250_000_000L, 500_000_000L, 750_000_000L);
  }

  @Test
  void poissonArrivalsAreSeededAndAverageTheRate() {
    long[] a = ArrivalSchedule.offsets(Load.rate(100).poisson(7), 20_001);
    long[] b = ArrivalSchedule.offsets(Load.rate(100).poisson(7), 20_001);
    long[] c = ArrivalSchedule.offsets(Load.rate(100).poisson(8), 20_001);
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    double meanGapSec = a[20_000] / 1e9 / 20_000;
    assertThat(meanGapSec).isCloseTo(0.01, within(0.0005));
    for (int i = 1; i < a.length; i++) assertThat(a[i]).isGreaterThanOrEqualTo(a[i - 1]);
  }

  @Test
  void gammaGapsHaveTheMeanAndCoefficientOfVariationTheBurstinessImplies() {
    // vLLM: shape k = burstiness, scale 1 / (rate k): mean 1 / rate, CV 1 / sqrt(k); k = 1 is Poisson (CV 1)
    for (double k : new double[] {0.25, 0.5, 1, 4}) {
      double[] gaps = gapsSec(ArrivalSchedule.offsets(Load.rate(50).gamma(k, 11), DRAWS + 1));
      double mean = Arrays.stream(gaps).average().orElseThrow();
      double sd = Math.sqrt(Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).sum() / (gaps.length - 1));
      assertThat(mean).as("mean gap, burstiness %s", k).isCloseTo(0.02, within(0.02 * 0.02));
      assertThat(sd / mean).as("CV, burstiness %s", k).isCloseTo(1 / Math.sqrt(k), within(0.03 / Math.sqrt(k)));
    }
    assertThat(ArrivalSchedule.offsets(Load.rate(50).gamma(0.5, 11), 100))
        .isEqualTo(ArrivalSchedule.offsets(Load.rate(50).gamma(0.5, 11), 100))
        .isNotEqualTo(ArrivalSchedule.offsets(Load.rate(50).gamma(0.5, 12), 100));
  }

  @Test
  void aLinearRampSendsWhatItsRateIntegratesTo() {
    // 10/s rising to 50/s over 4 s, then 50/s: expected arrivals by t = 10 t + 5 t^2 while ramping
    Load.OpenLoop ramp = Load.rate(50).ramp(Load.Ramp.linear(10, Duration.ofSeconds(4)));
    assertSecondBySecondAsExpected(ramp, 300, 5);
    assertThat(ramp.expectedArrivals(4)).isCloseTo(120, within(1e-9));
    assertThat(ramp.rateAt(0)).isEqualTo(10);
    assertThat(ramp.rateAt(2)).isEqualTo(30);
    assertThat(ramp.rateAt(9)).isEqualTo(50);
  }

  @Test
  void anExponentialRampMultipliesTheRateByTheSameFactorEachSecond() {
    // 4/s to 64/s over 4 s: 4, 8, 16, 32, 64 at whole seconds
    Load.OpenLoop ramp = Load.rate(64).poisson(3).ramp(Load.Ramp.exponential(4, Duration.ofSeconds(4)));
    assertThat(ramp.rateAt(1)).isCloseTo(8, within(1e-9));
    assertThat(ramp.rateAt(3)).isCloseTo(32, within(1e-9));
    // the integral of 4 x 2^t over [0, 4] is 60 / ln 2
    assertThat(ramp.expectedArrivals(4)).isCloseTo(60 / Math.log(2), within(1e-9));
    Load.OpenLoop even = Load.rate(64).ramp(Load.Ramp.exponential(4, Duration.ofSeconds(4)));
    assertSecondBySecondAsExpected(even, 400, 6);
  }

  /** Each whole second of the first {@code seconds} holds the arrivals the rate integrates to, within one. */
  private static void assertSecondBySecondAsExpected(Load.OpenLoop load, int n, int seconds) {
    long[] offsets = ArrivalSchedule.offsets(load, n);
    for (int second = 0; second < seconds; second++) {
      double expected = load.expectedArrivals(second + 1) - load.expectedArrivals(second);
      assertThat(countIn(offsets, second, second + 1)).as("arrivals in second %d", second)
          .isCloseTo((long) Math.round(expected), within(1L));
    }
  }

  private static double[] gapsSec(long[] offsets) {
    double[] gaps = new double[offsets.length - 1];
    for (int i = 1; i < offsets.length; i++) gaps[i - 1] = (offsets[i] - offsets[i - 1]) / 1e9;
    return gaps;
  }

  private static long countIn(long[] offsets, double fromSec, double toSec) {
    return Arrays.stream(offsets).filter(o -> o >= fromSec * 1e9 && o < toSec * 1e9).count();
  }
}
