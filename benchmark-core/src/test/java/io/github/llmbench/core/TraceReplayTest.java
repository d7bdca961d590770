package io.github.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Dataset;
import io.github.llmbench.api.DatasetRequestBuilder;
import io.github.llmbench.api.Endpoint;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.PreparedRequest;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import io.github.llmbench.api.Tokenizer;
import io.github.llmbench.core.data.TraceFiles;
import io.github.llmbench.core.data.Tokenizers;
import io.github.llmbench.simulator.RequestTrace;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying a Mooncake-format trace over loopback: each request reaches the simulator at its trace time, and the
 * prompts of requests with equal leading hash ids start with the same tokens, re-tokenised with the prompt's
 * tokenizer.
 */
@Timeout(120)
class TraceReplayTest {
  @TempDir Path dir;

  /** A Mooncake-like trace: 4 s of requests whose prompts share 1 to 3 leading blocks of 4 conversation roots. */
  private Path mooncake(int requests, int blockSize) throws IOException {
    Random random = new Random(5);
    List<String> lines = new ArrayList<>();
    long at = 1_700_000_000_000L % 1_000_000; // any origin
    for (int i = 0; i < requests; i++) {
      at += random.nextInt(40); // 0 to 39 ms apart, bursts of equal times included
      int root = random.nextInt(4);
      int shared = 1 + random.nextInt(3);
      List<Long> ids = new ArrayList<>();
      for (int b = 0; b < shared; b++) ids.add((long) root * 100 + b);
      ids.add(10_000L + i); // then a block of its own
      int input = blockSize * shared + 1 + random.nextInt(blockSize);
      lines.add("{\"timestamp\": " + at + ", \"input_length\": " + input + ", \"output_length\": "
          + (2 + random.nextInt(6)) + ", \"hash_ids\": " + ids + "}");
    }
    // Out of order in the file; replayed by timestamp.
    java.util.Collections.swap(lines, 3, 4);
    return Files.write(dir.resolve("mooncake.jsonl"), lines);
  }

