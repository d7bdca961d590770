package io.github.llmbench.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.core.TimeSource;
import io.github.llmbench.core.internal.StepRun;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The probe over a step window, with the platform's GC and CPU figures and a hiccup meter on a fake clock, so a
 * test can make the JVM "stall" for exactly 50 ms, and a step whose request's last read did or did not fall in it.
 */
class ClientHealthProbeTest {
  private static ClientHealthProbe probe(FakeTicks ticks, CpuMonitor cpu) {
    return new ClientHealthProbe(ClientSettings.ClientBoundThresholds.ofDefaults(), ticks.meter(), new GcMonitor(), cpu,
        TimeSource.SYSTEM);
  }

  /** One request of {@code latency} that ended at {@code endNanos} (fake clock), with these send lags. */
  private static StepRun oneRequestEndingAt(long endNanos, long latencyNanos, long... lags) {
    long start = endNanos - latencyNanos;
    RequestOutcome o = new RequestOutcome("P", "s", 0, 0, latencyNanos, true, 200, null, "", 1, 1, true, 0, null);
    return new StepRun(List.of(o), 1, 0, lags, start, new int[] {0}, new long[1], 0, new Stalls[] {Stalls.NONE});
  }

  @Test
  @Timeout(30)
  void aJvmStallThatHeldARequestsLastReadMarksTheStepWithItsBound() throws InterruptedException {
    FakeTicks ticks = new FakeTicks();
    try (ClientHealthProbe probe = probe(ticks, CpuMonitor.ofPlatform())) {
      ticks.awaitTicks(3);
      probe.start();
      ticks.stallOneTick(Duration.ofMillis(50));
      long stallEnd = ticks.monotonicNanos();
      // The request's answer was read as the stall ended: up to 50 ms of its 100 ms could be the client's.
      ClientHealth health = probe.stop(oneRequestEndingAt(stallEnd, 100_000_000L));
      assertThat(health.hiccups().maxMillis()).isEqualTo(50.0);
      assertThat(health.clientBound()).isTrue();
      assertThat(health.reasons()).contains("p50 latency could be 50.0 ms (50.0 %) too high");
      assertThat(health.verdictReason()).startsWith("client-bound: p50 latency could be 50.0 ms");
    }
  }

  @Test
  @Timeout(30)
  void aJvmStallThatHeldNoRequestMovesNoFigure() throws InterruptedException {
    FakeTicks ticks = new FakeTicks();
    try (ClientHealthProbe probe = probe(ticks, CpuMonitor.ofPlatform())) {
      ticks.awaitTicks(3);
      probe.start();
      long before = ticks.monotonicNanos();
      ticks.stallOneTick(Duration.ofMillis(50));
      ClientHealth health = probe.stop(oneRequestEndingAt(before - 5_000_000L, 100_000_000L));
      assertThat(health.hiccups().maxMillis()).isEqualTo(50.0); // seen, and reported
      assertThat(health.clientBound()).isFalse();
      assertThat(health.bounds()).allSatisfy(b -> assertThat(b.boundMillis()).isZero());
    }
  }

  @Test
  @Timeout(30)
  void anIdleStepIsNotClientBound() throws InterruptedException {
    FakeTicks ticks = new FakeTicks();
    try (ClientHealthProbe probe = probe(ticks, CpuMonitor.ofPlatform())) {
      ticks.awaitTicks(3);
      probe.start();
      long[] lags = new long[100];
      java.util.Arrays.fill(lags, 200_000);  // requests left 0.2 ms late
      ticks.awaitTicks(50);
      ClientHealth health = probe.stop(oneRequestEndingAt(ticks.monotonicNanos(), 10_000_000L, lags));
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
  void eachStepIsItsOwnWindow() throws InterruptedException {
    FakeTicks ticks = new FakeTicks();
    try (ClientHealthProbe probe = probe(ticks, CpuMonitor.ofPlatform())) {
      ticks.awaitTicks(3);
      probe.start();
      ticks.stallOneTick(Duration.ofMillis(50));
      long stallEnd = ticks.monotonicNanos();
      assertThat(probe.stop(oneRequestEndingAt(stallEnd, 100_000_000L)).hiccups().maxMillis()).isEqualTo(50.0);
      ticks.stallOneTick(Duration.ofMillis(30));  // between steps: seen by no step
      long betweenEnd = ticks.monotonicNanos();
      probe.start();
      ticks.awaitTicks(3);
      ClientHealth next = probe.stop(oneRequestEndingAt(betweenEnd, 100_000_000L));
      assertThat(next.hiccups()).isEqualTo(ClientHealth.Hiccups.NONE);
      assertThat(next.clientBound()).isFalse();
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
    assertThat(probe.stop(oneRequestEndingAt(ticks.monotonicNanos(), 1_000_000L)).cpu().shareOfCores()).isEmpty();
    probe.close();
    probe.close();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("llmbench-hiccup-meter"));
    probe.start();
    ClientHealth afterClose = probe.stop(oneRequestEndingAt(ticks.monotonicNanos(), 1_000_000L));
    assertThat(afterClose.hiccups()).isEqualTo(ClientHealth.Hiccups.NONE);
  }
}
