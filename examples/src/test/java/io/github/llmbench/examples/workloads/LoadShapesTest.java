package io.github.llmbench.examples.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Target;
import io.github.llmbench.api.TestType;
import io.github.llmbench.core.LlmBench;
import io.github.llmbench.simulator.RequestTrace;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load-shapes example run for real against a simulator over loopback. */
@Timeout(120)
class LoadShapesTest {
  @Test
  void eachShapeRunsAndReportsInItsOwnTerms() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build())) {
      BenchmarkResult result = LlmBench.run(LoadShapes.benchmark(Target.of(server.baseUrl(), server.model())));
      assertThat(result.steps()).hasSize(3).allSatisfy(s ->
          assertThat(s.statistics().successful()).as(s.testName()).isEqualTo(s.numRequests()));
      assertThat(result.steps().get(1).statistics().measured().openLoop().orElseThrow().arrival())
          .isEqualTo(Load.Arrival.GAMMA);
      assertThat(result.steps().get(2).testType()).isEqualTo(TestType.EMBEDDINGS);
      List<RequestTrace> embeddings = server.statistics().requests().stream()
          .filter(t -> t.endpoint().equals("/v1/embeddings")).toList();
      assertThat(embeddings).hasSize(80).allSatisfy(t -> assertThat(t.promptTokens()).isEqualTo(256));
      List<String> summary = LoadShapes.summary(result);
      assertThat(summary.get(1)).contains("gamma 0.5 arrivals");
      assertThat(summary.get(2)).startsWith("embed_c8 (embeddings): 80/80 ok").contains(" 0.0 output tok/s");
    }
  }
}
