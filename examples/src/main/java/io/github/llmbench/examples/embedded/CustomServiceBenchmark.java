package io.github.llmbench.examples.embedded;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.PreparedRequest;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.BenchmarkRun;
import io.github.llmbench.core.BenchmarkRunner;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A custom benchmark run from inside a service (a capacity check behind an admin endpoint, a nightly job): its own
 * phases, its own request builder and its own metric sink, started in the background with a time limit.
 *
 * <ul>
 *   <li><b>Phases:</b> {@code baseline} (one user) provides the baseline p99; {@code ramp} (4, 8, 16 users) is
 *       classified against it and against the previous step, and stops at the first FAILING step.
 *   <li><b>Request builder:</b> a lambda that cycles through a few prompts and sets vLLM's {@code ignore_eos}, so
 *       every request generates exactly {@code max_tokens} tokens and steps are comparable.
 *   <li><b>Sink:</b> {@link TokenRateSink} logs output tokens per second per step.
 * </ul>
 *
 * <p>Run it with {@code java -cp benchmark-cli/target/llmbench.jar:examples/target/classes io.github.llmbench.examples.embedded.CustomServiceBenchmark}
 * (against an in-process simulator) or add {@code BASE_URL MODEL} to benchmark a real server (API key from
 * {@code OPENAI_API_KEY}).
 */
public final class CustomServiceBenchmark {
  /** The prompts the request builder cycles through, by request index. */
  static final List<String> PROMPTS = List.of(
      "Summarise the plot of Hamlet in three sentences.",
      "Explain continuous batching in LLM inference servers to a new engineer.",
      "Write a haiku about load testing.",
      "List five things to check before putting a model server into production, with one line on each.");

  private CustomServiceBenchmark() {}

  /**
   * A custom request builder: a chat request whose prompt depends on the request index, with vLLM's
   * {@code ignore_eos} in the body so the server always generates {@code maxTokens} tokens.
   *
   * @throws IllegalArgumentException if {@code maxTokens} is not positive
   */
  public static RequestBuilder fixedLengthChat(int maxTokens) {
    if (maxTokens <= 0) throw new IllegalArgumentException("maxTokens (" + maxTokens + ") should be positive");
    return ctx -> {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("role", "user");
      message.put("content", PROMPTS.get(ctx.requestIndex() % PROMPTS.size()));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("model", ctx.model());
      body.put("messages", List.of(message));
      body.put("max_tokens", maxTokens);
      body.put("ignore_eos", true); // vLLM extension: do not stop at end-of-sequence
      if (ctx.stream()) {
        body.put("stream", true);
        body.put("stream_options", Map.of("include_usage", true));
      }
      return new PreparedRequest("/v1/chat/completions", body, ctx.stream());
    };
  }

  /** The service's benchmark: a one-user baseline, then a ramp to 16 users that stops when requests fail. */
  public static Benchmark benchmark(Target target, int maxTokens) {
    RequestBuilder request = fixedLengthChat(maxTokens);
    return Benchmark.builder()
        .name("service-capacity-check")
        .target(target)
        .phases(
            Phase.builder("baseline").addStep(Step.of("svc_c1", Load.concurrency(1), 8, request)).providesBaseline().build(),
            Phase.builder("ramp")
                .addStep(Step.of("svc_c4", Load.concurrency(4), 16, request))
                .addStep(Step.of("svc_c8", Load.concurrency(8), 32, request))
                .addStep(Step.of("svc_c16", Load.concurrency(16), 64, request))
                .compareToBaseline().compareToPreviousStep()
                .stopWhen(Status.FAILING)
                .build())
        .setting("max_tokens", Integer.toString(maxTokens))
        .build();
  }

  /**
   * Runs the benchmark on a background thread, as a service would, and waits at most {@code timeout}; when time is
   * up the run is cancelled and the steps finished so far are returned (the result's {@code abortReason} is then
   * {@code "cancelled"}).
   */
  public static BenchmarkResult run(Benchmark benchmark, Duration timeout, MetricSink... sinks) {
    BenchmarkRunner runner = BenchmarkRunner.builder().sinks(List.of(sinks)).build();
    try (BenchmarkRun run = runner.start(benchmark)) {
      return run.await(timeout).orElseGet(() -> {
        run.cancel();
        return run.await();
      });
    }
  }

  /** One line per step: name, users, status, p50/p99 and the sink's output tokens per second. */
  public static String table(BenchmarkResult result, TokenRateSink rates) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-8s %5s %-10s %9s %9s %12s%n",
        "step", "users", "status", "p50 s", "p99 s", "out tok/s"));
    Map<String, Double> tokensPerSecond = rates.outputTokensPerSecond();
    for (StepResult s : result.steps()) {
      out.append(String.format(Locale.ROOT, "%-8s %5d %-10s %9.3f %9.3f %12.1f%n", s.testName(), s.concurrency(),
          s.status(), s.latencyP50Sec(), s.latencyP99Sec(), tokensPerSecond.getOrDefault(s.testName(), 0.0)));
    }
    return out.toString();
  }

  /**
   * Without arguments, benchmarks an in-process simulator; with {@code BASE_URL MODEL}, a real server.
   *
   * @param args nothing, or the base URL (without {@code /v1}) and the model name
   */
  public static void main(String[] args) {
    PrintStream out = System.out;
    if (args.length != 0 && args.length != 2) {
      System.err.println("usage: CustomServiceBenchmark [BASE_URL MODEL]");
      System.exit(2);
    }
    SimulatedLlmServer simulator = null;
    try {
      Target target;
      if (args.length == 2) {
        target = Target.builder().baseUrl(args[0]).model(args[1]).apiKey(System.getenv("OPENAI_API_KEY")).build();
      } else {
        simulator = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.2).build());
        target = Target.of(simulator.baseUrl(), simulator.model());
        out.println("Started a simulated server at " + simulator.baseUrl());
      }
      TokenRateSink rates = new TokenRateSink();
      BenchmarkResult result = run(benchmark(target, 64), Duration.ofMinutes(10), rates);
      out.print(table(result, rates));
      if (!result.completed()) out.println("Stopped early: " + result.abortReason());
    } finally {
      if (simulator != null) simulator.close();
    }
  }
}
