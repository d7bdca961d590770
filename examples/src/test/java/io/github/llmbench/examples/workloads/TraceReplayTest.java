package io.github.llmbench.examples.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.LlmBench;
import io.github.llmbench.core.data.TraceFiles;
import io.github.llmbench.simulator.RequestTrace;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The trace example replayed for real against a simulator over loopback. */
@Timeout(120)
class TraceReplayTest {
  @TempDir Path dir;

  @Test
  void everyTurnIsSentInTraceOrderWithItsPromptLength() throws Exception {
    Path file = Files.write(dir.resolve("mooncake.jsonl"), TraceReplay.mooncakeLines(4, 16));
    TraceFiles.Trace trace = TraceFiles.read(file, 4.0, 16); // four times faster: 25 ms apart
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build())) {
      BenchmarkResult result = LlmBench.run(TraceReplay.benchmark(Target.of(server.baseUrl(), server.model()), trace,
          8));
      assertThat(result.steps().get(0).statistics().successful()).isEqualTo(12);
      assertThat(result.steps().get(0).statistics().measured().openLoop().orElseThrow().arrival())
          .isEqualTo(Load.Arrival.TRACE);
      List<RequestTrace> seen = server.statistics().requests();
      // Turn k's prompt: k + 1 blocks of 16 tokens (the pre-flight request comes first).
      assertThat(seen.subList(seen.size() - 12, seen.size()).stream().map(RequestTrace::promptTokens).toList())
          .containsExactly(16, 16, 16, 32, 32, 32, 48, 48, 48, 64, 64, 64);
      assertThat(TraceReplay.summary(result)).startsWith("12 requests at ").contains("(trace), send delay p50 ");
    }
  }
}
