package io.github.llmbench.simulator;

import static io.github.llmbench.simulator.SimClient.chatBody;
import static io.github.llmbench.simulator.SimClient.completionBody;
import static io.github.llmbench.simulator.SimClient.events;
import static io.github.llmbench.simulator.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each injected fault, with rate 1.0 so every request is hit. */
class FaultsTest {
  static final String CHAT = "/v1/chat/completions";

  static SimulatedLlmServer serverWith(FaultConfig faults) {
    return SimulatedLlmServer.start(SimClient.fast().faults(faults).build());
  }

  @Test
  void faultsAreOffByDefault() {
    assertThat(SimulatorConfig.defaults().faults()).isEqualTo(FaultConfig.none());
    assertThat(FaultConfig.none().anyEnabled()).isFalse();
  }

  @Test
  void errorRateAnswers500WithVllmErrorBody() throws Exception {
    try (SimulatedLlmServer server = serverWith(FaultConfig.builder().errorRate(1.0).build())) {
      HttpResponse<String> response = new SimClient(server).post(CHAT, chatBody("hi", 3, false, false));
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(json(response.body()).get("error").get("type").asText()).isEqualTo("InternalServerError");
      assertThat(json(response.body()).get("error").get("code").asInt()).isEqualTo(500);
      ServerStatistics stats = server.statistics();
      assertThat(stats.failed()).isEqualTo(1);
      assertThat(stats.completed()).isZero();
      assertThat(stats.requests().get(0).status()).isEqualTo(500);
    }
  }

  @Test
  void malformedRateBreaksTheJsonOfWholeAndStreamedAnswers() throws Exception {
    try (SimulatedLlmServer server = serverWith(FaultConfig.builder().malformedRate(1.0).build())) {
      SimClient client = new SimClient(server);
      HttpResponse<String> whole = client.post(CHAT, chatBody("hi", 3, false, false));
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> json(whole.body())).isInstanceOf(UncheckedIOException.class);

      List<String> events = events(client.post(CHAT, chatBody("hi", 4, true, true)).body());
      assertThat(events).hasSize(1 + 4 + 1 + 1).last().isEqualTo("[DONE]");
      long broken = events.subList(0, 6).stream().filter(e -> {
        try {
          json(e);
          return false;
        } catch (UncheckedIOException ex) {
          return true;
        }
      }).count();
      assertThat(broken).isEqualTo(1);
      assertThat(server.statistics().failed()).isEqualTo(2);
    }
  }

  @Test
  void dropRateClosesTheConnectionMidResponse() throws Exception {
    try (SimulatedLlmServer server = serverWith(FaultConfig.builder().dropRate(1.0).build())) {
      SimClient client = new SimClient(server);
      assertThatThrownBy(() -> client.post(CHAT, chatBody("hi", 3, false, false))).isInstanceOf(IOException.class);

      HttpResponse<InputStream> stream = client.open(CHAT, chatBody("hi", 6, true, true));
      assertThat(stream.statusCode()).isEqualTo(200);
      StringBuilder received = new StringBuilder();
      assertThatThrownBy(() -> {
        try (InputStream in = stream.body()) {
          byte[] buffer = new byte[4096];
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
          }
        }
      }).isInstanceOf(IOException.class);
      assertThat(received.toString()).contains("\"role\":\"assistant\"").doesNotContain("[DONE]");

      ServerStatistics stats = server.statistics();
      assertThat(stats.failed()).isEqualTo(2);
      assertThat(stats.requests()).allSatisfy(t -> assertThat(t.status()).isEqualTo(RequestTrace.DROPPED));
    }
  }

  @Test
  void slowFirstByteDelaysTheStatusLine() throws Exception {
    try (SimulatedLlmServer server = serverWith(
        FaultConfig.builder().slowFirstByte(Duration.ofMillis(300)).build())) {
      SimClient client = new SimClient(server);
      long start = System.nanoTime();
      HttpResponse<InputStream> response = client.open(CHAT, chatBody("hi", 1, true, false));
      long headersAfter = System.nanoTime() - start;
      response.body().readAllBytes();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(headersAfter)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(server.statistics().completed()).isEqualTo(1);
    }
  }

  @Test
  void stallRatePausesAStreamHalfWay() throws Exception {
    try (SimulatedLlmServer server = serverWith(
        FaultConfig.builder().stallRate(1.0).stallDuration(Duration.ofMillis(400)).build())) {
      HttpResponse<InputStream> response = new SimClient(server).open(CHAT, chatBody("hi", 6, true, false));
      long longestGap = 0;
      long last = System.nanoTime();
      int events = 0;
      try (InputStream in = response.body()) {
        byte[] buffer = new byte[4096];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          long now = System.nanoTime();
          longestGap = Math.max(longestGap, now - last);
          last = now;
          events += new String(buffer, 0, n, StandardCharsets.UTF_8).split("\n\n", -1).length - 1;
        }
      }
      assertThat(events).isEqualTo(1 + 6 + 1);
      assertThat(Duration.ofNanos(longestGap)).isGreaterThanOrEqualTo(Duration.ofMillis(390));
      assertThat(server.statistics().completed()).isEqualTo(1);
    }
  }

  @Test
  void stallRateAlsoPausesAWholeBody() throws Exception {
    try (SimulatedLlmServer server = serverWith(
        FaultConfig.builder().stallRate(1.0).stallDuration(Duration.ofMillis(300)).build())) {
      HttpResponse<String> response = new SimClient(server).post(CHAT, chatBody("hi", 2, false, false));
      assertThat(json(response.body()).get("usage").get("completion_tokens").asInt()).isEqualTo(2);
      RequestTrace trace = server.statistics().requests().get(0);
      assertThat(Duration.ofNanos(trace.finishNanos() - trace.firstTokenNanos()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
  }

  @Test
  void omitUsageLeavesUsageOutOfBodiesAndStreams() throws Exception {
    try (SimulatedLlmServer server = serverWith(FaultConfig.builder().omitUsage(true).build())) {
      SimClient client = new SimClient(server);
      assertThat(json(client.post(CHAT, chatBody("hi", 2, false, false)).body()).has("usage")).isFalse();
      assertThat(json(client.post("/v1/completions", completionBody("hi", 2, false, false)).body()).has("usage"))
          .isFalse();
      List<String> events = events(client.post(CHAT, chatBody("hi", 2, true, true)).body());
      assertThat(events).hasSize(1 + 2 + 1);
      assertThat(events).noneMatch(e -> e.contains("usage"));
      assertThat(server.statistics().completed()).isEqualTo(3);
    }
  }
}
