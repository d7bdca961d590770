package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.simulator.RequestTrace;
import io.github.llmbench.simulator.ServerStatistics;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom runs from the command line against a fast simulator, checked against what the simulator saw: the request
 * count per step, the prompt length and max_tokens, and the concurrency it had to serve.
 */
@Timeout(60)
class CliCustomRunTest {
  @TempDir Path dir;
  private SimulatedLlmServer server;

  @BeforeEach
  void start() {
    server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode results() throws Exception {
    return new ObjectMapper().readTree(dir.resolve(CliRunner.BASE + ".json").toFile());
  }

  @Test
  void concurrencyListWithARequestCountGivesOneClosedLoopStepEach() throws Exception {
    CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(),
        "--concurrency", "1,4", "--num-prompts", "8", "--input-len", "64", "--output-len", "12",
        "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Phase 1: CUSTOM");

    JsonNode root = results();
    JsonNode steps = root.get("results");
    assertThat(steps).hasSize(2);
    assertThat(steps.get(0).get("test_name").asText()).isEqualTo("c1");
    assertThat(steps.get(0).get("concurrency").asInt()).isEqualTo(1);
    assertThat(steps.get(1).get("test_name").asText()).isEqualTo("c4");
    assertThat(steps.get(1).get("concurrency").asInt()).isEqualTo(4);
    for (JsonNode step : steps) {
      assertThat(step.get("num_requests").asInt()).isEqualTo(8);
      assertThat(step.get("successful").asInt()).isEqualTo(8);
    }
    assertThat(root.get("run").get("settings").get("preset").asText()).isEqualTo("custom");

    ServerStatistics seen = server.statistics();
    List<RequestTrace> generations = seen.requests();
    assertThat(generations).as("16 measured plus the pre-flight request").hasSize(17);
    // 64 tokens at 4 characters a token: the simulator counts ceil(chars / 4).
    assertThat(generations).allSatisfy(t -> {
      assertThat(t.promptTokens()).isEqualTo(64);
      assertThat(t.completionTokens()).isEqualTo(12);
      assertThat(t.endpoint()).isEqualTo("/v1/chat/completions");
    });
    assertThat(seen.maxRunning()).isBetween(1, 4);
    assertThat(Files.readAllLines(dir.resolve(CliRunner.BASE + "_requests.jsonl"))).hasSize(16);
  }

  @Test
  void requestRatesWithADurationGiveOpenLoopStepsOfRateTimesDuration() throws Exception {
    CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(),
        "--request-rate", "20,40", "--duration", "0.5", "--seed", "7", "--max-concurrency", "3",
        "--completions", "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = results();
    JsonNode steps = root.get("results");
    assertThat(steps).hasSize(2);
    assertThat(steps.get(0).get("test_name").asText()).isEqualTo("rate_20");
    assertThat(steps.get(0).get("num_requests").asInt()).isEqualTo(10);
    assertThat(steps.get(1).get("test_name").asText()).isEqualTo("rate_40");
    assertThat(steps.get(1).get("num_requests").asInt()).isEqualTo(20);
    // The ceiling is the open loop's reported concurrency.
    assertThat(steps.get(1).get("concurrency").asInt()).isEqualTo(3);
    JsonNode settings = root.get("run").get("settings");
    assertThat(settings.get("arrival").asText()).isEqualTo("poisson");
    assertThat(settings.get("seed").asText()).isEqualTo("7");
    assertThat(settings.get("duration_sec").asText()).isEqualTo("0.5");
    ServerStatistics seen = server.statistics();
    assertThat(seen.requests()).as("30 measured plus the pre-flight request").hasSize(31).allSatisfy(t -> assertThat(t.endpoint()).isEqualTo("/v1/completions"));
    assertThat(seen.maxRunning()).isLessThanOrEqualTo(3);
  }

  @Test
  void burstinessAndARampShapeTheOpenLoopAndAreRecorded() throws Exception {
    // 10/s rising to 40/s over 1 s, then 40/s for 1 s: (10 + 40) / 2 + 40 = 65 requests
    CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(),
        "--request-rate", "40", "--duration", "2", "--burstiness", "0.5", "--seed", "3",
        "--ramp-up-strategy", "linear", "--ramp-up-start-rps", "10", "--ramp-up-duration", "1",
        "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode step = results().get("results").get(0);
    assertThat(step.get("test_name").asText()).isEqualTo("rate_40");
    assertThat(step.get("num_requests").asInt()).isEqualTo(65);
    JsonNode open = step.get("open_loop");
    assertThat(open.get("arrival").asText()).isEqualTo("gamma");
    assertThat(open.get("burstiness").asDouble()).isEqualTo(0.5);
    assertThat(open.get("target_rate").asDouble()).isEqualTo(40.0);
    assertThat(open.get("ramp").get("shape").asText()).isEqualTo("linear");
    assertThat(open.get("ramp").get("from_rate").asDouble()).isEqualTo(10.0);
    assertThat(open.get("ramp").get("over_sec").asDouble()).isEqualTo(1.0);
    JsonNode settings = results().get("run").get("settings");
    assertThat(settings.get("arrival").asText()).isEqualTo("gamma");
    assertThat(settings.get("burstiness").asText()).isEqualTo("0.5");
    assertThat(settings.get("ramp_up_strategy").asText()).isEqualTo("linear");
    assertThat(server.statistics().requests()).as("65 measured plus the pre-flight request").hasSize(66);
    assertThat(Files.readString(dir.resolve(CliRunner.BASE + ".md"))).contains("gamma 0.5",
        "linear from 10/s over 1 s");
  }

