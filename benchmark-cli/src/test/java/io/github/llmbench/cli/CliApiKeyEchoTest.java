package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 1 through the real command line: a server that echoes the API key in every way it can (an error
 * body raw and as {@code Bearer <key>}, JSON-escaped, URL-encoded, a stream {@code error} event, a malformed chunk)
 * gets its failures recorded, and the key appears in none of the files the run writes (JSON, JSON-lines, Markdown,
 * HTML) nor on the console. The key holds {@code + / =}, so its forms differ; all of them contain {@value #MARK}.
 */
@Timeout(60)
class CliApiKeyEchoTest {
  private static final String MARK = "sk-LEAK";
  private static final String KEY = MARK + "+9f3/xqZ7wq==";
  private static final String JSON_ESCAPED = KEY.replace("/", "\\/");
  private static final String URL_ENCODED = URLEncoder.encode(KEY, StandardCharsets.UTF_8);
  private static final int ECHOES = 6;

  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger completions = new AtomicInteger();

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse events(String events) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(events).build();
  }

  /** The echoes, one per completion in turn. */
  private static MockResponse echo(int i) {
    return switch (i % ECHOES) {
      case 0 -> json(401, "{\"error\":\"bad key " + KEY + ": Bearer " + KEY + "\"}");
      case 1 -> json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + JSON_ESCAPED + "\"}}");
      case 2 -> json(403, "{\"error\":\"see https://x.example/keys?key=" + URL_ENCODED + "\"}");
      case 3 -> events("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
          + "data: {\"error\":{\"message\":\"key " + KEY + " revoked\"}}\n\n");
      case 4 -> events("data: {\"object\":\"error\",\"message\":\"Bearer " + JSON_ESCAPED + " is not allowed\"}\n\n");
      default -> events("data: not json " + KEY + "\n\n");
    };
  }

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.equals("/v1/models")) return json(200, "{\"object\":\"list\",\"data\":[]}");
        if (!request.getMethod().equals("POST")) return json(404, "{}"); // metrics scrapes
        return echo(completions.getAndIncrement());
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aPreflightAnsweredWithTheKeyEchoedSaysSoWithoutIt() {
    completions.set(1); // the first completion is answered 401 with the key in its message
    String baseUrl = "http://127.0.0.1:" + server.getPort();
    CliRunner.Run run = CliRunner.run(Map.of("MY_LLM_KEY", KEY), "--base-url", baseUrl, "--model", "m",
        "--api-key-env", "MY_LLM_KEY", "--concurrency", "1", "--num-prompts", "2", "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("401").doesNotContain(MARK);
    assertThat(run.out()).doesNotContain(MARK);
  }

  @Test
  void anEchoedKeyIsWrittenNowhere() throws Exception {
    String baseUrl = "http://127.0.0.1:" + server.getPort();
    CliRunner.Run run = CliRunner.run(Map.of("MY_LLM_KEY", KEY), "--base-url", baseUrl, "--model", "m",
        "--api-key-env", "MY_LLM_KEY", "--stream", "--concurrency", "1", "--num-prompts", String.valueOf(2 * ECHOES),
        "--output-len", "4", "--output-dir", dir.toString(), "--no-preflight-request");

    assertThat(completions.get()).isGreaterThanOrEqualTo(2 * ECHOES);
    assertThat(run.out()).doesNotContain(MARK);
    assertThat(run.err()).doesNotContain(MARK);

    List<Path> files;
    try (Stream<Path> listed = Files.list(dir)) {
      files = listed.toList();
    }
    assertThat(files.stream().map(p -> p.getFileName().toString()))
        .anyMatch(n -> n.endsWith(".json")).anyMatch(n -> n.endsWith(".jsonl"))
        .anyMatch(n -> n.endsWith(".md")).anyMatch(n -> n.endsWith(".html"));
    for (Path file : files) {
      assertThat(Files.readString(file, StandardCharsets.UTF_8)).as(file.toString()).doesNotContain(MARK);
    }

    // The failures were recorded, with the key masked: the absence above is not an empty file.
    Path requests = dir.resolve(CliRunner.BASE + "_requests.jsonl");
    List<String> lines = Files.readAllLines(requests, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2 * ECHOES);
    ObjectMapper mapper = new ObjectMapper();
    for (String line : lines) {
      JsonNode o = mapper.readTree(line);
      assertThat(o.get("failure_detail").asText()).as(line).isNotBlank();
    }
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("***"));
  }
}
