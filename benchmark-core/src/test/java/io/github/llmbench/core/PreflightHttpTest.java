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
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, "the pre-flight is counted in no step", against the server's own count of what it received: beyond the
 * steps' requests it sees only {@code GET /v1/models} (and exactly one completion when the pre-flight request is
 * on), and the steps count only their own requests. A pre-flight request that meets a failure every request would
 * meet ends the run before any phase.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ClientSettings.TransportKind.class)
@Timeout(60)
class PreflightHttpTest {
  /** Every test here runs against both transports: one conformance suite. */
  @Parameter
  ClientSettings.TransportKind transport;

  private MockWebServer server;
  private final ConcurrentLinkedQueue<RecordedRequest> seen = new ConcurrentLinkedQueue<>();

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private void start(TestServers.Handler completions) {
    server = TestServers.start(TestServers.everything(r -> {
      seen.add(r);
      if (TestServers.isWarmUp(r)) return TestServers.json(200, TestServers.MODELS);
      if (TestServers.isScrape(r)) return TestServers.json(404, "{}");
      return completions.handle(r);
    }));
  }

  private Benchmark twoSteps(boolean preflightRequest) {
    return Benchmark.builder().transport(transport).name("pf").target(Target.of(baseUrl(server),
        "m")).preflightRequest(preflightRequest)
        .phases(Phase.of("A", Step.of("a", Load.concurrency(2), 6, RequestBuilders.chat("Hello", 8))),
            Phase.of("B", Step.of("b", Load.concurrency(3), 9, RequestBuilders.chat("Hello again", 8))))
        .build();
  }

  private List<RecordedRequest> notWarmUps() {
    return seen.stream().filter(r -> !TestServers.isWarmUp(r) && !TestServers.isScrape(r)).toList();
  }

  @ParameterizedTest(name = "preflightRequest {0}")
  @ValueSource(booleans = {false, true})
  void thePreflightIsCountedInNoStep(boolean preflightRequest) {
    start(r -> TestServers.ok(5, 3));
    InMemorySink sink = new InMemorySink();
    BenchmarkResult result = BenchmarkRunner.builder().addSink(sink).build().run(twoSteps(preflightRequest));

    assertThat(result.completed()).as(result.abortReason().message()).isTrue();
    // At the server: the steps' 15 completions, one more for the pre-flight request, and the model check.
    List<RecordedRequest> completions = notWarmUps();
    assertThat(completions).hasSize(15 + (preflightRequest ? 1 : 0)).allSatisfy(r -> {
      assertThat(r.getMethod()).isEqualTo("POST");
      assertThat(r.getTarget()).isEqualTo("/v1/chat/completions");
    });
    // One GET of the model list, the pre-flight's check: no connection is opened with a request.
    assertThat(seen.stream().filter(TestServers::isWarmUp)).hasSize(1);
    assertThat(seen).allSatisfy(r -> assertThat(r.getMethod().equals("POST") || TestServers.isWarmUp(r)
        || TestServers.isScrape(r)).as(r.getRequestLine()).isTrue());
    // In the steps: only their own requests.
    StepResult a = result.step("a").orElseThrow();
    StepResult b = result.step("b").orElseThrow();
    assertThat(a.numRequests()).isEqualTo(6);
    assertThat(a.statistics().successful()).isEqualTo(6);
    assertThat(a.statistics().promptTokens()).isEqualTo(6 * 5);
    assertThat(b.numRequests()).isEqualTo(9);
    assertThat(b.statistics().completionTokens()).isEqualTo(9 * 3);
    assertThat(sink.outcomes()).hasSize(15).allSatisfy(o -> assertThat(o.phase()).isIn("A", "B"));
    // The pre-flight is reported apart.
    BenchmarkResult.Preflight preflight = result.preflight().orElseThrow();
    assertThat(preflight.modelsStatus()).isEqualTo(200);
    assertThat(preflight.requestsSent()).isEqualTo(preflightRequest ? 1 : 0);
    assertThat(preflight.succeeded()).isTrue();
    assertThat(preflight.durationNanos()).isPositive();
    if (preflightRequest) {
      assertThat(preflight.httpStatus()).isEqualTo(200);
      assertThat(preflight.latencyNanos()).isPositive();
    }
  }