  @Test
  void eachRequestReachesTheServerAtItsTraceTime() throws IOException {
    TraceFiles.Trace trace = TraceFiles.read(mooncake(200, 32), 1.0, 32);
    assertThat(trace.schedule().get(0)).isEqualTo(Duration.ZERO);
    assertThat(trace.schedule()).isSortedAccordingTo(Comparator.naturalOrder());
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().build())) {
      InMemorySink sink = new InMemorySink();
      BenchmarkRunner.builder().addSink(sink).build().run(Benchmark.builder().name("trace")
          .target(Target.of(server.baseUrl(), server.model()))
          .phases(Phase.of("replay", Step.of("trace", trace.load(), 200,
              RequestBuilders.dataset(trace.dataset()).shuffle(false))))
          .build());
      List<RequestOutcome> outcomes = sink.outcomes();
      assertThat(outcomes).hasSize(200).allMatch(RequestOutcome::success);
      // The client's own record: how late each request went out after its trace time.
      long[] sendDelays = outcomes.stream().mapToLong(RequestOutcome::sendDelayNanos).sorted().toArray();
      // In this JVM (G1, the simulator's threads beside it, two cores) a few sends come late by GC or JIT; the goal's
      // p99 within 1 ms is measured against the wire with the CLI by bench/trace-replay.sh.
      assertThat(sendDelays[179]).as("p90 send delay in ns").isLessThan(Duration.ofMillis(2).toNanos());
      assertThat(sendDelays[197]).as("p99 send delay in ns").isLessThan(Duration.ofMillis(15).toNanos());
      // The server's: its arrival times against the trace's, after the one shift of the start.
      List<RequestTrace> arrivals = server.statistics().requests().stream()
          .sorted(Comparator.comparingLong(RequestTrace::arrivalNanos)).toList();
      List<RequestTrace> measured = arrivals.subList(arrivals.size() - 200, arrivals.size()); // after the pre-flight
      long[] shift = new long[200];
      for (int i = 0; i < 200; i++) {
        shift[i] = measured.get(i).arrivalNanos() - trace.schedule().get(i).toNanos();
      }
      long[] sorted = shift.clone();
      Arrays.sort(sorted);
      long median = sorted[100];
      long[] off = Arrays.stream(shift).map(s -> Math.abs(s - median)).sorted().toArray();
      assertThat(off[179]).as("p90 |server arrival - trace time| in ns").isLessThan(Duration.ofMillis(2).toNanos());
      assertThat(off[197]).as("p99 |server arrival - trace time| in ns").isLessThan(Duration.ofMillis(15).toNanos());
      OpenLoopStatistics open = sink.steps().get(0).statistics().measured().openLoop().orElseThrow();
      assertThat(open.arrival()).isEqualTo(Load.Arrival.TRACE);
      assertThat(open.arrivalLabel()).isEqualTo("trace");
    }
  }

  @Test
  void equalHashIdsGiveEqualTokenPrefixes() throws IOException {
    Tokenizer cl100k = Tokenizers.openAi("cl100k_base");
    int block = 64;
    Dataset blocks = new Dataset("blocks", List.of(
        Dataset.Entry.blocks(List.of(7L, 8L, 9L), 3 * block, block, java.util.OptionalInt.of(4)),
        Dataset.Entry.blocks(List.of(7L, 8L, 10L), 3 * block, block, java.util.OptionalInt.of(4)),
        Dataset.Entry.blocks(List.of(7L, 11L), 2 * block + 5, block, java.util.OptionalInt.empty()),
        Dataset.Entry.blocks(List.of(), 20, block, java.util.OptionalInt.empty())));
    DatasetRequestBuilder builder = RequestBuilders.dataset(blocks).shuffle(false).endpoint(Endpoint.COMPLETIONS)
        .tokenizer(cl100k);
    int[][] tokens = new int[4][];
    for (int i = 0; i < 4; i++) {
      PreparedRequest r = builder.build(new RequestBuilder.Context("m", "P", "s", i, false));
      tokens[i] = cl100k.encode((String) r.body().get("prompt"));
    }
    assertThat(tokens[0]).hasSize(3 * block);
    assertThat(tokens[2]).hasSize(2 * block + 5);
    assertThat(tokens[3]).hasSize(20);
    // Two shared blocks, then different ones.
    assertThat(Arrays.copyOf(tokens[1], 2 * block)).isEqualTo(Arrays.copyOf(tokens[0], 2 * block));
    assertThat(Arrays.copyOfRange(tokens[1], 2 * block, 3 * block))
        .isNotEqualTo(Arrays.copyOfRange(tokens[0], 2 * block, 3 * block));
    assertThat(Arrays.copyOf(tokens[2], block)).isEqualTo(Arrays.copyOf(tokens[0], block));
    assertThat(Arrays.copyOfRange(tokens[2], block, 2 * block))
        .isNotEqualTo(Arrays.copyOfRange(tokens[0], block, 2 * block));
  }

  /**
   * Turns of conversations: turn k repeats the k blocks before it. The simulator's prefix cache holds them, so each
   * turn after the first finds its earlier blocks cached, and the step's server metrics show the hit rate vLLM's
   * {@code vllm:prefix_cache_hits_total / vllm:prefix_cache_queries_total} would.
   */
  @Test
  void sharedHashIdsHitTheServersPrefixCache() throws IOException {
    int block = 64;
    List<String> lines = new ArrayList<>();
    for (int turn = 0; turn < 4; turn++) {
      for (int conversation = 0; conversation < 3; conversation++) {
        List<Long> ids = new ArrayList<>();
        for (int k = 0; k <= turn; k++) ids.add(conversation * 1000L + k);
        lines.add("{\"timestamp\": " + (turn * 3 + conversation) * 20 + ", \"input_length\": " + (turn + 1) * block
            + ", \"output_length\": 2, \"hash_ids\": " + ids + "}");
      }
    }
    TraceFiles.Trace trace = TraceFiles.read(Files.write(dir.resolve("turns.jsonl"), lines), 1.0, block);
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build())) {
      InMemorySink sink = new InMemorySink();
      BenchmarkRunner.builder().addSink(sink).build().run(Benchmark.builder().name("turns")
          .target(Target.of(server.baseUrl(), server.model()))
          .phases(Phase.of("replay", Step.of("trace", trace.load(), 12,
              RequestBuilders.dataset(trace.dataset()).shuffle(false))))
          .build());
      assertThat(sink.outcomes()).hasSize(12).allMatch(RequestOutcome::success);
      List<RequestTrace> seen = server.statistics().requests();
      List<RequestTrace> turns = seen.subList(seen.size() - 12, seen.size());
      for (int i = 0; i < 12; i++) {
        int turn = i / 3;
        // The turn's earlier blocks, 64 tokens each: 4 cache blocks of 16 tokens behind the same "<user>" prefix.
        assertThat(turns.get(i).cachedPromptTokens()).as("request %d (turn %d)", i, turn).isEqualTo(turn * block);
      }
      io.github.llmbench.api.ServerMetrics metrics = sink.steps().get(0).measurement().serverMetrics().orElseThrow();
      long queried = turns.stream().mapToLong(RequestTrace::promptTokens).sum();
      long hit = turns.stream().mapToLong(RequestTrace::cachedPromptTokens).sum();
      assertThat(metrics.prefixCacheQueries()).hasValue(queried);
      assertThat(metrics.prefixCacheHits()).hasValue(hit);
      assertThat(metrics.prefixCacheHitRate().getAsDouble()).isEqualTo((double) hit / queried).isGreaterThan(0.4);
    }
  }

  @Test
  void aTraceLineThatCannotBeReplayedIsNamed() throws IOException {
    Path bad = Files.write(dir.resolve("bad.jsonl"), List.of("{\"timestamp\": 0, \"input_length\": 10}",
        "{\"timestamp\": \"soon\", \"prompt\": \"hi\"}"));
    assertThatThrownBy(() -> TraceFiles.read(bad, 1, 512)).hasMessage("trace " + bad + " line 2: timestamp "
        + "(\"soon\") should be a number of milliseconds, at least 0");
    Path ids = Files.write(dir.resolve("ids.jsonl"), List.of("{\"timestamp\": 0, \"input_length\": 10, "
        + "\"hash_ids\": [1, \"x\"]}"));
    assertThatThrownBy(() -> TraceFiles.read(ids, 1, 512)).hasMessage("trace " + ids + " line 1: hash_ids[1] "
        + "(\"x\") should be an integer");
    Path generic = Files.write(dir.resolve("generic.jsonl"), List.of("{\"timestamp\": 500, \"prompt\": \"b\"}",
        "{\"timestamp\": 100.5, \"messages\": [{\"role\": \"user\", \"content\": \"a\"}], \"max_tokens\": 3}"));
    TraceFiles.Trace trace = TraceFiles.read(generic, 2, 512);
    assertThat(trace.schedule()).containsExactly(Duration.ZERO, Duration.ofNanos(199_750_000));
    assertThat(trace.dataset().entries().get(0)).isInstanceOf(Dataset.Entry.Chat.class);
    assertThatThrownBy(() -> Step.of("s", trace.load(), 3, RequestBuilders.dataset(trace.dataset())))
        .hasMessage("numRequests (3) of step s should be at most its schedule's 2 times");
    assertThatThrownBy(() -> trace.load().ramp(Load.Ramp.linear(1, Duration.ofSeconds(1))))
        .hasMessageStartingWith("a trace's schedule takes no ramp");
  }
}
