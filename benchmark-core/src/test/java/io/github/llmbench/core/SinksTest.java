package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SinksTest {
  private MockWebServer server;
  private final AtomicInteger arrivals = new AtomicInteger();

  @BeforeEach
  void start() {
    // every fourth request fails with 500
    server = TestServers.start(TestServers.dispatcher(r -> arrivals.getAndIncrement() % 4 == 3
        ? TestServers.json(500, "{}") : TestServers.ok(10, 20)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Benchmark twoPhases() {
    return Benchmark.builder().name("sinks").target(Target.of(baseUrl(server), "m"))
        .client(io.github.llmbench.api.ClientSettings.DEFAULT.clientBoundThresholds(TestServers.ONLY_HUGE_CLIENT_DELAYS))
        .phases(Phase.of("P1", Step.of("a", Load.concurrency(1), 3, RequestBuilders.chat("x", 5))),
            Phase.of("P2", Step.of("b", Load.concurrency(1), 2, RequestBuilders.chat("y", 5))))
        .build();
  }

  /** Throws from every callback. */
  static final class ThrowingSink implements MetricSink {
    final AtomicInteger calls = new AtomicInteger();

    private void boom() {
      calls.incrementAndGet();
      throw new IllegalStateException("sink bug");
    }

    @Override public void onRunStarted(Benchmark b) { boom(); }
    @Override public void onPhaseStarted(String p) { boom(); }
    @Override public void onStepStarted(MetricSink.StepInfo s) { boom(); }
    @Override public void onRequestCompleted(RequestOutcome o) { boom(); }
    @Override public void onStepCompleted(StepResult s) { boom(); }
    @Override public void onPhaseCompleted(BenchmarkResult.PhaseResult p) { boom(); }
    @Override public void onSnapshot(BenchmarkResult r) { boom(); }
    @Override public void onRunCompleted(BenchmarkResult r) { boom(); }
  }

  @Test
  void aThrowingSinkDoesNotStopTheRunAndIsCounted() {
    ThrowingSink throwing = new ThrowingSink();
    InMemorySink memory = new InMemorySink();
    BenchmarkResult result = BenchmarkRunner.builder().addSink(throwing).addSink(memory).build().run(twoPhases());
    assertThat(result.completed()).isTrue();
    assertThat(result.steps()).extracting(StepResult::testName).containsExactly("a", "b");
    // run 1 + phases 2 + steps 2 + requests 5 + step results 2 + snapshots 2 + phase results 2 + run end 1
    assertThat(throwing.calls.get()).isEqualTo(17);
    assertThat(result.sinkFailures()).isEqualTo(17);
    // the sink after the throwing one still saw everything
    assertThat(memory.outcomes()).hasSize(5);
    assertThat(memory.steps()).hasSize(2);
  }

  @Test
  void eventsArriveInOrder() {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    MetricSink recorder = new MetricSink() {
      @Override public void onRunStarted(Benchmark b) { events.add("run " + b.name()); }
      @Override public void onPhaseStarted(String p) { events.add("phase " + p); }
      @Override public void onStepStarted(MetricSink.StepInfo s) { events.add("step " + s.step() + " "
          + s.numRequests()); }
      @Override public void onRequestCompleted(RequestOutcome o) { events.add("request " + o.step()); }
      @Override public void onStepCompleted(StepResult s) { events.add("done " + s.testName()); }
      @Override public void onSnapshot(BenchmarkResult r) {
        events.add("snapshot " + r.steps().size() + " " + r.abortReason().message());
      }
      @Override public void onPhaseCompleted(BenchmarkResult.PhaseResult p) { events.add("phase done " + p.name()); }
      @Override public void onRunCompleted(BenchmarkResult r) { events.add("run done '" + r.abortReason().message()
          + "'"); }
    };
    BenchmarkRunner.builder().addSink(recorder).build().run(twoPhases());
    assertThat(events).containsExactly("run sinks", "phase P1", "step a 3", "request a", "request a", "request a",
        "done a", "snapshot 1 in progress", "phase done P1", "phase P2", "step b 2", "request b", "request b",
        "done b", "snapshot 2 in progress", "phase done P2", "run done ''");
  }

  @Test
  void jsonLinesFileHasOneObjectPerRequest(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("requests.jsonl");
    Files.writeString(file, "old content that must go\n".repeat(20));
    InMemorySink memory = new InMemorySink();
    BenchmarkResult result = BenchmarkRunner.builder().addSink(MetricSinks.jsonLines(file)).addSink(memory).build()
        .run(twoPhases());
    assertThat(result.sinkFailures()).isZero();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(5);
    int failures = 0;
    for (String line : lines) {
      JsonNode node = TestServers.tree(line);
      List<String> keys = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) keys.add(it.next());
      assertThat(keys).containsExactly("phase", "step", "request_index", "request_id", "start_offset_ms", "latency_ms",
          "ttft_ms", "success", "http_status", "prompt_tokens", "completion_tokens", "usage_reported",
              "failure_reason", "failure_detail");
      RequestOutcome outcome = memory.outcomes(node.get("step").asText()).stream()
          .filter(o -> o.requestIndex() == node.get("request_index").asInt()).findFirst().orElseThrow();
      assertThat(node.get("phase").asText()).isEqualTo(outcome.phase());
      assertThat(node.get("request_id").asText()).isEqualTo(outcome.requestId())
          .matches("[0-9a-f]{8}-" + outcome.step() + "-" + outcome.requestIndex());
      assertThat(node.get("latency_ms").asDouble()).isEqualTo(outcome.latencyNanos() / 1e6);
      assertThat(node.get("start_offset_ms").asDouble()).isEqualTo(outcome.startOffsetNanos() / 1e6);
      assertThat(node.get("success").asBoolean()).isEqualTo(outcome.success());
      if (outcome.success()) {
        assertThat(node.get("prompt_tokens").asLong()).isEqualTo(10);
        assertThat(node.get("completion_tokens").asLong()).isEqualTo(20);
        assertThat(node.get("failure_reason").isNull()).isTrue();
      } else {
        failures++;
        assertThat(node.get("failure_reason").asText()).isEqualTo("http_500");
        assertThat(node.get("http_status").asInt()).isEqualTo(500);
      }
    }
    assertThat(failures).isEqualTo(1);
  }

  @Test
  void jsonLinesWriterIsFlushedButNotClosed() {
    class TrackingWriter extends StringWriter {
      boolean closed;

      @Override
      public void close() {
        closed = true;
      }
    }
    TrackingWriter writer = new TrackingWriter();
    BenchmarkRunner.builder().addSink(MetricSinks.jsonLines(writer)).build().run(twoPhases());
    assertThat(writer.closed).isFalse();
    assertThat(writer.toString().lines()).hasSize(5).allSatisfy(l -> assertThat(l).startsWith("{\"phase\":\"P"));
  }

  @Test
  void jsonLinesRejectsAnUnwritableFile(@TempDir Path dir) {
    Path missing = dir.resolve("no/such/dir/x.jsonl");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricSinks.jsonLines(missing))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x.jsonl");
  }

  @Test
  void consoleWithoutLivePrintsOneLinePerStep() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    BenchmarkRunner.builder().addSink(MetricSinks.console(out, false)).build().run(twoPhases());
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r").doesNotContain("Phase");
    // The scripted server's usage is not what the steps ask for: each step says so in a note, after its lines.
    assertThat(text).contains("    note: asked 5 output tokens, served 20 on average");
    List<String> lines = text.lines().filter(l -> !l.startsWith("    note: ") && !l.startsWith("          "))
        .toList();
    assertThat(lines).hasSize(3);
    // a: 3 requests, the 4th arrival overall fails -> a is 3/3 ok; b: 1/2 ok -> FAILING, and why on its own line
    assertThat(lines.get(0)).matches(
        "  a            c=1       3/3  p50 \\d+\\.\\d{3}s p99 \\d+\\.\\d{3}s +\\d+\\.\\d tok/s wall OK");
    assertThat(lines.get(1)).matches(
        "  b            c=1       1/2  p50 \\d+\\.\\d{3}s p99 \\d+\\.\\d{3}s +\\d+\\.\\d tok/s wall FAILING");
    assertThat(lines.get(2)).isEqualTo("    why: success rate 0.500 < 0.95");
    assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
  }
}
