package io.github.llmbench.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    SimulatorConfig d = SimulatorConfig.defaults();
    assertThat(d.model()).isEqualTo(SimulatedLlmServer.DEFAULT_MODEL).isEqualTo("llmbench/simulated-llm");
    assertThat(d.maxRunningSequences()).isEqualTo(64);
    assertThat(d.maxWaitingRequests()).isEqualTo(64);
    assertThat(d.capacity()).isEqualTo(128);
    assertThat(d.rejectStatus()).isEqualTo(503);
    assertThat(d.stepBaseTime()).isEqualTo(Duration.ofMillis(10));
    assertThat(d.stepTimePerSequence()).isEqualTo(Duration.ofNanos(200_000));
    assertThat(d.prefillTimePerToken()).isEqualTo(Duration.ofNanos(30_000));
    assertThat(d.tokensPerImage()).isEqualTo(576);
    assertThat(d.timeScale()).isEqualTo(1.0);
    assertThat(d.jitter()).isZero();
    assertThat(d.defaultMaxTokens()).isEqualTo(16);
    assertThat(d.requireApiKey()).isNull();
    assertThat(SimulatorConfig.builder().build()).isEqualTo(d);
  }

  @Test
  void toBuilderChangesOnlyWhatIsSet() {
    SimulatorConfig changed = SimulatorConfig.defaults().toBuilder().maxRunningSequences(8).timeScale(0.1).build();
    assertThat(changed.maxRunningSequences()).isEqualTo(8);
    assertThat(changed.timeScale()).isEqualTo(0.1);
    assertThat(changed.toBuilder().maxRunningSequences(64).timeScale(1.0).build())
        .isEqualTo(SimulatorConfig.defaults());
    FaultConfig faults = FaultConfig.builder().dropRate(0.5).build();
    assertThat(faults.toBuilder().build()).isEqualTo(faults);
    assertThat(faults.anyEnabled()).isTrue();
  }

  @Test
  void invalidValuesNameTheFieldAndTheValue() {
    assertThatThrownBy(() -> SimulatorConfig.builder().maxRunningSequences(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRunningSequences (0) should be positive");
    assertThatThrownBy(() -> SimulatorConfig.builder().maxWaitingRequests(-1).build())
        .hasMessageContaining("maxWaitingRequests (-1)");
    assertThatThrownBy(() -> SimulatorConfig.builder().rejectStatus(500).build())
        .hasMessage("rejectStatus (500) should be 503 or 429");
    assertThatThrownBy(() -> SimulatorConfig.builder().timeScale(0).build())
        .hasMessageContaining("timeScale (0.0)");
    assertThatThrownBy(() -> SimulatorConfig.builder().timeScale(Double.NaN).build())
        .hasMessageContaining("timeScale (NaN)");
    assertThatThrownBy(() -> SimulatorConfig.builder().jitter(1.0).build()).hasMessageContaining("jitter (1.0)");
    assertThatThrownBy(() -> SimulatorConfig.builder().stepBaseTime(Duration.ofMillis(-1)).build())
        .hasMessageContaining("stepBaseTime (PT-0.001S)");
    assertThatThrownBy(() -> SimulatorConfig.builder().model(" ").build()).hasMessageContaining("model");
    assertThatThrownBy(() -> SimulatorConfig.builder().requireApiKey("").build())
        .hasMessageContaining("requireApiKey");
    assertThatThrownBy(() -> FaultConfig.builder().errorRate(1.5).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("errorRate (1.5) should be between 0 and 1");
    assertThatThrownBy(() -> FaultConfig.builder().stallDuration(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("stallDuration");
    assertThatThrownBy(() -> SimulatedLlmServer.builder().port(70000))
        .hasMessage("port (70000) should be between 0 and 65535");
  }
}
