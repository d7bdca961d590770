package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

/** A key named by --api-key-env reaches the server as a bearer token and is written nowhere. */
@Timeout(60)
class CliApiKeyTest {
  private static final String KEY = "sk-llmbench-test-7f3a9c";

  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();
  private final Set<String> authorizations = ConcurrentHashMap.newKeySet();
  private final AtomicInteger completions = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        // The engine scrapes /metrics without the key (vLLM serves them unauthenticated, and a --metrics-url may
        // be another host); every other request carries it.
        if (request.getUrl().encodedPath().equals("/metrics")) {
          return new MockResponse.Builder().code(404).build();
        }
        String auth = request.getHeaders().get("Authorization");
        authorizations.add(auth == null ? "<none>" : auth);
        if (request.getUrl().encodedPath().equals("/v1/models")) {
          return new MockResponse.Builder().body("{\"object\":\"list\",\"data\":[]}").build();
        }
        completions.incrementAndGet();
        return new MockResponse.Builder().addHeader("Content-Type", "application/json")
            .body("{\"id\":\"x\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}").build();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void keyIsSentAsBearerTokenAndNeverWritten() throws Exception {
    String baseUrl = "http://127.0.0.1:" + server.getPort();
    CliRunner.Run run = CliRunner.run(Map.of("MY_LLM_KEY", KEY), "--base-url", baseUrl, "--model", "m",
        "--api-key-env", "MY_LLM_KEY", "--quick", "--skip-saturation", "--output-dir", dir.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    // SCALING may stop early on instant answers; warmup, baseline and scale_5 always run.
    assertThat(completions.get()).isGreaterThanOrEqualTo(1 + 5 + 5);
    assertThat(authorizations).containsExactly("Bearer " + KEY);
    assertThat(run.out() + run.err()).doesNotContain(KEY);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).as(file.toString()).doesNotContain(KEY);
      }
    }
  }

  @Test
  void defaultVariableIsOpenAiApiKey() throws Exception {
    String baseUrl = "http://127.0.0.1:" + server.getPort();
    CliRunner.Run run = CliRunner.run(Map.of("OPENAI_API_KEY", KEY), "--base-url", baseUrl, "--model", "m",
        "--quick", "--skip-saturation", "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(authorizations).containsExactly("Bearer " + KEY);
  }
}
