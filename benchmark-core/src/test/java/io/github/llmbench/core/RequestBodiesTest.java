package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ImageSource;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The requests on the wire, compared as JSON trees (and key order), with their headers. */
@Timeout(60)
class RequestBodiesTest {
  private MockWebServer server;

  @BeforeEach
  void start() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(1, 1)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RecordedRequest sendOne(Target target, RequestBuilder request, boolean stream) throws Exception {
    Benchmark benchmark = Benchmark.builder().target(target).stream(stream)
        .phases(Phase.of("P", Step.of("s", Load.concurrency(1), 1, request))).build();
    BenchmarkResult result = BenchmarkRunner.builder().build().run(benchmark);
    assertThat(result.steps().get(0).statistics().successful()).isEqualTo(1);
    java.util.List<RecordedRequest> sent = TestServers.completions(server);
    assertThat(sent).hasSize(1);
    RecordedRequest recorded = sent.get(0);
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
    return recorded;
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) keys.add(it.next());
    return keys;
  }

  @Test
  void chatBodyPathAndBearerKey() throws Exception {
    Target target = Target.builder().baseUrl(baseUrl(server) + "/").model("my-model").apiKey("sk-secret").build();
    RecordedRequest r = sendOne(target, RequestBuilders.chat("Explain in detail: ".repeat(2), 100), false);
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer sk-secret");
    JsonNode body = TestServers.body(r);
    assertThat(body).isEqualTo(TestServers.tree("""
        {"model": "my-model",
         "messages": [{"role": "user", "content": "Explain in detail: Explain in detail: "}],
         "max_tokens": 100}"""));
    assertThat(keys(body)).containsExactly("model", "messages", "max_tokens");
  }

  @Test
  void noKeyMeansNoAuthorizationHeader() throws Exception {
    RecordedRequest r = sendOne(Target.of(baseUrl(server), "m"), RequestBuilders.chat("Hi", 5), false);
    assertThat(r.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void completionsBody() throws Exception {
    RecordedRequest r = sendOne(Target.of(baseUrl(server), "m"), RequestBuilders.completions("Hello there", 16),
        false);
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/completions");
    JsonNode body = TestServers.body(r);
    assertThat(body).isEqualTo(TestServers.tree("{\"model\":\"m\",\"prompt\":\"Hello there\",\"max_tokens\":16}"));
    assertThat(keys(body)).containsExactly("model", "prompt", "max_tokens");
  }

  @Test
  void visionBodyCarriesImagesAsDataUrls() throws Exception {
    ImageSource a = ImageSource.generated(8, 8, 1);
    ImageSource b = ImageSource.generated(16, 8, 2);
    RecordedRequest r = sendOne(Target.of(baseUrl(server), "m"),
        RequestBuilders.vision("Describe", 200, List.of(a, b)), false);
    assertThat(a.url()).startsWith("data:image/png;base64,");
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode expected = f.objectNode();
    expected.put("model", "m");
    ObjectNode message = expected.putArray("messages").addObject();
    message.put("role", "user");
    var content = message.putArray("content");
    content.addObject().put("type", "text").put("text", "Describe");
    content.addObject().put("type", "image_url").putObject("image_url").put("url", a.url());
    content.addObject().put("type", "image_url").putObject("image_url").put("url", b.url());
    expected.put("max_tokens", 200);
    assertThat(TestServers.body(r)).isEqualTo(expected);
  }

  @Test
  void streamingAddsTheStreamKeysAfterTheTypedOnesThenExtraBody() throws Exception {
    RecordedRequest r = sendOne(Target.of(baseUrl(server), "m"),
        RequestBuilders.chat("Hi", 7).extraBody(Map.of("ignore_eos", true)), true);
    JsonNode body = TestServers.body(r);
    assertThat(body).isEqualTo(TestServers.tree("""
        {"model":"m","messages":[{"role":"user","content":"Hi"}],"max_tokens":7,
         "stream":true,"stream_options":{"include_usage":true},"ignore_eos":true}"""));
    assertThat(keys(body)).containsExactly("model", "messages", "max_tokens", "stream", "stream_options",
        "ignore_eos");
  }

  @Test
  void requestBuilderSeesItsContext() throws Exception {
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    RequestBuilder recording = ctx -> {
      seen.add(ctx.model() + "/" + ctx.phase() + "/" + ctx.step() + "/" + ctx.requestIndex() + "/" + ctx.stream());
      return RequestBuilders.chat("x", 1).build(ctx);
    };
    Benchmark benchmark = Benchmark.builder().target(Target.of(baseUrl(server), "m"))
        .phases(Phase.of("P", Step.of("s", Load.concurrency(2), 3, recording))).build();
    BenchmarkRunner.builder().build().run(benchmark);
    // A builder runs only for its own step's requests: the pre-flight's warm-up uses shapes of its own.
    assertThat(seen).containsExactlyInAnyOrder("m/P/s/0/false", "m/P/s/1/false", "m/P/s/2/false");
    assertThat(TestServers.completions(server)).hasSize(3);
  }
}