  @Test
  void withThePreflightOffNoneIsReportedAndTheServerSeesOnlyTheSteps() {
    start(r -> TestServers.ok(5, 3));
    BenchmarkResult result = BenchmarkRunner.builder().build().run(twoSteps(false).toBuilder().preflight(false)
        .build());
    assertThat(result.preflight()).isEmpty();
    assertThat(notWarmUps()).hasSize(15);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {401, 404})
  void aPreflightRequestThatFailsForGoodEndsTheRunBeforeAnyPhase(int status) {
    start(r -> TestServers.json(status, "{\"error\":{\"message\":\"" + (status == 401 ? "invalid key"
        : "the model m does not exist") + "\"}}"));
    InMemorySink sink = new InMemorySink();
    BenchmarkResult result = BenchmarkRunner.builder().addSink(sink).build().run(twoSteps(true));

    assertThat(result.abortReason().message()).startsWith("preflight failed").contains("http_" + status);
    assertThat(result.phases()).isEmpty();
    assertThat(sink.outcomes()).isEmpty();
    assertThat(notWarmUps()).hasSize(1);
    BenchmarkResult.Preflight preflight = result.preflight().orElseThrow();
    assertThat(preflight.succeeded()).isFalse();
    assertThat(preflight.httpStatus()).isEqualTo(status);
    assertThat(preflight.requestsSent()).isEqualTo(1);
    assertThat(preflight.detail()).contains("http_" + status);
  }

  /** A busy server (503) is what the steps measure: the run goes on. */
  @Test
  void aPreflightRequestAnsweredBusyLetsTheRunGoOn() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    start(r -> n.getAndIncrement() == 0 ? TestServers.json(503, "{}") : TestServers.ok(1, 1));
    BenchmarkResult result = BenchmarkRunner.builder().build().run(twoSteps(true));

    assertThat(result.completed()).as(result.abortReason().message()).isTrue();
    assertThat(result.preflight().orElseThrow().succeeded()).isFalse();
    assertThat(notWarmUps()).hasSize(16);
    assertThat(result.step("a").orElseThrow().statistics().successful()).isEqualTo(6);
  }

  /** With preflightRequest(true) and a server that redirects, the run stops: a redirect would meet every request. */
  @Test
  void aPreflightRequestAnsweredWithARedirectEndsTheRun() {
    start(r -> new MockResponse.Builder().code(301).addHeader("Location", "https://elsewhere/").build());
    BenchmarkResult result = BenchmarkRunner.builder().build().run(twoSteps(true));
    assertThat(result.abortReason().message()).startsWith("preflight failed").contains("redirect_301")
        .contains("https://elsewhere/");
    assertThat(notWarmUps()).hasSize(1);
  }

  /**
   * A connection dropped once, under the pre-flight request, is a server failing now and then, like a 5xx (the
   * pre-flight's own rule): the steps should measure it rather than the run stop before them.
   */
  @Test
  void aPreflightRequestWhoseConnectionDropsOnceLetsTheRunGoOn() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    try (RawHttpServer raw = new RawHttpServer((request, out, socket) -> {
      if (n.getAndIncrement() == 0) return false; // the first completion: closed without an answer
      RawHttpServer.json(out, 200, TestServers.usageBody(1, 1));
      return true;
    })) {
      BenchmarkResult result = BenchmarkRunner.builder().build().run(Benchmark.builder().transport(transport).name("pf")
          .target(Target.of(raw.baseUrl(), "m")).preflightRequest(true)
          .phases(Phase.of("A", Step.of("a", Load.concurrency(2), 6, RequestBuilders.chat("Hello", 8)))).build());

      assertThat(result.preflight().orElseThrow().succeeded()).isFalse();
      assertThat(result.completed()).as(result.abortReason().message()).isTrue();
      assertThat(raw.completions()).hasSize(7);
      assertThat(result.step("a").orElseThrow().statistics().successful()).isEqualTo(6);
    }
  }
}
