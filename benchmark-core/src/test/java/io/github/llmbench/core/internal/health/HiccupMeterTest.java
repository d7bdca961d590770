package io.github.llmbench.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.core.TimeSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HiccupMeterTest {
  @Test
  @Timeout(30)
  void aTickThatOversleepsIsAStallOfThatLength() throws InterruptedException {
    FakeTicks ticks = new FakeTicks();
    try (HiccupMeter meter = ticks.meter()) {
      meter.start();
      ticks.awaitTicks(5);
      meter.takeWindow();
      ticks.stallOneTick(Duration.ofMillis(50));
      ClientHealth.Hiccups h = meter.takeWindow();
      assertThat(h.maxMillis()).isEqualTo(50.0);
      assertThat(h.totalMillis()).isEqualTo(50.0);
      // The 49 ticks the stall hid are filled in, so the tail percentiles see it too.
      assertThat(h.p999Millis()).isGreaterThan(1).isLessThanOrEqualTo(h.maxMillis() * 1.01);
      assertThat(h.p99Millis()).isLessThanOrEqualTo(h.p999Millis());
      // The window was reset: the next one has no stall.
      ticks.awaitTicks(3);
      assertThat(meter.takeWindow().maxMillis()).isZero();
    }
  }

  @Test
  @Timeout(30)
  void ticksOnTimeAreNoStall() throws InterruptedException {
    FakeTicks ticks = new FakeTicks();
    try (HiccupMeter meter = ticks.meter()) {
      meter.start();
      ticks.awaitTicks(20);
      ClientHealth.Hiccups h = meter.takeWindow();
      assertThat(h).isEqualTo(ClientHealth.Hiccups.NONE);
    }
  }

  @Test
  @Timeout(30)
  void stallsBelowTheThresholdCountInTheMaxButNotInTheTotal() throws InterruptedException {
    FakeTicks ticks = new FakeTicks();
    try (HiccupMeter meter = new HiccupMeter(ticks, ticks, Duration.ofMillis(1), Duration.ofMillis(5))) {
      meter.start();
      ticks.awaitTicks(3);
      meter.takeWindow();
      ticks.stallOneTick(Duration.ofMillis(3));
      ticks.stallOneTick(Duration.ofMillis(8));
      ClientHealth.Hiccups h = meter.takeWindow();
      assertThat(h.maxMillis()).isEqualTo(8.0);
      assertThat(h.totalMillis()).isEqualTo(8.0);
    }
  }

  @Test
  @Timeout(30)
  void theRealMeterRunsOnOneDaemonThreadUntilClosed() throws InterruptedException {
    HiccupMeter meter = HiccupMeter.ofDefaults();
    assertThat(meter.meterThreadCpuNanos()).isEqualTo(-1);
    meter.start();
    meter.start();  // idempotent: still one thread
    assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("llmbench-hiccup-meter"))
        .hasSize(1).allMatch(Thread::isDaemon);
    Thread.sleep(50);
    ClientHealth.Hiccups h = meter.takeWindow();
    assertThat(h.maxMillis()).isGreaterThanOrEqualTo(h.p999Millis() * 0.99);
    assertThat(meter.meterThreadCpuNanos()).isPositive();
    meter.close();
    assertThat(meter.isRunning()).isFalse();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("llmbench-hiccup-meter"));
  }

  @Test
  void badSettingsNameTheFieldAndValue() {
    assertThatThrownBy(() -> new HiccupMeter(TimeSource.SYSTEM, HiccupMeter.Sleeper.SYSTEM, Duration.ZERO,
        Duration.ofMillis(1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resolution (PT0S) should be positive");
    assertThatThrownBy(() -> new HiccupMeter(TimeSource.SYSTEM, HiccupMeter.Sleeper.SYSTEM, Duration.ofMillis(1),
        Duration.ofMillis(-2))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stallThreshold (PT-0.002S) should be positive");
  }
}
