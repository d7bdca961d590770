package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Starting, cancelling and stopping runs; client ownership; independent runs. */
@ParameterizedClass(name = "{0}")
@EnumSource(ClientSettings.TransportKind.class)
@Timeout(60)
class RunControlTest {
  /** Every test here runs against both transports: one conformance suite. */
  @Parameter
  ClientSettings.TransportKind transport;

  private MockWebServer server;
  private MockWebServer other;
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch slowArrived = new CountDownLatch(1);
  private final Set<Integer> seenMaxTokens = ConcurrentHashMap.newKeySet();

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) server.close();
    if (other != null) other.close();
  }

  /** max_tokens 2 hangs until the test ends; anything else answers at once. */
  private void serveWithHangingStep() {
    server = TestServers.start(TestServers.dispatcher(r -> {
      int maxTokens = TestServers.body(r).get("max_tokens").asInt();
      seenMaxTokens.add(maxTokens);
      if (maxTokens == 2) {
        slowArrived.countDown();
        release.await(60, TimeUnit.SECONDS);
      }
      return TestServers.ok(1, 1);
    }));
  }

  private Benchmark fastThenHanging() {
    return Benchmark.builder().transport(transport).target(Target.of(baseUrl(server), "m"))
        .phases(Phase.of("P1", Step.of("fast", Load.concurrency(2), 4, RequestBuilders.chat("x", 1)),
                Step.of("hanging", Load.concurrency(2), 4, RequestBuilders.chat("x", 2))),
            Phase.of("P2", Step.of("never", Load.concurrency(1), 1, RequestBuilders.chat("x", 3))))
        .build();
  }

  @Test
  void cancelKeepsFinishedStepsAndDropsTheInterruptedOne() throws Exception {
    serveWithHangingStep();
    InMemorySink sink = new InMemorySink();
    BenchmarkRun run = BenchmarkRunner.builder().addSink(sink).build().start(fastThenHanging());
    assertThat(slowArrived.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.await(Duration.ofMillis(50))).isEmpty(); // still going
    run.cancel();
    Optional<BenchmarkResult> result = run.await(Duration.ofSeconds(30));
    assertThat(result).isPresent();
    BenchmarkResult r = result.get();
    assertThat(r.abortReason().message()).isEqualTo("cancelled");
    assertThat(r.completed()).isFalse();
    assertThat(r.steps()).extracting(StepResult::testName).containsExactly("fast");
    assertThat(r.phase("P1").orElseThrow().stopReason()).isEqualTo("cancelled");
    assertThat(r.phase("P2")).isEmpty();
    assertThat(sink.steps()).extracting(StepResult::testName).containsExactly("fast");
    assertThat(sink.outcomes("hanging")).isEmpty();
    assertThat(seenMaxTokens).doesNotContain(3);
    assertThat(run.isDone()).isTrue();
    assertThat(run.await()).isSameAs(r);
  }

  @Test
  void closeCancelsAndWaits() throws Exception {
    serveWithHangingStep();
    BenchmarkRun run = BenchmarkRunner.builder().build().start(fastThenHanging());
    try (run) {
      assertThat(slowArrived.await(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(run.isDone()).isTrue();
    assertThat(run.await().abortReason().message()).isEqualTo("cancelled");
  }

  @Test
  void interruptingTheThreadOfRunCancelsIt() throws Exception {
    serveWithHangingStep();
    BenchmarkResult[] holder = new BenchmarkResult[1];
    Thread thread = new Thread(() -> holder[0] = BenchmarkRunner.builder().build().run(fastThenHanging()));
    thread.start();
    assertThat(slowArrived.await(30, TimeUnit.SECONDS)).isTrue();
    thread.interrupt();
    thread.join(30_000);
    assertThat(thread.isAlive()).isFalse();
    assertThat(holder[0].abortReason().message()).isEqualTo("cancelled");
    assertThat(holder[0].steps()).extracting(StepResult::testName).containsExactly("fast");
  }

  @Test
  void unreachableTargetAbortsAfterTheFirstStep() {
    String url = "http://127.0.0.1:" + TestServers.closedPort();
    Benchmark benchmark = Benchmark.builder().transport(transport).target(Target.of(url, "m"))
        .phases(Phase.of("P1", Step.of("a", Load.concurrency(2), 3, RequestBuilders.chat("x", 1)),
            Step.of("b", Load.concurrency(2), 3, RequestBuilders.chat("x", 1))))
        .build();
    BenchmarkResult aborted = BenchmarkRunner.builder().build().run(benchmark);
    assertThat(aborted.abortReason().message()).isEqualTo("target unreachable: " + url + ": connection refused");
    assertThat(aborted.steps()).extracting(StepResult::testName).containsExactly("a");
    assertThat(aborted.steps().get(0).statistics().measured().failures()).containsEntry("connection_refused", 3);

    BenchmarkResult full = BenchmarkRunner.builder().abortWhenUnreachable(false).build().run(benchmark);
    assertThat(full.completed()).isTrue();
    assertThat(full.steps()).extracting(StepResult::testName).containsExactly("a", "b");
  }

  /** A handle closed (so cancelled) after its run ended has nothing to stop, and says nothing. */
  @Test
  void cancellingARunThatEndedDoesNothing() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(1, 1)));
    BenchmarkRun run = BenchmarkRunner.builder().build()
        .start(TestServers.oneStep(transport, Target.of(baseUrl(server), "m"), 2, 4, RequestBuilders.chat("x", 1)));
    BenchmarkResult result = run.await();
    run.cancel();
    run.close();
    assertThat(result.completed()).isTrue();
    assertThat(result.steps().get(0).statistics().successful()).isEqualTo(4);
  }

  @Test
  void aUserClientIsNeitherModifiedNorShutDown() throws Exception {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(1, 1)));
    OkHttpClient mine = new OkHttpClient();
    Benchmark benchmark = TestServers.oneStep(transport, Target.of(baseUrl(server), "m"), 20, 40,
        RequestBuilders.chat("x", 1));
    BenchmarkResult result = BenchmarkRunner.builder().okHttpClient(mine).build().run(benchmark);
    assertThat(result.steps().get(0).statistics().successful()).isEqualTo(40);
    assertThat(mine.dispatcher().getMaxRequestsPerHost()).isEqualTo(5);
    assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
    try (Response response = mine.newCall(new Request.Builder().url(server.url("/v1/models")).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
  }

  @Test
  void twoRunsAtOnceDoNotInterfere() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.okAfter(1, 2, 20)));
    other = TestServers.start(TestServers.dispatcher(r -> TestServers.okAfter(100, 200, 20)));
    // One runner, two runs at once: each run's sink comes from the factory, so each sees only its own requests.
    java.util.Map<String, InMemorySink> sinks = new java.util.concurrent.ConcurrentHashMap<>();
    BenchmarkRunner shared = BenchmarkRunner.builder()
        .addSinkFactory(benchmark -> sinks.computeIfAbsent(benchmark.target().baseUrl(), k -> new InMemorySink()))
        .build();
    BenchmarkRun a = shared.start(TestServers.oneStep(transport, Target.of(baseUrl(server), "m"), 4, 30,
        RequestBuilders.chat("x", 2)));
    BenchmarkRun b = shared.start(TestServers.oneStep(transport, Target.of(baseUrl(other), "m"), 3, 20,
        RequestBuilders.chat("x", 2)));
    BenchmarkResult ra = a.await();
    BenchmarkResult rb = b.await();
    assertThat(ra.steps().get(0).statistics().completionTokens()).isEqualTo(60);
    assertThat(rb.steps().get(0).statistics().completionTokens()).isEqualTo(4000);
    assertThat(sinks).hasSize(2);
    assertThat(sinks.get(baseUrl(server)).outcomes()).hasSize(30).allMatch(o -> o.completionTokens() == 2);
    assertThat(sinks.get(baseUrl(other)).outcomes()).hasSize(20).allMatch(o -> o.completionTokens() == 200);
    assertThat(TestServers.completions(server).size()).isEqualTo(30);
    assertThat(TestServers.completions(other).size()).isEqualTo(20);
  }

  @Test
  void aThrowingStatusPolicyEndsTheRunWithTheFinishedSteps() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(1, 1)));
    Benchmark benchmark = Benchmark.builder().transport(transport).target(Target.of(baseUrl(server), "m"))
        .statusPolicy((stats, context) -> {
          if (stats.numRequests() == 2) throw new IllegalStateException("policy bug");
          return io.github.llmbench.api.StatusPolicy.unified().classify(stats, context);
        })
        .phases(Phase.of("P", Step.of("one", Load.concurrency(1), 1, RequestBuilders.chat("x", 1)),
            Step.of("two", Load.concurrency(1), 2, RequestBuilders.chat("x", 1))))
        .build();
    BenchmarkResult result = BenchmarkRunner.builder().build().run(benchmark);
    assertThat(result.abortReason().message()).startsWith("error: ").contains("policy bug");
    assertThat(result.steps()).extracting(StepResult::testName).containsExactly("one");
  }

  @Test
  void llmBenchOneLinerRunsWithSinks() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(3, 4)));
    InMemorySink sink = new InMemorySink();
    BenchmarkResult result = LlmBench.run(
        TestServers.oneStep(transport, Target.of(baseUrl(server), "m"), 2, 5, RequestBuilders.chat("x", 4)), sink);
    assertThat(result.steps().get(0).statistics().completionTokens()).isEqualTo(20);
    assertThat(sink.outcomes()).hasSize(5);
    assertThat(result.baseUrl()).isEqualTo(baseUrl(server));
    assertThat(result.finishedAt()).isAfterOrEqualTo(result.startedAt());
  }
}
