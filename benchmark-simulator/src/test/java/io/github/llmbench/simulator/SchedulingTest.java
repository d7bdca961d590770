package io.github.llmbench.simulator;

import static io.github.llmbench.simulator.SimClient.await;
import static io.github.llmbench.simulator.SimClient.chatBody;
import static io.github.llmbench.simulator.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Continuous batching: the batch limit, the waiting queue, rejection, step timing and many connections. */
class SchedulingTest {
  static final String CHAT = "/v1/chat/completions";
  /** Long enough that a blocker never finishes during a test; the server is closed at the end. */
  static final String BLOCKER = chatBody("block", 30_000, true, false);

  @Test
  void thirdRequestWaitsUntilABatchSlotFrees() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(
        SimClient.fast().maxRunningSequences(2).maxWaitingRequests(10).build())) {
      SimClient client = new SimClient(server);
      HttpResponse<InputStream> first = client.open(CHAT, BLOCKER);
      HttpResponse<InputStream> second = client.open(CHAT, BLOCKER);
      first.body().read(); // both are generating
      second.body().read();
      CompletableFuture<HttpResponse<String>> third = client.postAsync(CHAT, chatBody("short", 2, false, false));
      await("the third request to queue", () -> server.statistics().maxWaiting() == 1);
      assertThat(server.statistics().maxRunning()).isEqualTo(2);
      // Counted in engine steps, not wall time: the two blockers generate one token each per step, so 200 more
      // generated tokens are at least 100 steps the third has waited through with no free slot.
      long queuedAtTokens = generatedTokens(client);
      await("100 engine steps", () -> generatedTokens(client) >= queuedAtTokens + 2 * 100);
      assertThat(server.statistics().completed()).as("requests finished on the server").isZero();
      assertThat(third).isNotDone();

      long closedAt = System.nanoTime();
      first.body().close(); // client goes away: the engine drops that sequence at its next step
      HttpResponse<String> done = third.get();
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(json(done.body()).get("usage").get("completion_tokens").asInt()).isEqualTo(2);
      ServerStatistics stats = server.statistics();
      assertThat(stats.maxRunning()).isEqualTo(2);
      assertThat(stats.maxWaiting()).isEqualTo(1);
      RequestTrace waited = stats.requests().stream().filter(t -> !t.stream()).findFirst().orElseThrow();
      RequestTrace blocker = stats.requests().get(0);
      assertThat(waited.firstTokenNanos()).isGreaterThan(closedAt);
      assertThat(blocker.status()).isEqualTo(RequestTrace.CLIENT_GONE);
      assertThat(stats.completed()).isEqualTo(1);
      second.body().close();
    }
  }

  /** The engine's {@code vllm:generation_tokens_total}, read from its /metrics. */
  private static long generatedTokens(SimClient client) {
    try {
      return MetricsEndpointTest.scrape(client).get("vllm:generation_tokens_total").longValue();
    } catch (Exception e) {
      throw new AssertionError("cannot read the simulator's /metrics", e);
    }
  }

  @Test
  void requestBeyondRunningPlusWaitingIsRejectedAtOnceWith503() throws Exception {
    assertRejection(503, "ServiceUnavailableError");
  }

  @Test
  void rejectionStatusCanBe429() throws Exception {
    assertRejection(429, "RateLimitError");
  }

  private static void assertRejection(int status, String type) throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(
        SimClient.fast().maxRunningSequences(1).maxWaitingRequests(1).rejectStatus(status).build())) {
      SimClient client = new SimClient(server);
      HttpResponse<InputStream> running = client.open(CHAT, BLOCKER);
      running.body().read();
      HttpResponse<InputStream> waiting = client.open(CHAT, BLOCKER); // headers come at once; tokens never
      await("one running and one waiting",
          () -> server.statistics().maxRunning() == 1 && server.statistics().maxWaiting() == 1);

      HttpResponse<String> rejected = client.post(CHAT, chatBody("one too many", 1, false, false));
      assertThat(rejected.statusCode()).isEqualTo(status);
      JsonNode error = json(rejected.body()).get("error");
      assertThat(error.get("type").asText()).isEqualTo(type);
      assertThat(error.get("code").asInt()).isEqualTo(status);
      assertThat(error.get("message").asText()).contains("overloaded");
      ServerStatistics stats = server.statistics();
      assertThat(stats.rejected()).isEqualTo(1);
      // traces appear when a request ends: only the rejected one has ended
      assertThat(stats.requests()).hasSize(1);
      RequestTrace trace = stats.requests().get(0);
      assertThat(trace.status()).isEqualTo(status);
      assertThat(trace.hasFirstToken()).isFalse();
      assertThat(trace.completionTokens()).isZero();
      waiting.body().close();
      running.body().close();
    }
  }

  @Test
  void stepsLastAtLeastTheirModelledTime() throws Exception {
    // 10 ms base + 5 ms per running sequence, 4 running -> at least 30 ms per step: 10 tokens >= 300 ms.
    SimulatorConfig config = SimulatorConfig.builder().stepBaseTime(Duration.ofMillis(10))
        .stepTimePerSequence(Duration.ofMillis(5)).prefillTimePerToken(Duration.ZERO).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      SimClient client = new SimClient(server);
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(client.postAsync(CHAT, chatBody("x", 10, false, false)));
      }
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        assertThat(call.get().statusCode()).isEqualTo(200);
      }
      for (RequestTrace trace : server.statistics().requests()) {
        // tokens 2..10 come at least one step apart after the first; the step holds at least the requests seen
        assertThat(trace.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(10 * 15));
      }
      assertThat(server.statistics().maxRunning()).isBetween(1, 4);
    }
  }

  @Test
  void prefillCostDelaysTheFirstToken() throws Exception {
    // 2 ms per prompt token, 250 tokens of prompt: the first step alone lasts at least 500 ms.
    SimulatorConfig config = SimClient.fast().prefillTimePerToken(Duration.ofMillis(2)).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      HttpResponse<String> response = new SimClient(server).post(CHAT, chatBody("a".repeat(1000), 1, false, false));
      assertThat(json(response.body()).get("usage").get("prompt_tokens").asInt()).isEqualTo(250);
      RequestTrace trace = server.statistics().requests().get(0);
      assertThat(trace.timeToFirstToken()).get().satisfies(
          ttft -> assertThat(ttft).isGreaterThanOrEqualTo(Duration.ofMillis(500)));
    }
  }

  @Test
  void timeScaleShrinksEveryEngineTime() throws Exception {
    // 100 ms base step scaled by 0.01 -> 1 ms; a 1000 x 0.001 s minimum would be 100 s unscaled
    SimulatorConfig config = SimulatorConfig.builder().stepBaseTime(Duration.ofMillis(100)).timeScale(0.01)
        .stepTimePerSequence(Duration.ZERO).prefillTimePerToken(Duration.ZERO).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      HttpResponse<String> response = new SimClient(server).post(CHAT, chatBody("x", 200, false, false));
      assertThat(response.statusCode()).isEqualTo(200);
      Duration latency = server.statistics().requests().get(0).latency();
      assertThat(latency).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void fiveHundredConcurrentStreamsAllComplete() throws Exception {
    // 5 ms steps and 40 tokens: each request holds its slot >= 200 ms, so the batch fills up to its limit
    SimulatorConfig config = SimClient.fast().stepBaseTime(Duration.ofMillis(5)).maxRunningSequences(64)
        .maxWaitingRequests(1000).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      SimClient client = new SimClient(server);
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        calls.add(client.postAsync(CHAT, chatBody("hello " + i, 40, true, true)));
      }
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        HttpResponse<String> response = call.get();
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = SimClient.events(response.body());
        assertThat(events).hasSize(1 + 40 + 1 + 1).last().isEqualTo("[DONE]");
      }
      ServerStatistics stats = server.statistics();
      assertThat(stats.completed()).isEqualTo(500);
      assertThat(stats.rejected()).isZero();
      assertThat(stats.maxRunning()).isEqualTo(64);
      assertThat(stats.maxWaiting()).isPositive();
      assertThat(stats.requests("/v1/chat/completions")).isEqualTo(500);
    }
  }
}
