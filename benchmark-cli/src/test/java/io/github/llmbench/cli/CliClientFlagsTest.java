package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The flags that set how llmbench's client behaves and what each step trims, each followed to where it shows: at
 * the server (connections, requests) or in the saved JSON (step measurement, failure causes, settings).
 */
@Timeout(120)
class CliClientFlagsTest {
  @TempDir Path dir;

  private static CliRunner.Run run(String url, String model, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("--base-url", url, "--model", model, "--output-dir", out.toString()));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static JsonNode results(Path out) throws Exception {
    return new ObjectMapper().readTree(out.resolve(CliRunner.BASE + ".json").toFile());
  }

  @Test
  void newConnectionPerRequestOpensOneConnectionForEachRequestAndTheReportSaysSo() throws Exception {
    // Server metrics off: see newConnectionPerRequestHoldsWhileServerMetricsAreScraped.
    connectionPerRequest("--no-server-metrics");
  }

  @Test
  // The scraper has a connection pool of its own, so no measured request can reuse its connection.
  void newConnectionPerRequestHoldsWhileServerMetricsAreScraped() throws Exception {
    connectionPerRequest();
  }

  private void connectionPerRequest(String... extra) throws Exception {
    try (FakeOpenAi server = new FakeOpenAi().metrics(200, "vllm:num_requests_running 1\n")) {
      Path out = dir.resolve("new");
      List<String> args = new ArrayList<>(List.of("--concurrency", "2", "--num-prompts", "6",
          "--new-connection-per-request"));
      args.addAll(List.of(extra));
      CliRunner.Run run = run(server.url(), "m", out, args.toArray(String[]::new));
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("a new connection per request");
      List<RecordedRequest> completions = server.completionRequests();
      assertThat(completions).hasSize(7);
      assertThat(completions).allSatisfy(r -> assertThat(r.getHeaders().get("Connection")).isEqualToIgnoringCase("close"));
      // The first is the pre-flight request, which may reuse the pre-flight's warm connection; it is in no step.
      List<RecordedRequest> measured = completions.subList(1, completions.size());
      assertThat(measured).allSatisfy(r -> assertThat(r.getExchangeIndex()).as("first exchange on its connection")
          .isZero());
      assertThat(measured.stream().map(RecordedRequest::getConnectionIndex).distinct()).hasSize(6);
      JsonNode saved = results(out);
      assertThat(saved.get("results").get(0).get("measurement").get("connection_mode").asText())
          .isEqualTo("new_per_request");
      assertThat(saved.get("run").get("settings").get("connection_mode").asText()).isEqualTo("new_per_request");
      assertThat(Files.readString(out.resolve(CliRunner.BASE + ".md"))).contains("new_per_request");
    }
    try (FakeOpenAi server = new FakeOpenAi()) {
      Path out = dir.resolve("warm");
      CliRunner.Run run = run(server.url(), "m", out, "--concurrency", "2", "--num-prompts", "6");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("warm connections");
      assertThat(server.completionRequests()).as("requests on reused connections")
          .anySatisfy(r -> assertThat(r.getExchangeIndex()).isPositive());
      assertThat(results(out).get("results").get(0).get("measurement").get("connection_mode").asText())
          .isEqualTo("warm");
    }
  }

