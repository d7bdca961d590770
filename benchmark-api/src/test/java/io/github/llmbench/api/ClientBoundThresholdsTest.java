package io.github.llmbench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.ClientHealth.Figure;
import io.github.llmbench.api.ClientHealth.FigureBound;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ClientBoundThresholdsTest {
  private static final ClientHealth.Cpu IDLE_CPU =
      new ClientHealth.Cpu(OptionalDouble.of(0.1), 2, OptionalDouble.empty());

  private static ClientHealth health(FigureBound... bounds) {
    return ClientHealth.unclassified(1000, new ClientHealth.SendLag(10, 0.1, 30, 40),
        new ClientHealth.Hiccups(48, 10, 40, 120), ClientHealth.Gc.NONE, IDLE_CPU, List.of(bounds));
  }

  @Test
  void defaultsAreOneMillisecondOrOnePercent() {
    ClientSettings.ClientBoundThresholds d = ClientSettings.ClientBoundThresholds.ofDefaults();
    assertThat(d.minShift()).isEqualTo(Duration.ofMillis(1));
    assertThat(d.minShare()).isEqualTo(0.01);
  }

  /** A 25 ms stall of the JVM is not enough by itself: only what it could have done to the figures counts. */
  @Test
  void stallsAndLagsThatMovedNoFigureEnoughDoNotMarkTheStep() {
    ClientHealth h = ClientSettings.ClientBoundThresholds.ofDefaults().classify(health(
        new FigureBound(Figure.LATENCY_P99, 2200, 22),     // exactly 1 %
        new FigureBound(Figure.LATENCY_P50, 80, 1.0),      // exactly 1 ms, and above 1 %
        new FigureBound(Figure.TTFT_P50, 0, 0)));
    assertThat(h.clientBound()).isFalse();
    assertThat(h.reasons()).isEmpty();
    assertThat(h.verdictReason()).isEmpty();
    assertThat(h.widest()).map(FigureBound::figure).contains(Figure.LATENCY_P50);
  }

  @Test
  void eachFigureThatCouldHaveMovedTooMuchGivesAReasonWithItsBound() {
    ClientHealth h = ClientSettings.ClientBoundThresholds.ofDefaults().classify(health(
        new FigureBound(Figure.LATENCY_P99, 203.1, 4.2),
        new FigureBound(Figure.TTFT_P50, 20, 1.05),
        new FigureBound(Figure.WALL_CLOCK_SPAN, 5000, 49)));
    assertThat(h.clientBound()).isTrue();
    assertThat(h.reasons()).containsExactly(
        "p99 latency could be 4.2 ms (2.1 %) too high",
        "p50 time to first token could be 1.1 ms (5.3 %) too high");
    assertThat(h.verdictReason()).isEqualTo("client-bound: p99 latency could be 4.2 ms (2.1 %) too high; "
        + "p50 time to first token could be 1.1 ms (5.3 %) too high");
  }

  @Test
  void customThresholdsApply() {
    ClientSettings.ClientBoundThresholds loose = new ClientSettings.ClientBoundThresholds(Duration.ofMillis(10), 0.05);
    assertThat(loose.reasons(health(new FigureBound(Figure.LATENCY_P99, 203.1, 9.9)))).isEmpty();
    assertThat(loose.reasons(health(new FigureBound(Figure.LATENCY_P99, 300, 15.5))))
        .containsExactly("p99 latency could be 15.5 ms (5.2 %) too high");
  }

  @Test
  void badThresholdsNameTheFieldAndValue() {
    assertThatThrownBy(() -> new ClientSettings.ClientBoundThresholds(Duration.ZERO, 0.01))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("minShift (PT0S) should be positive");
    assertThatThrownBy(() -> new ClientSettings.ClientBoundThresholds(Duration.ofMillis(1), 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("minShare (1.5) should be in (0, 1)");
    assertThatThrownBy(() -> new ClientSettings.ClientBoundThresholds(Duration.ofMillis(1), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("minShare (NaN) should be in (0, 1)");
  }

  @Test
  void healthFiguresAreValidated() {
    assertThatThrownBy(() -> new ClientHealth(10, ClientHealth.SendLag.NONE, ClientHealth.Hiccups.NONE,
        ClientHealth.Gc.NONE, IDLE_CPU, List.of(), true, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reasons ([]) should be given exactly when clientBound (true)");
    assertThatThrownBy(() -> new ClientHealth.SendLag(1, -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("p50Millis (-1.0) should be finite and not negative");
    assertThatThrownBy(() -> new ClientHealth.Gc(0, 0, 1.2, OptionalDouble.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("shareOfWindow (1.2) should be in [0, 1]");
    assertThatThrownBy(() -> new FigureBound(Figure.LATENCY_P99, 10, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("boundMillis (-1.0) should be finite and not negative");
  }
}
