package io.github.llmbench.core;

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
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What issue 18 asks of every transport, over real loopback, run against both: HTTP/1.1 framing (Content-Length,
 * chunked with extensions and trailers, close-delimited), keep-alive across steps, a server that closes idle
 * connections without a word, {@code GET /v1/models} failing, 1xx and 204, a slow head, and TLS with a self-signed
 * certificate.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ClientSettings.TransportKind.class)
@Timeout(120)
class TransportConformanceTest {
  private static final String USAGE = TestServers.usageBody(7, 3);
  private static final String STREAM = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
      + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
      + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"},\"finish_reason\":\"stop\"}]}\n\n"
      + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}\n\n"
      + "data: [DONE]\n\n";

  @Parameter
  ClientSettings.TransportKind transport;

  private Benchmark.Builder benchmark(String baseUrl, Step... steps) {
    return Benchmark.builder().name("conformance").target(Target.of(baseUrl, "m")).transport(transport)
        .phases(Phase.of("P", steps));
  }

  private static Step step(String name, int concurrency, int n) {
    return Step.of(name, Load.concurrency(concurrency), n, RequestBuilders.chat("Hello", 8));
  }

  private static InMemorySink run(Benchmark benchmark) {
    InMemorySink sink = new InMemorySink();
    BenchmarkRunner.builder().addSink(sink).abortWhenUnreachable(false).build().run(benchmark);
    return sink;
  }

  private static void head(OutputStream out, String head) throws IOException {
    out.write(head.getBytes(StandardCharsets.US_ASCII));
  }

  private static void chunk(OutputStream out, String data, String extension) throws IOException {
    byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
    head(out, Integer.toHexString(bytes.length) + extension + "\r\n");
    out.write(bytes);
    head(out, "\r\n");
  }

  /** Request 3k answers with Content-Length, 3k+1 chunked with extensions and trailers, 3k+2 close-delimited. */
  private static final RawHttpServer.Handler THREE_FRAMINGS = (request, out, socket) -> {
    boolean stream = request.headers().getOrDefault("accept", "").contains("text/event-stream");
    String type = stream ? "text/event-stream" : "application/json";
    byte[] body = (stream ? STREAM : USAGE).getBytes(StandardCharsets.UTF_8);
    switch (request.indexOnConnection() % 3) {
      case 0 -> {
        head(out, "HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length + "\r\n\r\n");
        out.write(body);
        out.flush();
        return true;
      }
      case 1 -> {
        String text = new String(body, StandardCharsets.UTF_8);
        head(out, "HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nTransfer-Encoding: chunked\r\n\r\n");
        int half = text.length() / 2;
        chunk(out, text.substring(0, half), ";name=value");
        chunk(out, text.substring(half), ";ext");
        head(out, "0\r\nX-Trailer: yes\r\n\r\n");
        out.flush();
        return true;
      }
      default -> {
        head(out, "HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\n\r\n");
        out.write(body);
        out.flush();
        return false; // the close ends the body
      }
    }
  };

  @Test
  void contentLengthChunkedAndCloseDelimitedAnswersAreReadToTheirEnd() {
    try (RawHttpServer server = new RawHttpServer(THREE_FRAMINGS)) {
      InMemorySink sink = run(benchmark(server.baseUrl(), step("s", 2, 12)).build());
      assertThat(sink.outcomes()).hasSize(12).allSatisfy(o -> {
        assertThat(o.success()).as(o.failureDetail()).isTrue();
        assertThat(o.promptTokens()).isEqualTo(7);
        assertThat(o.completionTokens()).isEqualTo(3);
      });
      // Every framing was met: a close-delimited answer is the third on its connection.
      assertThat(server.completions()).hasSize(12)
          .extracting(RawHttpServer.Request::indexOnConnection).contains(0, 1, 2);
    }
  }

  @Test
  void streamsInEveryFramingAreReadToTheirEnd() {
    try (RawHttpServer server = new RawHttpServer(THREE_FRAMINGS)) {
      InMemorySink sink = run(benchmark(server.baseUrl(), step("s", 2, 12)).stream(true).build());
      assertThat(sink.outcomes()).hasSize(12).allSatisfy(o -> {
        assertThat(o.success()).as(o.failureDetail()).isTrue();
        assertThat(o.streamTiming()).isNotNull();
        assertThat(o.streamTiming().contentChunks()).isEqualTo(2);
        assertThat(o.completionTokens()).isEqualTo(2);
      });
    }
  }

  @Test
  void keepAliveConnectionsCarryTheNextStepsRequests() {
    try (RawHttpServer server = new RawHttpServer((r, out, s) -> {
      RawHttpServer.json(out, 200, USAGE);
      return true;
    })) {
      InMemorySink sink = run(benchmark(server.baseUrl(), step("one", 3, 9), step("two", 3, 9)).build());
      assertThat(sink.outcomes()).hasSize(18).allMatch(RequestOutcome::success);
      Set<Integer> one = connections(server, 0, 9);
      Set<Integer> two = connections(server, 9, 18);
      assertThat(one).hasSize(3);
      assertThat(two).isEqualTo(one);
      // No request was sent to open a connection: the only GET is the pre-flight's model check.
      assertThat(server.warmUps()).isLessThanOrEqualTo(1);
    }
  }

  private static Set<Integer> connections(RawHttpServer server, int from, int to) {
    return server.completions().subList(from, to).stream().map(RawHttpServer.Request::connection)
        .collect(Collectors.toSet());
  }

  /**
   * uvicorn (and so vLLM) closes a keep-alive connection idle for 5 s without a {@code Connection: close}. Here the
   * server does it after 1 s, and a step of one slow request leaves the first step's other connections idle past
   * it: the third step must still succeed in full, with nothing sent twice.
   */
  @Test
  void aServerThatClosesIdleConnectionsSilentlyNeverGetsARequestOnAClosedOne() {
    try (RawHttpServer server = new RawHttpServer((r, out, s) -> {
      if (r.body().length > 0 && new String(r.body(), StandardCharsets.UTF_8).contains("\"max_tokens\":9")) {
        Thread.sleep(700); // the long step's requests
      }
      RawHttpServer.json(out, 200, USAGE);
      return true;
    }, new RawHttpServer.Options(1000, 200))) {
      Step slow = Step.of("slow", Load.concurrency(1), 2, RequestBuilders.chat("Hello", 9));
      InMemorySink sink = run(benchmark(server.baseUrl(), step("wide", 4, 8), slow, step("wide_again", 4, 8)).build());
      assertThat(sink.outcomes()).hasSize(18).allSatisfy(o -> assertThat(o.success()).as(o.failureDetail()).isTrue());
      assertThat(server.completions()).hasSize(18);
      assertThat(server.idleCloses()).as("the server closed idle connections").isPositive();
    }
  }

  /** Below llmbench's own idle limit: the server's closes teach it a shorter one. */
  @Test
  void aServerWithAShortKeepAliveIsLearntFrom() {
    try (RawHttpServer server = new RawHttpServer((r, out, s) -> {
      if (new String(r.body(), StandardCharsets.UTF_8).contains("\"max_tokens\":9")) Thread.sleep(350);
      RawHttpServer.json(out, 200, USAGE);
      return true;
    }, new RawHttpServer.Options(200, 200))) {
      Step slow = Step.of("slow", Load.concurrency(1), 2, RequestBuilders.chat("Hello", 9));
      Step slowAgain = Step.of("slow_again", Load.concurrency(1), 2, RequestBuilders.chat("Hello", 9));
      InMemorySink sink = run(benchmark(server.baseUrl(), step("a", 3, 6), slow, step("b", 3, 6), slowAgain,
          step("c", 3, 6)).build());
      assertThat(sink.outcomes()).hasSize(22).allSatisfy(o -> assertThat(o.success()).as(o.failureDetail()).isTrue());
      assertThat(server.completions()).hasSize(22);
    }
  }

  @Test
  void modelsAnswered500StillLetsTheStepsRunAndThePreflightSaysSo() {
    try (RawHttpServer server = new RawHttpServer((r, out, s) -> {
      RawHttpServer.json(out, 200, USAGE);
      return true;
    }, new RawHttpServer.Options(0, 500))) {
      InMemorySink sink = new InMemorySink();
      BenchmarkResult result = BenchmarkRunner.builder().addSink(sink).build()
          .run(benchmark(server.baseUrl(), step("s", 3, 6)).build());
      assertThat(result.preflight().orElseThrow().modelsStatus()).isEqualTo(500);
      assertThat(sink.outcomes()).hasSize(6).allMatch(RequestOutcome::success);
      assertThat(server.completions()).hasSize(6);
    }
  }

  @Test
  void modelsNotAnsweredAtAllStillLetsTheStepsRun() {
    try (RawHttpServer server = new RawHttpServer((r, out, s) -> {
      RawHttpServer.json(out, 200, USAGE);
      return true;
    }, new RawHttpServer.Options(0, 0))) {
      InMemorySink sink = new InMemorySink();
      BenchmarkResult result = BenchmarkRunner.builder().addSink(sink).build()
          .run(benchmark(server.baseUrl(), step("s", 3, 6)).build());
      assertThat(result.preflight().orElseThrow().modelsStatus()).isZero();
      assertThat(sink.outcomes()).hasSize(6).allMatch(RequestOutcome::success);
    }
  }

  @Test
  void informationalHeadsAreSkippedAndNoContentIsAFailure() {
    try (RawHttpServer server = new RawHttpServer((r, out, s) -> {
      switch (r.indexOnConnection() % 3) {
        case 0 -> head(out, "HTTP/1.1 100 Continue\r\n\r\n");
        case 1 -> head(out, "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n");
        default -> {
          head(out, "HTTP/1.1 204 No Content\r\n\r\n");
          out.flush();
          return true;
        }
      }
      RawHttpServer.json(out, 200, USAGE);
      return true;
    })) {
      InMemorySink sink = run(benchmark(server.baseUrl(), step("s", 1, 6)).build());
      Map<Boolean, List<RequestOutcome>> bySuccess = sink.outcomes().stream()
          .collect(Collectors.partitioningBy(RequestOutcome::success));
      assertThat(bySuccess.get(true)).hasSize(4).allMatch(o -> o.completionTokens() == 3);
      assertThat(bySuccess.get(false)).hasSize(2).allMatch(o -> o.failureCause().equals("http_204"));
      assertThat(server.completions()).hasSize(6);
    }
  }

  @Test
  void aHeadSentSlowlyIsWaitedFor() {
    try (RawHttpServer server = new RawHttpServer((r, out, s) -> {
      head(out, "HTTP/1.1 200 OK\r\n");
      out.flush();
      Thread.sleep(300);
      byte[] body = USAGE.getBytes(StandardCharsets.UTF_8);
      head(out, "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n");
      out.write(body);
      out.flush();
      return true;
    })) {
      InMemorySink sink = run(benchmark(server.baseUrl(), step("s", 2, 2)).build());
      assertThat(sink.outcomes()).hasSize(2).allSatisfy(o -> {
        assertThat(o.success()).isTrue();
        assertThat(o.latencyNanos()).isGreaterThanOrEqualTo(300_000_000L);
      });
    }
  }

  private static SSLContext serverTls(String keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = TransportConformanceTest.class.getResourceAsStream("/tls/" + keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static Path pem(String name) throws URISyntaxException {
    return Path.of(TransportConformanceTest.class.getResource("/tls/" + name).toURI());
  }

  private MockWebServer tlsServer(String keystore) throws Exception {
    MockWebServer server = new MockWebServer();
    server.useHttps(serverTls(keystore).getSocketFactory());
    server.setDispatcher(TestServers.dispatcher(r -> TestServers.ok(7, 3)));
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    return server;
  }

  private Benchmark tls(MockWebServer server, ClientSettings client) {
    return Benchmark.builder().name("tls").target(Target.of("https://localhost:" + server.getPort(), "m"))
        .client(client.transport(transport)).phases(Phase.of("P", step("s", 2, 4))).build();
  }

  @Test
  void aSelfSignedServerIsReachedWhenItsCertificateIsTrusted() throws Exception {
    try (MockWebServer server = tlsServer("server.p12")) {
      InMemorySink sink = run(tls(server, ClientSettings.DEFAULT.trustedCertificates(pem("server.pem"))));
      assertThat(sink.outcomes()).hasSize(4).allSatisfy(o -> assertThat(o.success()).as(o.failureDetail()).isTrue());
      assertThat(TestServers.completions(server)).hasSize(4);
    }
  }

  @Test
  void aSelfSignedServerIsRefusedWithTheJdksTrust() throws Exception {
    try (MockWebServer server = tlsServer("server.p12")) {
      InMemorySink sink = run(tls(server, ClientSettings.DEFAULT));
      assertThat(sink.outcomes()).hasSize(4).allSatisfy(o -> {
        assertThat(o.success()).isFalse();
        assertThat(o.failureCause()).isEqualTo("io_error");
      });
      assertThat(TestServers.completions(server)).isEmpty();
    }
  }

  @Test
  void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
    try (MockWebServer server = tlsServer("elsewhere.p12")) {
      InMemorySink sink = run(tls(server, ClientSettings.DEFAULT.trustedCertificates(pem("elsewhere.pem"))));
      assertThat(sink.outcomes()).hasSize(4).allMatch(o -> !o.success());
      assertThat(TestServers.completions(server)).isEmpty();
    }
  }

  /** Each step's measurement names the transport that sent its requests. */
  @Test
  void eachStepSaysWhichTransportRan() {
    try (RawHttpServer server = new RawHttpServer((r, out, s) -> {
      RawHttpServer.json(out, 200, USAGE);
      return true;
    })) {
      InMemorySink sink = run(benchmark(server.baseUrl(), step("s", 1, 2)).build());
      StepResult step = sink.steps().get(0);
      assertThat(step.measurement().transport()).contains(transport);
      Set<String> ids = new HashSet<>();
      for (RequestOutcome o : sink.outcomes()) ids.add(o.requestId());
      assertThat(server.completions()).extracting(r -> r.headers().get("x-request-id")).containsExactlyInAnyOrderElementsOf(ids);
    }
  }
}