  @Test
  void trimmingFlagsReachEveryCustomStep() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build())) {
      CliRunner.Run run = run(server.baseUrl(), server.model(), dir, "--concurrency", "1,2", "--num-prompts", "10",
          "--output-len", "5", "--warmup-requests", "1", "--cooldown-percent", "20");
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode saved = results(dir);
      for (JsonNode step : saved.get("results")) {
        assertThat(step.get("num_requests").asInt()).as("trimmed requests are still counted").isEqualTo(10);
        JsonNode m = step.get("measurement");
        assertThat(m.get("trimmed_requests").asInt()).as("1 + 20 % of 10").isEqualTo(3);
        assertThat(m.get("trim").get("warmup_requests").asInt()).isEqualTo(1);
        assertThat(m.get("trim").get("cooldown_share").asDouble()).isEqualTo(0.2);
        assertThat(step.get("latency_hdr").get("count").asInt()).as("latencies of the kept requests").isEqualTo(7);
      }
      assertThat(saved.get("run").get("settings").get("trim").asText())
          .isEqualTo("--warmup-requests 1 --cooldown-percent 20");
      assertThat(server.statistics().requests()).as("2 x 10 sent plus the pre-flight request").hasSize(21);
    }
  }

  @Test
  void unifiedPresetIsTrimmedOnlyWhenAsked() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.02).build())) {
      Path plain = dir.resolve("plain");
      CliRunner.Run run = run(server.baseUrl(), server.model(), plain, "--quick", "--skip-saturation");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(results(plain).get("results")).isNotEmpty()
          .allSatisfy(s -> assertThat(s.get("measurement").get("trimmed_requests").asInt()).isZero());
      Path trimmed = dir.resolve("trimmed");
      run = run(server.baseUrl(), server.model(), trimmed, "--quick", "--skip-saturation", "--warmup-requests", "1");
      assertThat(run.exitCode()).as(run.err()).isZero();
      // The one-request steps are kept whole, and a note names them.
      assertThat(run.out()).contains("llmbench: note: --warmup-requests 1 would leave nothing of single (1 request)");
      JsonNode steps = results(trimmed).get("results");
      assertThat(steps).isNotEmpty().allSatisfy(s -> assertThat(s.get("measurement").get("trimmed_requests").asInt())
          .isEqualTo(s.get("num_requests").asInt() > 1 ? 1 : 0));
      assertThat(steps).anySatisfy(s -> assertThat(s.get("measurement").get("trimmed_requests").asInt()).isEqualTo(1));
    }
  }

  @Test
  void maxResponseMbFailsLargerAnswersWithTheirOwnCause() throws Exception {
    // A valid completion of about 4 KB.
    String big = FakeOpenAi.COMPLETION.replace("\"hello\"", "\"" + "x".repeat(4000) + "\"");
    try (FakeOpenAi server = new FakeOpenAi()) {
      server.completions(200, big);
      Path limited = dir.resolve("limited");
      CliRunner.Run run = run(server.url(), "m", limited, "--concurrency", "2", "--num-prompts", "4",
          "--max-response-mb", "0.002", "--no-preflight-request"); // 2,097 bytes
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode step = results(limited).get("results").get(0);
      assertThat(step.get("failed").asInt()).isEqualTo(4);
      assertThat(step.get("failures").get("response_too_large").asInt()).isEqualTo(4);
      assertThat(results(limited).get("run").get("settings").get("max_response_mb").asText()).isEqualTo("0.002");

      Path unlimited = dir.resolve("default");
      run = run(server.url(), "m", unlimited, "--concurrency", "2", "--num-prompts", "4");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(results(unlimited).get("results").get(0).get("successful").asInt()).isEqualTo(4);
    }
  }

  @Test
  void maxEventMbFailsLargerStreamEventsWithTheirOwnCause() throws Exception {
    String chunk = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "y".repeat(4000) + "\"},\"finish_reason\":null}]}";
    String stream = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
        + "data: " + chunk + "\n\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":1}}\n\n"
        + "data: [DONE]\n\n";
    try (FakeOpenAi server = new FakeOpenAi()) {
      server.completions(200, "text/event-stream", stream);
      Path limited = dir.resolve("limited");
      CliRunner.Run run = run(server.url(), "m", limited, "--concurrency", "1", "--num-prompts", "3", "--stream",
          "--max-event-mb", "0.002", "--no-preflight-request");
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode step = results(limited).get("results").get(0);
      assertThat(step.get("failures").get("event_too_large").asInt()).isEqualTo(3);

      Path unlimited = dir.resolve("default");
      run = run(server.url(), "m", unlimited, "--concurrency", "1", "--num-prompts", "3", "--stream");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(results(unlimited).get("results").get(0).get("successful").asInt()).isEqualTo(3);
    }
  }

  @Test
  void serverMetricsFlagsAreRecordedAndOffMeansNoScrape() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build())) {
      Path off = dir.resolve("off");
      CliRunner.Run run = run(server.baseUrl(), server.model(), off, "--concurrency", "2", "--num-prompts", "4",
          "--output-len", "5", "--no-server-metrics");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(results(off).get("run").get("settings").get("server_metrics").asText()).isEqualTo("off");
      assertThat(server.statistics().requests("/metrics")).isZero();

      Path elsewhere = dir.resolve("elsewhere");
      String url = server.baseUrl() + "/metrics";
      run = run(server.baseUrl(), server.model(), elsewhere, "--concurrency", "2", "--num-prompts", "4",
          "--output-len", "5", "--metrics-url", url);
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(results(elsewhere).get("run").get("settings").get("server_metrics").asText()).isEqualTo(url);
    }
  }

  @Test
  void metricsUrlIsScrapedInsteadOfTheTarget() throws Exception {
    String exposition = "# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running{model_name=\"m\"} 1\n";
    try (FakeOpenAi target = new FakeOpenAi().metrics(200, exposition); FakeOpenAi elsewhere = new FakeOpenAi()) {
      elsewhere.metrics(200, exposition);
      CliRunner.Run plain = run(target.url(), "m", dir.resolve("plain"), "--concurrency", "1", "--num-prompts", "3");
      assertThat(plain.exitCode()).as(plain.err()).isZero();
      assertThat(target.metricsRequests()).as("a run scrapes its target's /metrics by default").isNotEmpty();
      int before = target.metricsRequests().size();

      CliRunner.Run moved = run(target.url(), "m", dir.resolve("moved"), "--concurrency", "1", "--num-prompts", "3",
          "--metrics-url", elsewhere.url() + "/metrics");
      assertThat(moved.exitCode()).as(moved.err()).isZero();
      assertThat(elsewhere.metricsRequests()).isNotEmpty();
      assertThat(target.metricsRequests()).hasSize(before);

      CliRunner.Run off = run(target.url(), "m", dir.resolve("off"), "--concurrency", "1", "--num-prompts", "3",
          "--no-server-metrics");
      assertThat(off.exitCode()).as(off.err()).isZero();
      assertThat(target.metricsRequests()).hasSize(before);
    }
  }

  /** Both transports send the same requests; each step's measurement and the run's settings say which ran. */
  @ParameterizedTest
  @ValueSource(strings = {"netty", "okhttp"})
  void transportFlagChoosesTheClientAndTheResultSaysWhich(String transport) throws Exception {
    try (FakeOpenAi server = new FakeOpenAi()) {
      Path out = dir.resolve(transport);
      CliRunner.Run run = run(server.url(), "m", out, "--concurrency", "2", "--num-prompts", "4", "--transport",
          transport, "--event-loops", "1");
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode saved = results(out);
      assertThat(saved.get("results").get(0).get("measurement").get("transport").asText()).isEqualTo(transport);
      assertThat(saved.get("run").get("settings").get("transport").asText()).isEqualTo(transport);
      assertThat(saved.get("run").get("environment").get("transport").asText()).startsWith(transport);
      assertThat(server.completionRequests()).hasSize(5).allSatisfy(r ->
          assertThat(r.getHeaders().get("X-Request-Id")).matches("[0-9a-f]{8}-(preflight|c2)-\\d+"));
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--warmup-percent 100|--warmup-percent (100) should be a percentage from 0 to below 100",
      "--warmup-percent 60 --cooldown-percent 50|--warmup-percent (60) and --cooldown-percent (50) should add up to less than 100",
      "--warmup-requests -1|--warmup-requests (-1) should be an integer of at least 0",
      "--warmup-requests 6 --cooldown-requests 4|--warmup-requests 6 --cooldown-requests 4 leave nothing to measure in any step: c2 (10 requests)",
      "--max-response-mb 0|--max-response-mb (0) should be a positive number",
      "--max-event-mb 4096|--max-event-mb (4096) should be at most 2047 MB",
      "--metrics-url ftp://h/metrics|--metrics-url (ftp://h/metrics) should start with http:// or https://",
      "--no-server-metrics --metrics-url http://h/metrics|--metrics-url (http://h/metrics) cannot be combined with --no-server-metrics",
      "--transport grpc|--transport (grpc) should be netty or okhttp",
      "--event-loops 0|--event-loops (0) should be an integer between 1 and 1024",
      "--ca-cert /no/such/file.pem|--ca-cert (/no/such/file.pem) should be a readable PEM file",
  })
  void badClientFlagsAreOneLineAndSendNothing(String flags, String message) throws Exception {
    try (FakeOpenAi server = new FakeOpenAi()) {
      List<String> extra = new ArrayList<>(List.of("--concurrency", "2", "--num-prompts", "10"));
      extra.addAll(List.of(flags.split(" ")));
      CliRunner.Run run = run(server.url(), "m", dir, extra.toArray(String[]::new));
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).isEqualTo("llmbench: " + message + System.lineSeparator());
      assertThat(server.all()).as("requests the server saw").isEmpty();
    }
  }
}
