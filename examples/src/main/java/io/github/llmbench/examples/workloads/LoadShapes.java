package io.github.llmbench.examples.workloads;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Endpoint;
import io.github.llmbench.api.LengthDistribution;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.LlmBench;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The shapes of load real deployments see, one step each: workers that ramp up, bursty (gamma) arrivals whose rate
 * ramps up, and an embeddings sweep, whose figures are inputs and prompt tokens per second.
 *
 * <p>Run it with {@code java -cp benchmark-cli/target/llmbench.jar:examples/target/classes
 * io.github.llmbench.examples.workloads.LoadShapes} against an in-process simulator.
 */
public final class LoadShapes {
  private LoadShapes() {}

  /** The three steps against {@code target}. */
  public static Benchmark benchmark(Target target) {
    return Benchmark.builder()
        .name("load-shapes")
        .target(target)
        .phases(Phase.of("shapes",
            // 2 workers at once, 8 within a second; each runs to the step's end once started.
            Step.of("ramped_c8", Load.concurrency(8).rampUp(Load.WorkerRamp.linear(2, Duration.ofSeconds(1))), 48,
                RequestBuilders.chat("Summarise continuous batching.", 16)),
            // Gaps twice as variable as Poisson (vLLM's --burstiness 0.5), the rate rising from 10/s to 40/s.
            Step.of("bursty_40", Load.rate(40).gamma(0.5, 7).ramp(Load.Ramp.linear(10, Duration.ofSeconds(1))), 65,
                RequestBuilders.chat("What is a KV cache?", 16)),
            // One 256-token input per request to /v1/embeddings.
            Step.of("embed_c8", Load.concurrency(8), 80, RequestBuilders.synthetic()
                .inputTokens(LengthDistribution.fixed(256)).endpoint(Endpoint.EMBEDDINGS))))
        .build();
  }

  /** One line per step: what it sent and how fast, in the step's own terms. */
  public static List<String> summary(BenchmarkResult result) {
    return result.steps().stream().map(LoadShapes::line).toList();
  }

  private static String line(StepResult s) {
    double wall = s.statistics().measured().wallClockSec();
    String rate = s.statistics().measured().openLoop().map(OpenLoopStatistics::arrivalLabel)
        .map(a -> ", " + a + " arrivals").orElse("");
    return String.format(Locale.ROOT, "%s (%s): %d/%d ok, %.1f requests/s, %.1f prompt + %.1f output tok/s%s",
        s.testName(), s.testType(), s.statistics().successful(), s.numRequests(), s.statistics().successful() / wall,
        s.statistics().promptTokens() / wall, s.statistics().completionTokens() / wall, rate);
  }

  /**
   * Runs the three steps against an in-process simulator and prints one line each.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (SimulatedLlmServer simulator = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.2).build())) {
      summary(LlmBench.run(benchmark(Target.of(simulator.baseUrl(), simulator.model())))).forEach(System.out::println);
    }
  }
}
