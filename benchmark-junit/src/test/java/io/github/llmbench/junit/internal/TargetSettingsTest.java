package io.github.llmbench.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.Target;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the settings come from, with fake properties and environment instead of the process's. */
class TargetSettingsTest {
  private static TargetSettings read(Map<String, String> properties, Map<String, String> env) {
    return TargetSettings.read(k -> Optional.ofNullable(properties.get(k)), env::get);
  }

  @Test
  void nothingConfiguredMeansSimulate() {
    TargetSettings s = read(Map.of(), Map.of());
    assertThat(s.real()).isFalse();
    assertThatThrownBy(s::realTarget).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void environmentNamesTheRealTargetAndItsKey() {
    TargetSettings s = read(Map.of(), Map.of("LLMBENCH_BASE_URL", "http://gpu:8000/", "LLMBENCH_MODEL", "m",
        "LLMBENCH_API_KEY", "sk-secret"));
    assertThat(s.real()).isTrue();
    Target t = s.realTarget();
    assertThat(t.baseUrl()).isEqualTo("http://gpu:8000");
    assertThat(t.model()).isEqualTo("m");
    assertThat(t.apiKey()).contains("sk-secret");
    assertThat(s.toString()).doesNotContain("sk-secret").contains("apiKey=***");
    assertThat(t.toString()).doesNotContain("sk-secret");
  }

  @Test
  void propertiesWinOverTheEnvironmentAndBlankMeansUnset() {
    TargetSettings s = read(Map.of("llmbench.baseUrl", "http://prop:1", "llmbench.model", " "),
        Map.of("LLMBENCH_BASE_URL", "http://env:2", "LLMBENCH_MODEL", "env-model"));
    assertThat(s.realTarget()).isEqualTo(Target.of("http://prop:1", "env-model"));
    assertThat(read(Map.of("llmbench.baseUrl", ""), Map.of()).real()).isFalse();
  }

  @Test
  void theKeyIsNeverTakenFromAProperty() {
    TargetSettings s = read(Map.of("llmbench.baseUrl", "http://h:1", "llmbench.model", "m", "llmbench.apiKey", "k"),
        Map.of());
    assertThat(s.realTarget().apiKey()).isEmpty();
  }

  @Test
  void missingModelAndBadUrlAreExplained() {
    assertThatThrownBy(() -> read(Map.of("llmbench.baseUrl", "http://h:1"), Map.of()).realTarget())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("real target http://h:1 needs a model: set -Dllmbench.model=NAME or LLMBENCH_MODEL");
    assertThatThrownBy(() -> read(Map.of("llmbench.baseUrl", "localhost:8000", "llmbench.model", "m"), Map.of())
        .realTarget()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
  }

  @Test
  void causeDropsTheUrlPrefixOnly() {
    assertThat(LlmBenchExtension.cause("cannot reach http://h:1: connection refused", "http://h:1"))
        .isEqualTo("connection refused");
    assertThat(LlmBenchExtension.cause("something else", "http://h:1")).isEqualTo("something else");
  }
}