  /**
   * A reasoning model with tools: the tools of the file reach the server with every request, the answers are tool
   * calls after the reasoning, and the step reports the reasoning and the time to first output token.
   */
  @Test
  void toolsFromAFileReachAReasoningModelAndTheStepReportsItsReasoning() throws Exception {
    server.close();
    server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).reasoningTokens(5).build());
    Path tools = dir.resolve("tools.json");
    Files.writeString(tools, "[{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
        + "\"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}}}]");
    CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(),
        "--concurrency", "2", "--num-prompts", "6", "--output-len", "12", "--stream", "--tools", tools.toString(),
        "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(server.statistics().requests()).as("6 measured plus the pre-flight request").hasSize(7)
        .allSatisfy(t -> assertThat(t.toolCall()).as("request %d called a tool", t.id()).isTrue());
    JsonNode reasoning = results().get("results").get(0).get("reasoning");
    assertThat(reasoning.get("requests").asInt()).isEqualTo(6);
    assertThat(reasoning.get("reasoning_tokens").asInt()).isEqualTo(30);
    assertThat(reasoning.get("answer_tokens").asInt()).isEqualTo(42);
    assertThat(reasoning.get("unanswered").asInt()).isZero();
    assertThat(reasoning.get("first_output").get("count").asInt()).isEqualTo(6);
    assertThat(results().get("run").get("settings").get("tools").asText()).isEqualTo(tools.toString());
    assertThat(run.out()).contains("reasoning: 6 requests, 30 reasoning + 42 answer tokens, first output p50");
    assertThat(Files.readString(dir.resolve(CliRunner.BASE + ".md"))).contains("test_name (reasoning)");
  }

  @Test
  void aReasoningModelThatSpendsMaxTokensOnThinkingIsSaidUnderItsStep() throws Exception {
    CliRunner.Run run = CliRunner.run("--simulate", "--sim-time-scale", "0.05", "--sim-reasoning-tokens", "20",
        "--concurrency", "2", "--num-prompts", "4", "--output-len", "8", "--stream", "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("reasoning 20 tokens before each chat answer",
        "reasoning: 4 requests, 32 reasoning + 0 answer tokens, 4 gave no answer (4");
    JsonNode reasoning = results().get("results").get(0).get("reasoning");
    assertThat(reasoning.get("unanswered_at_limit").asInt()).isEqualTo(4);
    assertThat(reasoning.get("unanswered_ids")).hasSize(4);
    assertThat(Files.readString(dir.resolve(CliRunner.BASE + "_requests.jsonl")))
        .contains("\"reasoning_tokens\":8", "\"answered\":false");
  }

  /**
   * A Mooncake trace replayed from the command line: every line in timestamp order, at half its recorded gaps, each
   * prompt exactly its input_length tokens (the simulator counts 4 characters a token, as the prompt's words are).
   */
  @Test
  void aMooncakeTraceIsReplayedInOrderWithItsPromptLengths() throws Exception {
    List<String> lines = new ArrayList<>();
    List<Integer> inputs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int input = 40 + 7 * i;
      inputs.add(input);
      lines.add("{\"timestamp\": " + (1000 + 50 * i) + ", \"input_length\": " + input + ", \"output_length\": 3, "
          + "\"hash_ids\": [" + (i % 3) + ", " + (100 + i) + "]}");
    }
    java.util.Collections.swap(lines, 0, 1); // the file's order is not the replay's
    Path trace = Files.write(dir.resolve("mooncake.jsonl"), lines);
    CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(), "--trace",
        trace.toString(), "--trace-speed", "2", "--trace-block-size", "32", "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode step = results().get("results").get(0);
    assertThat(step.get("test_name").asText()).isEqualTo("trace");
    assertThat(step.get("num_requests").asInt()).isEqualTo(20);
    assertThat(step.at("/open_loop/arrival").asText()).isEqualTo("trace");
    assertThat(step.at("/open_loop/target_rate").asDouble()).isCloseTo(19 / 0.475, within(1e-9));
    JsonNode settings = results().get("run").get("settings");
    assertThat(settings.get("trace_speed").asText()).isEqualTo("2");
    assertThat(settings.get("trace_requests").asText()).isEqualTo("20");
    List<RequestTrace> seen = server.statistics().requests();
    assertThat(seen).as("20 measured plus the pre-flight request").hasSize(21);
    assertThat(seen.subList(1, 21).stream().map(RequestTrace::promptTokens).toList()).isEqualTo(inputs);
  }

  /** Embeddings: each prompt is the input of /v1/embeddings, and the step reports inputs and prompt tokens per second. */
  @Test
  void embeddingsStepsSendInputsAndReportInputsPerSecond() throws Exception {
    CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(), "--embeddings",
        "--concurrency", "2", "--num-prompts", "6", "--input-len", "40", "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("embeddings: [0-9.]+ inputs/s, [0-9.]+ prompt tok/s");
    List<RequestTrace> seen = server.statistics().requests();
    assertThat(seen.subList(1, seen.size())).hasSize(6).allSatisfy(t -> {
      assertThat(t.endpoint()).isEqualTo("/v1/embeddings");
      assertThat(t.promptTokens()).isEqualTo(40); // 40 words of 4 characters
      assertThat(t.completionTokens()).isZero();
    });
    JsonNode step = results().get("results").get(0);
    assertThat(step.get("test_type").asText()).isEqualTo("embeddings");
    assertThat(step.get("prompt_tokens").asInt()).isEqualTo(240);
    assertThat(step.get("completion_tokens").asInt()).isZero();
    assertThat(Files.readString(dir.resolve(CliRunner.BASE + ".md"))).contains(
        "| test_name (embeddings) | inputs | inputs/s | prompt tok/s | p50 s | p99 s |", "| c2 | 6 | ");
  }

  @Test
  void aConcurrencyRampStartsTheWorkersAsItRisesAndIsRecorded() throws Exception {
    CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(),
        "--concurrency", "4", "--num-prompts", "12", "--ramp-up-strategy", "linear", "--ramp-up-start-concurrency",
        "1", "--ramp-up-duration", "0.3", "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode step = results().get("results").get(0);
    assertThat(step.get("successful").asInt()).isEqualTo(12);
    JsonNode settings = results().get("run").get("settings");
    assertThat(settings.get("ramp_up_strategy").asText()).isEqualTo("linear");
    assertThat(settings.get("ramp_up_start_concurrency").asText()).isEqualTo("1");
    assertThat(settings.get("ramp_up_duration_sec").asText()).isEqualTo("0.3");
  }

  @Test
  void requestTimeoutReachesEveryRequest() throws Exception {
    // 40 tokens at the simulator's real speed take about 0.4 s: a 0.1 s timeout fails every request as a timeout.
    server.close();
    server = SimulatedLlmServer.start(SimulatorConfig.builder().build());
    CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(),
        "--concurrency", "2", "--num-prompts", "2", "--output-len", "40", "--request-timeout", "0.1",
        "--no-preflight-request", "--output-dir", dir.toString()); // the pre-flight request would time out too
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode step = results().get("results").get(0);
    assertThat(step.get("failed").asInt()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve(CliRunner.BASE + "_requests.jsonl"))).contains("timeout");
  }

  @Test
  void explicitRunCommandWithVisionSendsTheGivenImageFile() throws Exception {
    // A PNG recognised by its signature although its name says nothing: 1x1, generated by the API.
    String dataUrl = io.github.llmbench.api.ImageSource.generated(1, 1, 3).url();
    Path picture = Files.write(dir.resolve("picture.bin"),
        java.util.Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1)));
    CliRunner.Run run = CliRunner.run("run", "--base-url", server.baseUrl(), "--model", server.model(),
        "--concurrency", "2", "--num-prompts", "4", "--input-len", "10", "--output-len", "3", "--vision",
        "--image", picture.toString(), "--output-dir", dir.resolve("out").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    // 10 text tokens plus the simulator's 576 per image.
    assertThat(server.statistics().requests()).as("4 measured plus the pre-flight request").hasSize(5)
        .allSatisfy(t -> assertThat(t.promptTokens()).isEqualTo(10 + 576));
  }

  @Test
  void promptIsTheScriptsPhraseCutToFourCharactersAToken() {
    assertThat(CustomRun.prompt(10)).hasSize(40).startsWith("Explain in detail: Explain in detail: ");
    assertThat(CustomRun.prompt(1)).isEqualTo("Expl");
  }
}
