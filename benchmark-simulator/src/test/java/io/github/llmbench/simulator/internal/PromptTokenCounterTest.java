package io.github.llmbench.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.simulator.FaultConfig;
import org.junit.jupiter.api.Test;

class PromptTokenCounterTest {
  final PromptTokenCounter counter = new PromptTokenCounter(576);
  final ObjectMapper mapper = new ObjectMapper();

  @Test
  void textIsCeilingOfCodePointsOverFourWithAMinimumOfOne() {
    assertThat(counter.countText("")).isEqualTo(1);
    assertThat(counter.countText("abc")).isEqualTo(1);
    assertThat(counter.countText("abcd")).isEqualTo(1);
    assertThat(counter.countText("abcde")).isEqualTo(2);
    assertThat(counter.countText("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00")).isEqualTo(2);
    // the unified script's 500-token prompt: "Explain in detail: " x 125 = 2375 characters
    assertThat(counter.countText("Explain in detail: ".repeat(125))).isEqualTo(594);
  }

  @Test
  void messagesSumAllTextAndAddTokensPerImage() throws Exception {
    String messages = "[{\"role\":\"system\",\"content\":\"abcdef\"},"
        + "{\"role\":\"assistant\",\"content\":null},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"ab\"},{\"type\":\"image_url\","
        + "\"image_url\":{\"url\":\"x\"}},{\"type\":\"image\"},{\"type\":\"input_audio\"}]}]";
    assertThat(counter.countMessages(mapper.readTree(messages))).isEqualTo(2 + 2 * 576);
    assertThat(new PromptTokenCounter(0).countMessages(mapper.readTree(messages))).isEqualTo(2);
    assertThatThrownBy(() -> counter.countMessages(mapper.readTree("[{\"role\":\"user\",\"content\":5}]")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void faultDrawsAreDeterministicPerSeedAndRequest() {
    FaultConfig half = FaultConfig.builder().errorRate(0.5).dropRate(0.5).stallRate(0.5).build();
    int errors = 0;
    boolean differs = false;
    for (long id = 1; id <= 1000; id++) {
      FaultPlan plan = FaultPlan.draw(half, 42, id);
      assertThat(FaultPlan.draw(half, 42, id)).isEqualTo(plan);
      assertThat(plan.error() && (plan.drop() || plan.stall())).isFalse();
      errors += plan.error() ? 1 : 0;
      differs |= !FaultPlan.draw(half, 43, id).equals(plan);
    }
    assertThat(errors).isBetween(400, 600);
    assertThat(differs).isTrue();
    assertThat(FaultPlan.draw(FaultConfig.none(), 42, 1)).isEqualTo(new FaultPlan(false, false, false, false));
  }
}
