package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.PreparedRequest;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Every failure kind over real HTTP on loopback: recorded with its kind, counted, never thrown. */
@ParameterizedClass(name = "{0}")
@EnumSource(ClientSettings.TransportKind.class)
@Timeout(60)
class FailureKindsTest {
  /** Every test here runs against both transports: one conformance suite. */
  @Parameter
  ClientSettings.TransportKind transport;

  private static final RequestBuilder CHAT = RequestBuilders.chat("Hello", 8);
  private MockWebServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private RequestOutcome single(MockResponse response) {
    server = TestServers.start(TestServers.dispatcher(r -> response));
    return runOne(Target.of(baseUrl(server), "m"), CHAT);
  }

  private RequestOutcome runOne(Target target, RequestBuilder request) {
    InMemorySink sink = new InMemorySink();
    BenchmarkResult result = BenchmarkRunner.builder().addSink(sink).abortWhenUnreachable(false).build()
        .run(TestServers.oneStep(transport, target, 1, 1, request));
    assertThat(result.steps()).hasSize(1);
    StepResult step = result.steps().get(0);
    assertThat(sink.outcomes()).hasSize(1);
    RequestOutcome outcome = sink.outcomes().get(0);
    assertThat(outcome.latencyNanos()).isPositive(); // failed requests have a latency too
    if (!outcome.success()) {
      assertThat(step.statistics().failed()).isEqualTo(1);
      assertThat(step.statistics().measured().failures()).containsEntry(outcome.failureCause(), 1);
      assertThat(step.statistics().script().durationSec()).isEqualTo(outcome.latencySec());
    }
    return outcome;
  }

  @Test
  void notFoundIsAnHttpStatusFailure() {
    RequestOutcome o = single(TestServers.json(404, "{\"error\":\"no such model\"}"));
    assertThat(o.success()).isFalse();
    assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.HTTP_STATUS);
    assertThat(o.httpStatus()).isEqualTo(404);
    assertThat(o.failureCause()).isEqualTo("http_404");
    assertThat(o.failureDetail()).contains("HTTP 404").contains("no such model");
  }

  @Test
  void serviceUnavailableIsBackpressure() {
    RequestOutcome o = single(TestServers.json(503, "{}"));
    assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.BACKPRESSURE);
    assertThat(o.failureCause()).isEqualTo("backpressure_503");
  }

  @Test
  void tooManyRequestsIsBackpressure() {
    RequestOutcome o = single(TestServers.json(429, "{}"));
    assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.BACKPRESSURE);
    assertThat(o.failureCause()).isEqualTo("backpressure_429");
  }

  @Test
  void internalServerErrorIsAnHttpStatusFailure() {
    assertThat(single(TestServers.json(500, "oops")).failureCause()).isEqualTo("http_500");
  }

  @Test
  void nonJsonBodyIsMalformed() {
    RequestOutcome o = single(TestServers.json(200, "<html>not json</html>"));
    assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.MALFORMED_BODY);
    assertThat(o.httpStatus()).isEqualTo(200);
  }

  @Test
  void jsonThatIsNotAnObjectIsMalformed() {
    assertThat(single(TestServers.json(200,
        "[1,2]")).failureKind()).isEqualTo(RequestOutcome.FailureKind.MALFORMED_BODY);
  }

  @Test
  void missingUsageIsASuccessWithZeroTokens() {
    RequestOutcome o = single(TestServers.json(200, "{\"choices\":[]}"));
    assertThat(o.success()).isTrue();
    assertThat(o.usageReported()).isFalse();
    assertThat(o.promptTokens()).isZero();
    assertThat(o.completionTokens()).isZero();
  }

  @Test
  void usageIsCounted() {
    RequestOutcome o = single(TestServers.ok(123, 45));
    assertThat(o.success()).isTrue();
    assertThat(o.usageReported()).isTrue();
    assertThat(o.promptTokens()).isEqualTo(123);
    assertThat(o.completionTokens()).isEqualTo(45);
    assertThat(o.failureCause()).isEmpty();
  }

  @Test
  void slowResponseBeyondTheRequestTimeoutIsATimeout() {
    server = TestServers.start(TestServers.dispatcher(r -> new MockResponse.Builder().code(200)
        .body(TestServers.usageBody(1, 1)).headersDelay(2, TimeUnit.SECONDS).build()));
    Target target = Target.builder().baseUrl(baseUrl(server)).model("m").requestTimeout(Duration.ofMillis(300))
        .build();
    RequestOutcome o = runOne(target, CHAT);
    assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.TIMEOUT);
    assertThat(o.latencySec()).isGreaterThanOrEqualTo(0.29); // the 2 s answer never arrived: TIMEOUT above
  }

  @Test
  void nothingListeningIsConnectionRefused() {
    RequestOutcome o = runOne(Target.of("http://127.0.0.1:" + TestServers.closedPort(), "m"), CHAT);
    assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.CONNECTION_REFUSED);
    assertThat(o.httpStatus()).isZero();
    assertThat(o.failureCause()).isEqualTo("connection_refused");
  }

  @Test
  void connectionClosedInTheMiddleOfTheBodyIsConnectionReset() {
    String big = TestServers.usageBody(1, 1) + " ".repeat(64 * 1024);
    RequestOutcome o = single(new MockResponse.Builder().code(200).body(big)
        .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
    assertThat(o.failureKind()).as(o.failureDetail()).isEqualTo(RequestOutcome.FailureKind.CONNECTION_RESET);
  }

  @Test
  void throwingRequestBuilderBecomesACountedFailure() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(1, 1)));
    RequestBuilder broken = ctx -> {
      throw new IllegalStateException("bug in builder");
    };
    RequestOutcome o = runOne(Target.of(baseUrl(server), "m"), broken);
    assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.IO_ERROR);
    assertThat(o.failureDetail()).contains("request builder").contains("bug in builder");
    assertThat(TestServers.completions(server).size()).isZero();
  }

  @Test
  void unserialisableBodyBecomesACountedFailure() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(1, 1)));
    RequestBuilder odd = ctx -> new PreparedRequest("/v1/completions", Map.of("x", new Object()), false);
    RequestOutcome o = runOne(Target.of(baseUrl(server), "m"), odd);
    assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.IO_ERROR);
    assertThat(o.failureDetail()).contains("cannot be built");
  }

  @Test
  void mixedFailuresAreCountedByCause() {
    int[] codes = {200, 404, 503, 429, 200, 503};
    java.util.concurrent.atomic.AtomicInteger i = new java.util.concurrent.atomic.AtomicInteger();
    server = TestServers.start(TestServers.dispatcher(r -> {
      int code = codes[i.getAndIncrement() % codes.length];
      return code == 200 ? TestServers.ok(10, 5) : TestServers.json(code, "{}");
    }));
    BenchmarkResult result = BenchmarkRunner.builder().build()
        .run(TestServers.oneStep(transport, Target.of(baseUrl(server), "m"), 1, 6, CHAT));
    StepResult step = result.steps().get(0);
    assertThat(step.statistics().successful()).isEqualTo(2);
    assertThat(step.statistics().failed()).isEqualTo(4);
    assertThat(step.statistics().measured().failures()).isEqualTo(
        Map.of("http_404", 1, "backpressure_503", 2, "backpressure_429", 1));
    assertThat(step.statistics().promptTokens()).isEqualTo(20);
    assertThat(List.copyOf(step.statistics().measured().failures().keySet()))
        .isSorted();
  }
}
