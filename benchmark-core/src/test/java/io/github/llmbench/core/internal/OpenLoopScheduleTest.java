package io.github.llmbench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.Load;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {
  @Test
  void constantArrivalsAreEvenlySpaced() {
    assertThat(OpenLoopExecutor.schedule(new Load.OpenLoop(4, false, 0, 0), 4))
        .containsExactly(0L, 250_000_000L, 500_000_000L, 750_000_000L);
  }

  @Test
  void poissonArrivalsAreSeededAndAverageTheRate() {
    long[] a = OpenLoopExecutor.schedule(new Load.OpenLoop(100, true, 7, 0), 20_001);
    long[] b = OpenLoopExecutor.schedule(new Load.OpenLoop(100, true, 7, 0), 20_001);
    long[] c = OpenLoopExecutor.schedule(new Load.OpenLoop(100, true, 8, 0), 20_001);
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    double meanGapSec = a[20_000] / 1e9 / 20_000;
    assertThat(meanGapSec).isCloseTo(0.01, within(0.0005));
    for (int i = 1; i < a.length; i++) assertThat(a[i]).isGreaterThanOrEqualTo(a[i - 1]);
  }
}
