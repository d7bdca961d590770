package io.github.llmbench.examples.workloads;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.LlmBench;
import io.github.llmbench.core.data.TraceFiles;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Mooncake trace replayed at its recorded times: each request's prompt is made of the token blocks its
 * {@code hash_ids} name, so requests of one conversation share a prefix as they did in production, and the step
 * reports how late each request went out after its trace time.
 *
 * <p>Run it with {@code java -cp benchmark-cli/target/llmbench.jar:examples/target/classes
 * io.github.llmbench.examples.workloads.TraceReplay [mooncake_trace.jsonl]}: without a file it writes a small
 * trace of three conversations and replays it against an in-process simulator.
 */
public final class TraceReplay {
  private TraceReplay() {}

  /** The replay of {@code trace} against {@code target}, at most {@code inFlight} requests at once. */
  public static Benchmark benchmark(Target target, TraceFiles.Trace trace, int inFlight) {
    return Benchmark.builder()
        .name("trace-replay")
        .target(target)
        .phases(Phase.of("replay", Step.of("trace", trace.load().maxConcurrency(inFlight), trace.dataset().size(),
            RequestBuilders.dataset(trace.dataset()).shuffle(false)))) // the trace's order, never shuffled
        .build();
  }

  /**
   * A small Mooncake trace: {@code turns} turns of three conversations, 100 ms apart; turn k of a conversation
   * repeats its k earlier blocks and adds one (blocks of {@code blockSize} tokens).
   */
  public static List<String> mooncakeLines(int turns, int blockSize) {
    List<String> lines = new ArrayList<>();
    for (int turn = 0; turn < turns; turn++) {
      for (int conversation = 0; conversation < 3; conversation++) {
        List<Integer> ids = new ArrayList<>();
        for (int k = 0; k <= turn; k++) ids.add(conversation * 1000 + k);
        lines.add(String.format(Locale.ROOT, "{\"timestamp\": %d, \"input_length\": %d, \"output_length\": 8, "
            + "\"hash_ids\": %s}", (turn * 3 + conversation) * 100, (turn + 1) * blockSize, ids));
      }
    }
    return lines;
  }

  /** One line: the requests sent, their rate and how late they went out. */
  public static String summary(BenchmarkResult result) {
    OpenLoopStatistics open = result.steps().get(0).statistics().measured().openLoop().orElseThrow();
    return String.format(Locale.ROOT, "%d requests at %.1f/s (trace), send delay p50 %.3f ms p99 %.3f ms",
        result.steps().get(0).numRequests(), open.achievedRatePerSec(), open.sendDelay().p50Sec() * 1e3,
        open.sendDelay().p99Sec() * 1e3);
  }

  /**
   * Replays the file given, or a small generated trace, against an in-process simulator.
   *
   * @param args an optional trace file
   */
  public static void main(String[] args) throws IOException {
    Path file = args.length > 0 ? Path.of(args[0]) : write(mooncakeLines(5, 64));
    TraceFiles.Trace trace = TraceFiles.read(file, 1.0, args.length > 0 ? TraceFiles.MOONCAKE_BLOCK_TOKENS : 64);
    try (SimulatedLlmServer simulator = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.2).build())) {
      System.out.println(summary(LlmBench.run(benchmark(Target.of(simulator.baseUrl(), simulator.model()), trace,
          64))));
    }
  }

  private static Path write(List<String> lines) {
    try {
      Path file = Files.createTempFile("mooncake", ".jsonl");
      file.toFile().deleteOnExit();
      return Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
