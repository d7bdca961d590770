package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.simulator.ServerStatistics;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is checked before any phase, against the simulator and scripted servers over loopback: the served-model list,
 * the key, the pre-flight request of the first step's shape, and a base URL given with {@code /v1}. Each case is
 * checked for its exit code, its one line and what the server received.
 */
@Timeout(60)
class CliPreflightTest {
  private static final String KEY = "sk-wrong-key-4f1e9c";
  @TempDir Path dir;

  private CliRunner.Run run(Map<String, String> env, String url, String model, String... extra) {
    List<String> args = new ArrayList<>(List.of("--base-url", url, "--model", model, "--concurrency", "2",
        "--num-prompts", "4", "--output-len", "5"));
    args.addAll(List.of(extra));
    if (!args.contains("--output-dir")) args.addAll(List.of("--output-dir", dir.toString()));
    return CliRunner.run(env, args.toArray(String[]::new));
  }

  private JsonNode results() throws Exception {
    return new ObjectMapper().readTree(dir.resolve(CliRunner.BASE + ".json").toFile());
  }

  @Test
  void keyRefusedAtTheModelListExitsTwoWithTheServersMessageAndNoKey() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05)
        .requireApiKey("sk-the-right-one").build())) {
      CliRunner.Run run = run(Map.of("OPENAI_API_KEY", KEY), server.baseUrl(), server.model());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err().lines()).hasSize(1);
      assertThat(run.err()).contains("refused the API key", "HTTP 401", "Unauthorized", "--api-key-env")
          .doesNotContain(KEY);
      assertThat(run.out()).doesNotContain(KEY);
      assertThat(server.statistics().requests()).as("completion requests").isEmpty();
    }
  }

  @Test
  void keyRefusedByThePreflightRequestExitsTwoWithTheServersMessageRedacted() throws Exception {
    try (FakeOpenAi server = new FakeOpenAi()) {
      // Listing models needs no key here, completions do; the server echoes the key, as some proxies do.
      server.completions(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}");
      CliRunner.Run run = run(Map.of("OPENAI_API_KEY", KEY), server.url(), "m");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err().lines()).hasSize(1);
      assertThat(run.err()).startsWith("llmbench: the pre-flight request failed before any phase: ")
          .contains("HTTP 401", "Incorrect API key provided", "check the API key", "(exit 2)").doesNotContain(KEY);
      assertThat(server.completionRequests()).as("only the pre-flight request").hasSize(1);
      assertThat(results().get("results")).as("no step ran").isEmpty();
      assertThat(results().get("run").get("abort_reason").asText()).startsWith("preflight failed");
    }
  }

  @Test
  void modelNotInTheServedListExitsTwoNamingTheServedModels() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build())) {
      CliRunner.Run run = run(Map.of(), server.baseUrl(), "no-such-model");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).isEqualTo("llmbench: --model (no-such-model) is not served at " + server.baseUrl()
          + "; it serves: " + server.model() + System.lineSeparator());
      assertThat(server.statistics().requests()).as("completion requests").isEmpty();
    }
  }

  @Test
  void withoutAModelListTheNoteIsOneLineAndTheUnknownModelStillExitsTwo() throws Exception {
    try (FakeOpenAi server = new FakeOpenAi()) {
      server.models(404, "{\"detail\":\"Not Found\"}")
          .completions(404, "{\"error\":{\"message\":\"The model `wrong` does not exist.\",\"code\":404}}");
      CliRunner.Run run = run(Map.of(), server.url(), "wrong");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.out()).contains("llmbench: note: " + server.url() + "/v1/models answered HTTP 404: Not Found; "
          + "the model is not checked against the served list");
      assertThat(run.err().lines()).hasSize(1);
      assertThat(run.err()).contains("HTTP 404", "The model `wrong` does not exist.", "check --model", "(exit 2)");
      assertThat(server.completionRequests()).hasSize(1);
    }
  }

  @Test
  void preflightRequestRefusedExitsTwoAndOneAnsweredBadlyExitsOne() throws Exception {
    try (FakeOpenAi server = new FakeOpenAi()) {
      server.completions(400, "{\"error\":{\"message\":\"max_tokens is too large\"}}");
      CliRunner.Run run = run(Map.of(), server.url(), "m");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err().lines()).hasSize(1);
      assertThat(run.err()).contains("pre-flight request failed", "HTTP 400", "max_tokens is too large",
          "check --model and the request flags", "(exit 2)");
      assertThat(server.completionRequests()).hasSize(1);
    }
    try (FakeOpenAi server = new FakeOpenAi()) {
      server.completions(200, "{\"choices\": [");
      CliRunner.Run run = run(Map.of(), server.url(), "m", "--output-dir", dir.resolve("bad").toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      assertThat(run.err()).contains("pre-flight request failed", "(exit 1)");
    }
  }

  /**
   * The unified preset sends no pre-flight request: a model the server refuses shows as every request of the first
   * step refused, and exits 2 whether the server says 400 ({@code transformers serve}) or 404 (vLLM, OpenAI).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {400, 404})
  void aModelRefusedWithoutAPreflightRequestExitsTwo(int status) throws Exception {
    try (FakeOpenAi server = new FakeOpenAi()) {
      // Like transformers serve: the model list is the hub cache's, empty, so the model cannot be checked there.
      server.models(200, "{\"object\":\"list\",\"data\":[]}")
          .completions(status, "{\"detail\":\"Server is pinned to 'tiny'; requested 'wrong'.\"}");
      CliRunner.Run run = CliRunner.run("--base-url", server.url(), "--model", "wrong", "--quick", "--output-dir",
          dir.resolve("unified-" + status).toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).contains("every request of step single failed", "HTTP " + status, "requested 'wrong'",
          "finished steps; exit 2)");
      assertThat(server.completionRequests()).as("the one request of step single").hasSize(1);
    }
  }

  @Test
  void preflightRequestIsOneRequestOfTheFirstStepsShapeAndCanBeTurnedOff() throws Exception {
    try (FakeOpenAi server = new FakeOpenAi()) {
      CliRunner.Run run = run(Map.of(), server.url(), "m");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(server.completionRequests()).as("4 measured plus the pre-flight request").hasSize(5)
          .allSatisfy(r -> assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/chat/completions"));
      String first = server.completionRequests().get(0).getBody().utf8();
      assertThat(first).contains("\"max_tokens\":5");
      assertThat(results().get("run").get("settings").get("preflight_request").asText()).isEqualTo("on");
    }
    try (FakeOpenAi server = new FakeOpenAi()) {
      CliRunner.Run run = run(Map.of(), server.url(), "m", "--no-preflight-request", "--output-dir",
          dir.resolve("off").toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(server.completionRequests()).as("the measured requests only").hasSize(4);
    }
  }

  /**
   * The unified benchmark sends the server exactly the script's generation requests: no pre-flight request unless
   * asked, so its WARMUP step's request is the first generation the server sees; and no request to open a
   * connection (the only GETs are the model checks).
   */
  @Test
  void theUnifiedBenchmarkSendsThePreflightRequestOnlyWhenAsked() throws Exception {
    for (boolean asked : new boolean[] {false, true}) {
      try (FakeOpenAi server = new FakeOpenAi()) {
        Path out = dir.resolve(asked ? "asked" : "default");
        List<String> args = new ArrayList<>(List.of("--base-url", server.url(), "--model", "m", "--quick",
            "--skip-saturation", "--no-server-metrics", "--output-dir", out.toString()));
        if (asked) args.add("--preflight-request");
        CliRunner.Run run = CliRunner.run(Map.of(), args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode saved = new ObjectMapper().readTree(out.resolve(CliRunner.BASE + ".json").toFile());
        int measured = 0;
        for (JsonNode step : saved.get("results")) measured += step.get("num_requests").asInt();
        assertThat(server.completionRequests()).hasSize(measured + (asked ? 1 : 0));
        // The first generation the server sees has the WARMUP step's shape (max_tokens 50), asked or not.
        assertThat(server.completionRequests().get(0).getBody().utf8()).contains("\"max_tokens\":50");
        assertThat(saved.get("run").get("settings").get("preflight_request").asText()).isEqualTo(asked ? "on" : "off");
        long gets = server.all().stream().filter(r -> "GET".equals(r.getMethod())).count();
        assertThat(gets).as("the CLI's model check and the pre-flight's, nothing per worker").isLessThanOrEqualTo(2);
      }
    }
  }

  @Test
  void bothPreflightFlagsAreRefused() {
    CliRunner.Run run = CliRunner.run(Map.of(), "--model", "m", "--preflight-request", "--no-preflight-request");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("llmbench: --preflight-request and --no-preflight-request cannot be combined"
        + System.lineSeparator());
  }

  @Test
  void baseUrlEndingInV1IsNotDoubled() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build())) {
      for (String suffix : new String[] {"/v1", "/v1/"}) {
        server.resetStatistics();
        CliRunner.Run run = run(Map.of(), server.baseUrl() + suffix, server.model(), "--output-dir",
            dir.resolve("out" + suffix.length()).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        ServerStatistics seen = server.statistics();
        assertThat(seen.requests("/v1/chat/completions")).as("4 measured plus the pre-flight").isEqualTo(5);
        assertThat(seen.requests("other")).as("requests to any other path, such as /v1/v1/...").isZero();
        JsonNode saved = new ObjectMapper().readTree(dir.resolve("out" + suffix.length())
            .resolve(CliRunner.BASE + ".json").toFile());
        assertThat(saved.get("run").get("base_url").asText()).isEqualTo(server.baseUrl());
      }
    }
  }

  @Test
  void nothingListeningExitsOneBeforeAnyFile() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliRunner.Run run = run(Map.of(), "http://127.0.0.1:" + port, "m");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("llmbench: cannot reach http://127.0.0.1:" + port + ": connection refused"
        + System.lineSeparator());
  }
}
