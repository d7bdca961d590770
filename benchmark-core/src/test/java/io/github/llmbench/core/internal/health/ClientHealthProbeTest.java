package io.github.llmbench.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.ClientBoundThresholds;
import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.core.TimeSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The probe over a step window, with the platform's GC and CPU figures and a hiccup meter on a fake clock, so a
 * test can make the JVM "stall" for exactly 50 ms.
 */
class ClientHealthProbeTest {
  private static ClientHealthProbe probe(FakeTicks ticks, CpuMonitor cpu) {
    return new ClientHealthProbe(ClientBoundThresholds.ofDefaults(), ticks.meter(), new GcMonitor(), cpu,
        TimeSource.SYSTEM);
  }

  @Test
  @Timeout(30)
  void aStallMarksTheStepClientBoundWithItsReason() throws InterruptedException {
    FakeTicks ticks = new FakeTicks();
    try (ClientHealthProbe probe = probe(ticks, CpuMonitor.ofPlatform())) {
      ticks.awaitTicks(3);
      probe.start();
      ticks.stallOneTick(Duration.ofMillis(50));
      ClientHealth health = probe.stop(new SendLagRecorder());
      assertThat(health.hiccups().maxMillis()).isEqualTo(50.0);
      assertThat(health.clientBound()).isTrue();
      assertThat(health.reasons()).contains("JVM stalled 50 ms (hiccup max > 20 ms)");
      assertThat(health.verdictReason()).startsWith("client-bound: ").contains("JVM stalled 50 ms (hiccup max > 20 ms)");
    }
  }

  @Test
  @Timeout(30)
  void anIdleStepIsNotClientBound() throws InterruptedException {
    FakeTicks ticks = new FakeTicks();
    try (ClientHealthProbe probe = probe(ticks, CpuMonitor.ofPlatform())) {
      ticks.awaitTicks(3);
      probe.start();
      SendLagRecorder lags = new SendLagRecorder();
      for (int i = 0; i < 100; i++) lags.recordSendLagNanos(200_000);  // requests left 0.2 ms late
      ticks.awaitTicks(50);
      ClientHealth health = probe.stop(lags);
      assertThat(health.reasons()).isEmpty();
      assertThat(health.clientBound()).isFalse();
      assertThat(health.verdictReason()).isEmpty();
      assertThat(health.sendLag().samples()).isEqualTo(100);
      assertThat(health.hiccups()).isEqualTo(ClientHealth.Hiccups.NONE);
      assertThat(health.windowMillis()).isGreaterThanOrEqualTo(40);
      assertThat(health.cpu().shareOfCores()).isPresent();
    }
  }

  @Test
  @Timeout(30)
  void lateSendsMarkTheStepClientBound() throws InterruptedException {
    FakeTicks ticks = new FakeTicks();
    try (ClientHealthProbe probe = probe(ticks, CpuMonitor.ofPlatform())) {
      probe.start();
      SendLagRecorder lags = new SendLagRecorder();
      for (int i = 0; i < 100; i++) lags.recordSendLagNanos(30_000_000);
      ClientHealth health = probe.stop(lags);
      assertThat(health.clientBound()).isTrue();
      assertThat(health.reasons()).anyMatch(r -> r.matches(
          "requests left 30(\\.0)? ms late at p99 \\(send-lag p99 > 20 ms\\)"));
    }
  }

  @Test
  @Timeout(30)
  void eachStepIsItsOwnWindow() throws InterruptedException {
    FakeTicks ticks = new FakeTicks();
    try (ClientHealthProbe probe = probe(ticks, CpuMonitor.ofPlatform())) {
      ticks.awaitTicks(3);
      probe.start();
      ticks.stallOneTick(Duration.ofMillis(50));
      assertThat(probe.stop(new SendLagRecorder()).hiccups().maxMillis()).isEqualTo(50.0);
      ticks.stallOneTick(Duration.ofMillis(30));  // between steps: seen by no step
      probe.start();
      ticks.awaitTicks(3);
      assertThat(probe.stop(new SendLagRecorder()).hiccups()).isEqualTo(ClientHealth.Hiccups.NONE);
    }
  }

  @Test
  @Timeout(30)
  void neverThrowsAndStopsItsThreadOnClose() {
    FakeTicks ticks = new FakeTicks();
    CpuMonitor broken = new CpuMonitor(() -> {
      throw new IllegalStateException("no CPU time");
    }, () -> 2, () -> -1, TimeSource.SYSTEM);
    ClientHealthProbe probe = probe(ticks, broken);
    probe.start();
    assertThat(probe.stop(new SendLagRecorder()).cpu().shareOfCores()).isEmpty();
    probe.close();
    probe.close();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("llmbench-hiccup-meter"));
    probe.start();
    ClientHealth afterClose = probe.stop(new SendLagRecorder());
    assertThat(afterClose.hiccups()).isEqualTo(ClientHealth.Hiccups.NONE);
  }
}
