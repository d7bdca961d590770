package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, "nothing hidden", over real loopback HTTP: each send is exactly one request at the server and one
 * outcome. No silent retry of a request whose connection closed before an answer, no redirect followed, no re-send
 * of a 503 with {@code Retry-After: 0} or a 408.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ClientSettings.TransportKind.class)
@Timeout(60)
class NoHiddenRequestsTest {
  /** Every test here runs against both transports: one conformance suite. */
  @Parameter
  ClientSettings.TransportKind transport;

  private static final int N = 12;

  private InMemorySink run(String baseUrl, int concurrency, int n) {
    InMemorySink sink = new InMemorySink();
    BenchmarkResult result = BenchmarkRunner.builder().addSink(sink).abortWhenUnreachable(false).build()
        .run(TestServers.oneStep(transport, Target.of(baseUrl, "m"), concurrency, n, RequestBuilders.chat("Hello", 8)));
    assertThat(result.steps()).hasSize(1);
    return sink;
  }

  private static StepStatistics stats(InMemorySink sink) {
    return sink.steps().get(0).statistics();
  }

  @ParameterizedTest(name = "concurrency {0}")
  @ValueSource(ints = {1, 4})
  void aServerThatClosesWithoutAnsweringGetsEachRequestOnceAndEachIsAFailure(int concurrency) {
    try (RawHttpServer server = new RawHttpServer((request, out, socket) -> false)) {
      InMemorySink sink = run(server.baseUrl(), concurrency, N);

      assertThat(server.completions()).hasSize(N);
      StepStatistics stats = stats(sink);
      assertThat(stats.numRequests()).isEqualTo(N);
      assertThat(stats.failed()).isEqualTo(N);
      assertThat(stats.measured().failures()).isEqualTo(Map.of("connection_reset", N));
      assertThat(sink.outcomes()).hasSize(N).allSatisfy(o -> {
        assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.CONNECTION_RESET);
        assertThat(o.httpStatus()).isZero();
        assertThat(o.failureDetail()).isNotBlank();
      });
    }
  }

  @Test
  void aServerThatClosesAfterPartOfTheHeadersGetsEachRequestOnce() {
    try (RawHttpServer server = new RawHttpServer((request, out, socket) -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Type: appli".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return false;
    })) {
      InMemorySink sink = run(server.baseUrl(), 3, N);

      assertThat(server.completions()).hasSize(N);
      assertThat(stats(sink).failed()).isEqualTo(N);
      assertThat(stats(sink).measured().failures()).isEqualTo(Map.of("connection_reset", N));
    }
  }

  @Test
  void aServerThatClosesHalfWayThroughTheBodyGetsEachRequestOnce() {
    try (RawHttpServer server = new RawHttpServer((request, out, socket) -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"id\":\"x\","
          + "\"choices\":[").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return false;
    })) {
      InMemorySink sink = run(server.baseUrl(), 2, N);

      assertThat(server.completions()).hasSize(N);
      assertThat(stats(sink).failed()).isEqualTo(N);
      assertThat(sink.outcomes()).allSatisfy(o -> assertThat(o.success()).isFalse());
    }
  }

  /** Half the requests dropped, half answered: the counts at the server and in the step agree exactly. */
  @Test
  void droppedAndAnsweredRequestsAddUpToWhatTheServerSaw() {
    java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
    try (RawHttpServer server = new RawHttpServer((request, out, socket) -> {
      if (seen.getAndIncrement() % 2 == 0) return false;
      RawHttpServer.json(out, 200, TestServers.usageBody(3, 4));
      return true;
    })) {
      InMemorySink sink = run(server.baseUrl(), 4, 40);

      assertThat(server.completions()).hasSize(40);
      StepStatistics stats = stats(sink);
      assertThat(stats.numRequests()).isEqualTo(40);
      assertThat(stats.successful()).isEqualTo(20);
      assertThat(stats.measured().failures()).isEqualTo(Map.of("connection_reset", 20));
    }
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void aRedirectIsAFailureNamingItsLocationAndIsNeverFollowed(int status) {
    try (MockWebServer server = TestServers.start(TestServers.everything(r -> {
      if (TestServers.isWarmUp(r)) return TestServers.json(200, TestServers.MODELS);
      if (r.getTarget().startsWith("/moved")) return TestServers.ok(1, 1);
      return new MockResponse.Builder().code(status).addHeader("Location", "/moved/here?x=1").body("moved").build();
    }))) {
      InMemorySink sink = run(baseUrl(server), 2, 6);

      List<RecordedRequest> completions = TestServers.completions(server);
      assertThat(completions).hasSize(6).allSatisfy(r -> {
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getTarget()).isEqualTo("/v1/chat/completions");
      });
      assertThat(stats(sink).measured().failures()).isEqualTo(Map.of("redirect_" + status, 6));
      assertThat(sink.outcomes()).allSatisfy(o -> {
        assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.REDIRECT);
        assertThat(o.httpStatus()).isEqualTo(status);
        assertThat(o.failureCause()).isEqualTo("redirect_" + status);
        assertThat(o.failureDetail()).contains("/moved/here?x=1").contains(String.valueOf(status));
      });
    }
  }

  @Test
  void aRedirectWithoutLocationSaysSo() {
    try (MockWebServer server = TestServers.start(TestServers.dispatcher(r ->
        new MockResponse.Builder().code(302).body("").build()))) {
      InMemorySink sink = run(baseUrl(server), 1, 1);
      RequestOutcome o = sink.outcomes().get(0);
      assertThat(o.failureCause()).isEqualTo("redirect_302");
      assertThat(o.failureDetail()).contains("no Location");
    }
  }

  @ParameterizedTest(name = "Retry-After: {0}")
  @ValueSource(strings = {"0", "1"})
  void a503WithRetryAfterIsCountedOnceAndNotResent(String retryAfter) {
    try (MockWebServer server = TestServers.start(TestServers.dispatcher(r ->
        new MockResponse.Builder().code(503).addHeader("Retry-After", retryAfter)
            .addHeader("Content-Type", "application/json").body("{\"error\":\"busy\"}").build()))) {
      InMemorySink sink = run(baseUrl(server), 1, 5);

      assertThat(TestServers.completions(server)).hasSize(5);
      assertThat(stats(sink).measured().failures()).isEqualTo(Map.of("backpressure_503", 5));
    }
  }

  /** OkHttp re-sends a 408 once when retries are on; they are off. */
  @Test
  void a408IsCountedOnceAndNotResent() {
    try (MockWebServer server = TestServers.start(TestServers.dispatcher(r ->
        TestServers.json(408, "{\"error\":\"request timeout\"}")))) {
      InMemorySink sink = run(baseUrl(server), 1, 4);

      assertThat(TestServers.completions(server)).hasSize(4);
      assertThat(stats(sink).measured().failures()).isEqualTo(Map.of("http_408", 4));
    }
  }
}
