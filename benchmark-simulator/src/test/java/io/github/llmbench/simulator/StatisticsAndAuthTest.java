package io.github.llmbench.simulator;

import static io.github.llmbench.simulator.SimClient.chatBody;
import static io.github.llmbench.simulator.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Server statistics, API-key checks and the server's life cycle. */
class StatisticsAndAuthTest {
  static final String CHAT = "/v1/chat/completions";

  @Test
  void tracesOrderTimesAndCountEveryEndpoint() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimClient.fast().build())) {
      SimClient client = new SimClient(server);
      client.get("/health");
      client.get("/v1/models");
      client.get("/nope");
      long sentAt = System.nanoTime();
      client.post(CHAT, chatBody("abcdefgh", 5, false, false));
      long receivedAt = System.nanoTime();
      client.post(CHAT, chatBody("abcd", 3, true, true));
      client.post("/v1/completions", SimClient.completionBody("abc", 2, false, false));
      client.post(CHAT, "{broken");

      ServerStatistics stats = server.statistics();
      assertThat(stats.requestsByEndpoint()).containsEntry("/health", 1L).containsEntry("/v1/models", 1L)
          .containsEntry("other", 1L).containsEntry(CHAT, 3L).containsEntry("/v1/completions", 1L);
      assertThat(stats.completed()).isEqualTo(3);
      assertThat(stats.failed()).isEqualTo(1);
      assertThat(stats.rejected()).isZero();
      assertThat(stats.maxRunning()).isEqualTo(1);
      assertThat(stats.requests()).hasSize(4);
      assertThat(stats.requests()).extracting(RequestTrace::id).containsExactly(1L, 2L, 3L, 4L);
      assertThat(stats.requests()).extracting(RequestTrace::promptTokens).containsExactly(2, 1, 1, 0);
      assertThat(stats.requests()).extracting(RequestTrace::completionTokens).containsExactly(5, 3, 2, 0);
      assertThat(stats.requests()).extracting(RequestTrace::stream).containsExactly(false, true, false, false);
      assertThat(stats.requests()).extracting(RequestTrace::status).containsExactly(200, 200, 200, 400);
      for (RequestTrace trace : stats.requests().subList(0, 3)) {
        assertThat(trace.arrivalNanos()).isLessThanOrEqualTo(trace.firstTokenNanos());
        assertThat(trace.firstTokenNanos()).isLessThanOrEqualTo(trace.finishNanos());
      }
      RequestTrace first = stats.requests().get(0); // same JVM clock: the truth lies inside what the client saw
      assertThat(first.arrivalNanos()).isGreaterThanOrEqualTo(sentAt);
      assertThat(first.finishNanos()).isLessThanOrEqualTo(receivedAt);
      assertThat(first.latency()).isLessThanOrEqualTo(java.time.Duration.ofNanos(receivedAt - sentAt));
      assertThat(stats.requests().get(3).hasFirstToken()).isFalse();
      assertThat(stats.requests().get(3).timeToFirstToken()).isEmpty();

      server.resetStatistics();
      assertThat(server.statistics().requests()).isEmpty();
      assertThat(server.statistics().requestsByEndpoint()).isEmpty();
      client.post(CHAT, chatBody("x", 1, false, false));
      assertThat(server.statistics().requests().get(0).id()).isEqualTo(5L); // ids keep counting
    }
  }

  @Test
  void apiKeyIsRequiredOnV1PathsOnly() throws Exception {
    SimulatorConfig config = SimClient.fast().requireApiKey("sk-secret").build();
    assertThat(config.toString()).doesNotContain("sk-secret");
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      SimClient client = new SimClient(server);
      HttpResponse<String> missing = client.post(CHAT, chatBody("hi", 1, false, false));
      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(missing.body()).isEqualTo("{\"error\":\"Unauthorized\"}");
      assertThat(client.get("/v1/models").statusCode()).isEqualTo(401);
      assertThat(client.get("/health").statusCode()).isEqualTo(200);

      HttpRequest wrong = client.request(CHAT).header("authorization", "Bearer sk-wrong")
          .POST(HttpRequest.BodyPublishers.ofString(chatBody("hi", 1, false, false))).build();
      HttpRequest right = client.request(CHAT).header("authorization", "Bearer sk-secret")
          .POST(HttpRequest.BodyPublishers.ofString(chatBody("hi", 1, false, false))).build();
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      assertThat(http.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      HttpResponse<String> ok = http.send(right, HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(json(ok.body()).get("usage").get("completion_tokens").asInt()).isEqualTo(1);
      assertThat(server.statistics().failed()).isEqualTo(2);
      assertThat(server.statistics().completed()).isEqualTo(1);
    }
  }

  @Test
  void portZeroPicksAFreePortAndCloseFreesIt() throws Exception {
    SimulatedLlmServer server = SimulatedLlmServer.builder().config(SimClient.fast().build()).build();
    assertThatThrownBy(server::baseUrl).isInstanceOf(IllegalStateException.class);
    assertThat(server.start()).isSameAs(server);
    assertThat(server.start()).isSameAs(server); // idempotent
    int port = server.port();
    assertThat(port).isPositive();
    assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
    assertThat(new SimClient(server).get("/health").statusCode()).isEqualTo(200);
    server.close();
    server.close(); // idempotent
    try (ServerSocket again = new ServerSocket(port)) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeFailsRequestsInFlightInsteadOfHanging() throws Exception {
    SimulatedLlmServer server = SimulatedLlmServer.start(SimClient.fast().build());
    SimClient client = new SimClient(server);
    var pending = client.postAsync(CHAT, chatBody("never finishes", 30_000, false, false));
    SimClient.await("the request to run", () -> server.statistics().maxRunning() == 1);
    server.close();
    assertThatThrownBy(pending::get).hasCauseInstanceOf(java.io.IOException.class);
  }
}
