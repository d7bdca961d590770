package io.github.llmbench.examples.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.LlmBench;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reasoning example run for real against a simulator acting as a reasoning model, over loopback. */
@Timeout(120)
class ReasoningWithToolsTest {
  @Test
  void eachStepReportsItsReasoningAndTheShortOnesGoUnanswered() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(
        SimulatorConfig.builder().timeScale(0.05).reasoningTokens(24).build())) {
      BenchmarkResult result = LlmBench.run(ReasoningWithTools.benchmark(Target.of(server.baseUrl(), server.model()),
          64));
      StepStatistics.ReasoningFigures text = ReasoningWithTools.reasoning(result.steps().get(0));
      assertThat(text.requests()).isEqualTo(16);
      assertThat(text.reasoningTokens()).isEqualTo(16 * 24);
      assertThat(text.answerTokens()).isEqualTo(16 * 40);
      assertThat(text.unanswered()).isZero();
      assertThat(text.firstOutput().count()).isEqualTo(16);
      StepStatistics.ReasoningFigures tools = ReasoningWithTools.reasoning(result.steps().get(1));
      assertThat(tools.unanswered()).isZero();
      assertThat(server.statistics().requests()).filteredOn(t -> t.toolCall()).hasSize(16);
      // 64 / 4 = 16 tokens, all of them spent on the 24 the model wants to think.
      StepStatistics.ReasoningFigures shortOnes = ReasoningWithTools.reasoning(result.steps().get(2));
      assertThat(shortOnes.unanswered()).isEqualTo(16);
      assertThat(shortOnes.unansweredAtLimit()).isEqualTo(16);
      assertThat(shortOnes.unansweredIds()).hasSize(StepStatistics.ReasoningFigures.NAMED_UNANSWERED);
      assertThat(ReasoningWithTools.summary(result)).hasSize(3).first().asString()
          .startsWith("text_c4: 16 reasoned, 384 reasoning + 640 answer tokens, TTFT p50 ");
      assertThat(ReasoningWithTools.summary(result).get(2)).contains("16 unanswered [");
    }
  }
}
