package io.github.llmbench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ClientBoundThresholdsTest {
  private static final ClientHealth.Cpu IDLE_CPU =
      new ClientHealth.Cpu(OptionalDouble.of(0.1), 2, OptionalDouble.empty());

  private static ClientHealth health(ClientHealth.SendLag lag, ClientHealth.Hiccups hiccups, ClientHealth.Gc gc,
      ClientHealth.Cpu cpu) {
    return ClientHealth.unclassified(1000, lag, hiccups, gc, cpu);
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    ClientBoundThresholds d = ClientBoundThresholds.ofDefaults();
    assertThat(d.sendLagP99()).isEqualTo(Duration.ofMillis(20));
    assertThat(d.hiccupMax()).isEqualTo(Duration.ofMillis(20));
    assertThat(d.gcShareOfWindow()).isEqualTo(0.05);
    assertThat(d.cpuShareOfCores()).isEqualTo(0.90);
    assertThat(ClientBoundThresholds.builder().build()).isEqualTo(d);
  }

  @Test
  void healthyFiguresAreNotClientBound() {
    ClientHealth h = ClientBoundThresholds.ofDefaults().classify(health(new ClientHealth.SendLag(100, 0.1, 5.0, 9),
        new ClientHealth.Hiccups(20, 1, 2, 30), new ClientHealth.Gc(3, 50, 0.05, OptionalDouble.of(20)), IDLE_CPU));
    assertThat(h.clientBound()).isFalse();  // every figure at, not above, its threshold
    assertThat(h.reasons()).isEmpty();
    assertThat(h.verdictReason()).isEmpty();
  }

  @Test
  void eachCrossedThresholdGivesAReasonNamingTheFigureAndTheThreshold() {
    ClientHealth h = ClientBoundThresholds.ofDefaults().classify(health(new ClientHealth.SendLag(100, 1, 27.25, 30),
        new ClientHealth.Hiccups(48, 10, 40, 120), new ClientHealth.Gc(4, 120, 0.12, OptionalDouble.of(60)),
        new ClientHealth.Cpu(OptionalDouble.of(0.953), 2, OptionalDouble.of(3.5))));
    assertThat(h.clientBound()).isTrue();
    assertThat(h.reasons()).containsExactly(
        "requests left 27.3 ms late at p99 (send-lag p99 > 20 ms)",
        "JVM stalled 48 ms (hiccup max > 20 ms)",
        "GC paused 120 ms, 12 % of the step (GC time > 5 % of the step)",
        "CPU at 95.3 % of 2 cores (CPU > 90 % of the cores)");
    assertThat(h.verdictReason()).startsWith("client-bound: requests left 27.3 ms late").contains("; JVM stalled 48 ms");
  }

  @Test
  void aFigureJustAboveItsThresholdDoesNotReadAsEqualToIt() {
    ClientBoundThresholds t = ClientBoundThresholds.ofDefaults();
    assertThat(t.reasons(health(ClientHealth.SendLag.NONE, new ClientHealth.Hiccups(20.4, 0, 0, 20.4),
        new ClientHealth.Gc(1, 51, 0.051, OptionalDouble.empty()), IDLE_CPU))).containsExactly(
        "JVM stalled 20.4 ms (hiccup max > 20 ms)",
        "GC paused 51 ms, 5.1 % of the step (GC time > 5 % of the step)");
  }

  @Test
  void unknownCpuNeverMarksAStep() {
    ClientHealth.Cpu unknown = new ClientHealth.Cpu(OptionalDouble.empty(), 4, OptionalDouble.empty());
    assertThat(ClientBoundThresholds.builder().cpuShareOfCores(0.01).build()
        .reasons(health(ClientHealth.SendLag.NONE, ClientHealth.Hiccups.NONE, ClientHealth.Gc.NONE, unknown)))
        .isEmpty();
  }

  @Test
  void customThresholdsApply() {
    ClientBoundThresholds strict = ClientBoundThresholds.builder().hiccupMax(Duration.ofMillis(2)).build();
    assertThat(strict.reasons(health(ClientHealth.SendLag.NONE, new ClientHealth.Hiccups(3, 0, 0, 3),
        ClientHealth.Gc.NONE, IDLE_CPU))).containsExactly("JVM stalled 3 ms (hiccup max > 2 ms)");
  }

  @Test
  void badThresholdsNameTheFieldAndValue() {
    assertThatThrownBy(() -> ClientBoundThresholds.builder().sendLagP99(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("sendLagP99 (PT0S) should be positive");
    assertThatThrownBy(() -> ClientBoundThresholds.builder().hiccupMax(Duration.ofMillis(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("hiccupMax (PT-0.001S) should be positive");
    assertThatThrownBy(() -> ClientBoundThresholds.builder().gcShareOfWindow(1.5).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("gcShareOfWindow (1.5) should be in (0, 1]");
    assertThatThrownBy(() -> ClientBoundThresholds.builder().cpuShareOfCores(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cpuShareOfCores (0.0) should be in (0, 1]");
    assertThatThrownBy(() -> ClientBoundThresholds.builder().cpuShareOfCores(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cpuShareOfCores (NaN) should be in (0, 1]");
  }

  @Test
  void healthFiguresAreValidated() {
    assertThatThrownBy(() -> new ClientHealth(10, ClientHealth.SendLag.NONE, ClientHealth.Hiccups.NONE,
        ClientHealth.Gc.NONE, IDLE_CPU, true, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reasons ([]) should be given exactly when clientBound (true)");
    assertThatThrownBy(() -> new ClientHealth.SendLag(1, -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("p50Millis (-1.0) should be finite and not negative");
    assertThatThrownBy(() -> new ClientHealth.Gc(0, 0, 1.2, OptionalDouble.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("shareOfWindow (1.2) should be in [0, 1]");
    assertThatThrownBy(() -> new ClientHealth.Cpu(OptionalDouble.of(0.5), 0, OptionalDouble.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("availableProcessors (0) should be positive");
  }
}
