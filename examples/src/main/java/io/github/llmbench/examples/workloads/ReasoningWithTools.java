package io.github.llmbench.examples.workloads;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.LlmBench;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A reasoning model answering with text and with tool calls, streamed: each step reports the time to first token
 * (the first reasoning token) beside the time to first output token (the answer's, or the tool call's, first token),
 * the reasoning and answer tokens, and the requests that thought until {@code max_tokens} and never answered.
 *
 * <p>Run it with {@code java -cp benchmark-cli/target/llmbench.jar:examples/target/classes
 * io.github.llmbench.examples.workloads.ReasoningWithTools} against an in-process simulator that reasons 48 tokens
 * before each answer.
 */
public final class ReasoningWithTools {
  /** An OpenAI function tool, as vLLM's {@code --enable-auto-tool-choice} servers take it. */
  public static final Map<String, Object> WEATHER = Map.of("type", "function", "function", Map.of(
      "name", "get_weather", "description", "Current weather of a city",
      "parameters", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")),
          "required", List.of("city"))));

  private ReasoningWithTools() {}

  /** Text answers with room to answer, tool calls, then answers with too little room: 16 requests each. */
  public static Benchmark benchmark(Target target, int maxTokens) {
    return Benchmark.builder()
        .name("reasoning-with-tools")
        .target(target)
        .stream(true) // only a stream shows when the answer started
        .phases(Phase.of("reasoning",
            Step.of("text_c4", Load.concurrency(4), 16, RequestBuilders.chat("What is 17 times 23?", maxTokens)),
            Step.of("tools_c4", Load.concurrency(4), 16, RequestBuilders.chat("Weather in Paris?", maxTokens)
                .extraBody(Map.of("tools", List.of(WEATHER)))),
            Step.of("short_c4", Load.concurrency(4), 16, RequestBuilders.chat("Prove it.", maxTokens / 4))))
        .build();
  }

  /** One line per step: its reasoning figures, or that it had none. */
  public static List<String> summary(BenchmarkResult result) {
    return result.steps().stream().map(ReasoningWithTools::line).toList();
  }

  private static String line(StepResult step) {
    return step.statistics().measured().reasoning().map(r -> String.format(Locale.ROOT,
        "%s: %d reasoned, %d reasoning + %d answer tokens, TTFT p50 %.3f s, first output p50 %s, %d unanswered%s",
        step.testName(), r.requests(), r.reasoningTokens(), r.answerTokens(),
        step.statistics().measured().stream().orElseThrow().ttft().p50Sec(),
        r.firstOutput().count() == 0 ? "none" : String.format(Locale.ROOT, "%.3f s", r.firstOutput().p50Sec()),
        r.unanswered(), r.unanswered() == 0 ? "" : " " + r.unansweredIds()))
        .orElse(step.testName() + ": no reasoning");
  }

  /**
   * Runs it against an in-process simulator that reasons 48 tokens before each answer, and prints the summary.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    SimulatorConfig reasoningModel = SimulatorConfig.builder().timeScale(0.2).reasoningTokens(48).build();
    try (SimulatedLlmServer simulator = SimulatedLlmServer.start(reasoningModel)) {
      BenchmarkResult result = LlmBench.run(benchmark(Target.of(simulator.baseUrl(), simulator.model()), 128));
      summary(result).forEach(System.out::println);
    }
  }

  /** A step's reasoning figures; it must have had some. */
  public static StepStatistics.ReasoningFigures reasoning(StepResult step) {
    return step.statistics().measured().reasoning().orElseThrow();
  }
}
