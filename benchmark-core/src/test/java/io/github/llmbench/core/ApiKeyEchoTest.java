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
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12 item 1: a server that echoes the API key, in an error body or a stream {@code error} event, raw,
 * JSON-escaped, URL-encoded or as {@code Bearer <key>}, never gets it into a {@link RequestOutcome}, the step's
 * figures or the pre-flight's abort reason. The key holds {@code + / =}, so its escaped and encoded forms differ
 * from it; every form contains {@value #MARK}, so its absence proves them all absent.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ClientSettings.TransportKind.class)
@Timeout(60)
class ApiKeyEchoTest {
  /** Every test here runs against both transports: one conformance suite. */
  @Parameter
  ClientSettings.TransportKind transport;

  static final String MARK = "sk-LEAK";
  static final String KEY = MARK + "+9f3/xqZ7wq==";
  static final String JSON_ESCAPED = KEY.replace("/", "\\/");
  static final String URL_ENCODED = URLEncoder.encode(KEY, StandardCharsets.UTF_8);

  private MockWebServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  static MockResponse stream(String events) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(events).build();
  }

  static Stream<Arguments> echoes() {
    return Stream.of(
        Arguments.of("401 body, raw and Bearer", false,
            TestServers.json(401, "{\"error\":\"bad key " + KEY + ": Bearer " + KEY + "\"}")),
        Arguments.of("401 body, JSON-escaped", false,
            TestServers.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + JSON_ESCAPED + "\"}}")),
        Arguments.of("403 body, URL-encoded", false,
            TestServers.json(403, "{\"error\":\"see https://x.example/keys?key=" + URL_ENCODED + "\"}")),
        Arguments.of("redirect whose Location carries the key", false, new MockResponse.Builder().code(302)
            .addHeader("Location", "https://login.example/?key=" + URL_ENCODED + "&raw=" + KEY).build()),
        Arguments.of("500 plain text", false, new MockResponse.Builder().code(500)
            .body("Authorization: Bearer " + KEY + "\n\tdenied").build()),
        Arguments.of("stream error event, raw", true, stream("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":"
            + "\"a\"}}]}\n\ndata: {\"error\":{\"message\":\"key " + KEY + " revoked\"}}\n\n")),
        Arguments.of("stream error event, JSON-escaped", true, stream("data: {\"object\":\"error\",\"message\":\""
            + "Bearer " + JSON_ESCAPED + " is not allowed\"}\n\n")),
        Arguments.of("stream error event, URL-encoded", true, stream("data: {\"error\":\"/v1?api_key=" + URL_ENCODED
            + "\"}\n\n")),
        Arguments.of("malformed stream chunk", true, stream("data: not json " + KEY + "\n\n")),
        Arguments.of("malformed 200 body", false, TestServers.json(200, "{\"key\":\"" + KEY + "\" oops")));
  }

  private InMemorySink run(MockResponse echo, boolean stream, int n) {
    server = TestServers.start(TestServers.dispatcher(r -> echo));
    Target target = Target.builder().baseUrl(baseUrl(server)).model("m").apiKey(KEY).build();
    Benchmark benchmark = Benchmark.builder().transport(transport).name("key").target(target).stream(stream)
        .phases(Phase.of("P", Step.of("s", Load.concurrency(1), n, RequestBuilders.chat("Hello", 8)))).build();
    InMemorySink sink = new InMemorySink();
    BenchmarkRunner.builder().addSink(sink).abortWhenUnreachable(false).build().run(benchmark);
    return sink;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("echoes")
  void anEchoedKeyReachesNoOutcome(String name, boolean stream, MockResponse echo) {
    InMemorySink sink = run(echo, stream, 2);

    assertThat(TestServers.completions(server)).hasSize(2)
        .allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY));
    assertThat(sink.outcomes()).hasSize(2).allSatisfy(o -> {
      assertThat(o.success()).isFalse();
      assertThat(o.failureDetail()).isNotBlank().doesNotContain(MARK);
      assertThat(o.toString()).doesNotContain(MARK);
    });
    assertThat(sink.steps().get(0).toString()).doesNotContain(MARK);
  }

  /** The redaction says where the key was, so a reader still learns that the server echoed it. */
  @Test
  void theKeyIsMaskedNotDropped() {
    InMemorySink sink = run(TestServers.json(401, "{\"error\":\"bad key " + KEY + "\"}"), false, 1);
    assertThat(sink.outcomes().get(0).failureDetail()).contains("bad key ***");
  }

  @Test
  void aPreflightRequestThatMeetsAnEchoAbortsWithoutTheKey() {
    server = TestServers.start(TestServers.dispatcher(r ->
        TestServers.json(401, "{\"error\":\"bad key " + KEY + ": Bearer " + JSON_ESCAPED + "\"}")));
    Target target = Target.builder().baseUrl(baseUrl(server)).model("m").apiKey(KEY).build();
    BenchmarkResult result = BenchmarkRunner.builder().build().run(Benchmark.builder().transport(transport).name("key").target(target)
        .preflightRequest(true).phases(Phase.of("P",
            Step.of("s", Load.concurrency(1), 3, RequestBuilders.chat("Hello", 8)))).build());

    assertThat(result.abortReason().message()).startsWith("preflight failed").doesNotContain(MARK);
    assertThat(result.preflight().orElseThrow().detail()).contains("http_401").doesNotContain(MARK);
    assertThat(result.toString()).doesNotContain(MARK);
  }

  /**
   * The detail is cut to 200 characters and the error excerpt to 512 bytes. An echo that straddles a cut must not
   * leave the start of the key behind. Here the key starts 10 characters before the 200-character cut of the
   * detail ("HTTP 401: " + 180 characters + key).
   */
  @Test
  void anEchoCutInTheMiddleLeavesNoPartOfTheKey() {
    String body = "x".repeat(180) + KEY + " was rejected";
    InMemorySink sink = run(TestServers.json(401, body), false, 1);
    assertThat(sink.outcomes().get(0).failureDetail()).doesNotContain(MARK);
  }

  /** The same at the cut of a stream error event's data (117 characters). */
  @Test
  void aStreamErrorCutInTheMiddleLeavesNoPartOfTheKey() {
    String data = "{\"error\":\"" + "y".repeat(100) + KEY + "\"}";
    InMemorySink sink = run(stream("data: " + data + "\n\n"), true, 1);
    assertThat(sink.outcomes().get(0).failureDetail()).doesNotContain(MARK);
  }
}
