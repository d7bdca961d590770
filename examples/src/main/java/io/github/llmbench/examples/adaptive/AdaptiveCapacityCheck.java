package io.github.llmbench.examples.adaptive;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ChatRequestBuilder;
import io.github.llmbench.api.CompletionsRequestBuilder;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import io.github.llmbench.api.UnifiedStatusPolicy;
import io.github.llmbench.core.LlmBench;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.io.PrintStream;

/**
 * An adaptive capacity check: a one-user baseline, a {@link DoublingRamp} that doubles the users while every step
 * stays OK, and an open-loop step of completions at a fixed rate, all streamed and judged by a stricter
 * {@link UnifiedStatusPolicy} (99 % success, p99 at most 1.5x the baseline, throughput growing at least 10 % a
 * step). {@link StepDigest} then reads each step's figures.
 *
 * <p>Run it with {@code java -cp benchmark-cli/target/llmbench.jar:examples/target/classes
 * io.github.llmbench.examples.adaptive.AdaptiveCapacityCheck} against an in-process simulator.
 */
public final class AdaptiveCapacityCheck {
  /** The stricter policy: 99 % success, p99 within 1.5x the baseline, 10 % more throughput per step. */
  public static final UnifiedStatusPolicy STRICT = new UnifiedStatusPolicy(0.99, 1.5, 1.1);

  private AdaptiveCapacityCheck() {}

  /** The check against {@code target}, ramping up to {@code maxUsers}. */
  public static Benchmark benchmark(Target target, int maxUsers) {
    ChatRequestBuilder chat = RequestBuilders.chat("Explain continuous batching in two sentences.", 32);
    CompletionsRequestBuilder completions = RequestBuilders.completions("The capital of France is", 16);
    return Benchmark.builder()
        .name("adaptive-capacity-check")
        .target(target)
        .stream(true)
        .statusPolicy(STRICT)
        .phases(
            Phase.builder("baseline").addStep(Step.of("base_c1", Load.concurrency(1), 4, chat)).providesBaseline()
                .build(),
            Phase.builder("ramp").planner(new DoublingRamp(2, maxUsers, 4, chat)).compareToBaseline()
                .compareToPreviousStep().build(),
            Phase.builder("steady").addStep(Step.of("rate_20", Load.rate(20).maxConcurrency(16), 40, completions))
                .build())
        .build();
  }

  /**
   * Runs the check against an in-process simulator and prints the digest.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PrintStream out = System.out;
    try (SimulatedLlmServer simulator = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.2).build())) {
      BenchmarkResult result = LlmBench.run(benchmark(Target.of(simulator.baseUrl(), simulator.model()), 16));
      StepDigest.of(result).forEach(out::println);
    }
  }
}
