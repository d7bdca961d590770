package io.github.llmbench.simulator;

import static io.github.llmbench.simulator.SimClient.chatBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /metrics}: vLLM's names and format, agreeing with the simulator's own statistics under load. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {
  static final String CHAT = "/v1/chat/completions";
  /** One sample line: name, optional labels, value. Labels here never contain '}' (test model names). */
  static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)");

  @Test
  void servesVllmNamesTypesAndLabelsInTheTextFormat() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimClient.fast().model("org/m\"1").build())) {
      SimClient client = new SimClient(server);
      assertThat(client.post(CHAT, chatBody("hello", 3, false, false).replace(SimulatedLlmServer.DEFAULT_MODEL,
          "org/m\\\"1")).statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = client.get("/metrics");

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      String body = metrics.body();
      String labels = "{engine=\"0\",model_name=\"org/m\\\"1\"}";
      assertThat(body).contains(
          "# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running" + labels + " 0.0\n",
          "# TYPE vllm:num_requests_waiting gauge\n",
          "# TYPE vllm:kv_cache_usage_perc gauge\n",
          "# HELP vllm:num_preemptions_total Cumulative number of preemption from the engine.\n"
              + "# TYPE vllm:num_preemptions_total counter\nvllm:num_preemptions_total" + labels + " 0.0\n",
          "vllm:prompt_tokens_total" + labels + " 2.0\n", // "hello": ceil(5 / 4) tokens
          "vllm:generation_tokens_total" + labels + " 3.0\n",
          "vllm:request_success_total{engine=\"0\",finished_reason=\"length\",model_name=\"org/m\\\"1\"} 1.0\n",
          "vllm:request_success_total{engine=\"0\",finished_reason=\"stop\",model_name=\"org/m\\\"1\"} 0.0\n",
          "# TYPE vllm:time_to_first_token_seconds histogram\n",
          "vllm:time_to_first_token_seconds_bucket{engine=\"0\",le=\"0.001\",model_name=\"org/m\\\"1\"} ",
          "vllm:time_to_first_token_seconds_bucket{engine=\"0\",le=\"2560.0\",model_name=\"org/m\\\"1\"} 1.0\n",
          "vllm:e2e_request_latency_seconds_bucket{engine=\"0\",le=\"+Inf\",model_name=\"org/m\\\"1\"} 1.0\n",
          "vllm:request_queue_time_seconds_bucket{engine=\"0\",le=\"7680.0\",model_name=\"org/m\\\"1\"} 1.0\n",
          "vllm:request_queue_time_seconds_count" + labels + " 1.0\n");
      assertThat(body).endsWith("\n");
      // No API key needed, as on vLLM; the endpoint is counted in the statistics.
      assertThat(server.statistics().requests("/metrics")).isEqualTo(1);
    }
  }

  @Test
  void countersMatchTheStatisticsAndGaugesStayWithinTheLimitsUnderLoad() throws Exception {
    SimulatorConfig config = SimClient.fast().stepBaseTime(Duration.ofMillis(2))
        .maxRunningSequences(8).maxWaitingRequests(8).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      SimClient client = new SimClient(server);
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) { // 40 at once against a capacity of 16: usually some are rejected
        calls.add(client.postAsync(CHAT, chatBody("prompt number " + i, 40 + i % 5, i % 2 == 0, true)));
      }
      double maxRunning = 0;
      double maxWaiting = 0;
      while (!calls.stream().allMatch(CompletableFuture::isDone)) {
        Map<String, Double> m = scrape(client);
        maxRunning = Math.max(maxRunning, m.get("vllm:num_requests_running"));
        maxWaiting = Math.max(maxWaiting, m.get("vllm:num_requests_waiting"));
        double kv = m.get("vllm:kv_cache_usage_perc");
        assertThat(kv).isBetween(0.0, 1.0);
        assertThat(kv).isEqualTo(m.get("vllm:num_requests_running") / 8.0); // no KV model: running / max
        Thread.sleep(3);
      }
      ServerStatistics stats = server.statistics();
      Map<String, Double> m = scrape(client);

      assertThat(stats.completed() + stats.rejected()).isEqualTo(40); // rejected ones never reach the engine
      assertThat(stats.completed()).isPositive();
      assertThat(maxRunning).isPositive().isLessThanOrEqualTo(stats.maxRunning()).isLessThanOrEqualTo(8);
      assertThat(maxWaiting).isLessThanOrEqualTo(stats.maxWaiting()).isLessThanOrEqualTo(8);
      long generated = stats.requests().stream().mapToLong(RequestTrace::completionTokens).sum();
      long prompted = stats.requests().stream().filter(RequestTrace::hasFirstToken)
          .mapToLong(RequestTrace::promptTokens).sum();
      assertThat(m.get("vllm:generation_tokens_total")).isEqualTo((double) generated);
      assertThat(m.get("vllm:prompt_tokens_total")).isEqualTo((double) prompted);
      assertThat(m.get("vllm:request_success_total{finished_reason=length}")).isEqualTo((double) stats.completed());
      assertThat(m.get("vllm:e2e_request_latency_seconds_count")).isEqualTo((double) stats.completed());
      assertThat(m.get("vllm:request_queue_time_seconds_count")).isEqualTo((double) stats.completed());
      assertThat(m.get("vllm:time_to_first_token_seconds_count")).isEqualTo((double) stats.completed());
      assertThat(m.get("vllm:num_preemptions_total")).isZero();
      assertThat(m.get("vllm:num_requests_running")).isZero();
      assertThat(m.get("vllm:num_requests_waiting")).isZero();
      // The server's own e2e is within the traces' arrival-to-last-byte latencies (it ends at the last token).
      double e2eSumSec = m.get("vllm:e2e_request_latency_seconds_sum");
      double traceSumSec = stats.requests().stream().filter(t -> t.status() == 200)
          .mapToLong(t -> t.latency().toNanos()).sum() / 1e9;
      assertThat(e2eSumSec).isPositive().isLessThanOrEqualTo(traceSumSec);
      // Queued requests waited: 40 arrivals, 8 slots, so the queue-time sum is positive.
      assertThat(m.get("vllm:request_queue_time_seconds_sum")).isPositive();
    }
  }

  @Test
  void aSmallKvCachePreemptsAndTheCounterMatchesTheStatistics() throws Exception {
    // 4 sequences of 1 prompt token + 40 output tokens need 164 tokens; 100 fit: the engine must preempt.
    SimulatorConfig config = SimClient.fast().maxRunningSequences(4).maxWaitingRequests(4).kvCacheTokens(100).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      SimClient client = new SimClient(server);
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(client.postAsync(CHAT, chatBody("kv " + i, 40, false, false)));
      }
      double maxKv = 0;
      while (!calls.stream().allMatch(CompletableFuture::isDone)) {
        maxKv = Math.max(maxKv, scrape(client).get("vllm:kv_cache_usage_perc"));
        Thread.sleep(1);
      }
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        assertThat(call.get().statusCode()).isEqualTo(200);
      }
      ServerStatistics stats = server.statistics();
      Map<String, Double> m = scrape(client);

      assertThat(stats.preemptions()).isPositive();
      assertThat(m.get("vllm:num_preemptions_total")).isEqualTo((double) stats.preemptions());
      assertThat(maxKv).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
      // Preempted sequences keep their output: every request still got exactly 40 tokens, counted once.
      assertThat(stats.requests()).allSatisfy(t -> assertThat(t.completionTokens()).isEqualTo(40));
      assertThat(m.get("vllm:generation_tokens_total")).isEqualTo(160.0);
      assertThat(m.get("vllm:request_success_total{finished_reason=length}")).isEqualTo(4.0);
    }
  }

  @Test
  void metricsCanBeSwitchedOff() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimClient.fast().metricsEnabled(false).build())) {
      HttpResponse<String> metrics = new SimClient(server).get("/metrics");
      assertThat(metrics.statusCode()).isEqualTo(404);
      assertThat(metrics.body()).doesNotContain("vllm:");
    }
  }

  /**
   * Sample values by name; the model and engine labels are dropped, {@code finished_reason} is kept as
   * {@code name{finished_reason=x}}, buckets are left out.
   */
  static Map<String, Double> scrape(SimClient client) throws Exception {
    HttpResponse<String> response = client.get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Double> values = new LinkedHashMap<>();
    for (String line : response.body().split("\n")) {
      if (line.startsWith("#") || line.contains("_bucket{")) {
        continue;
      }
      Matcher matcher = SAMPLE.matcher(line);
      assertThat(matcher.matches()).as("sample line %s", line).isTrue();
      String key = matcher.group(1);
      Matcher reason = Pattern.compile("finished_reason=\"([a-z]+)\"").matcher(line);
      if (reason.find()) {
        key += "{finished_reason=" + reason.group(1) + "}";
      }
      values.put(key, Double.parseDouble(matcher.group(3)));
    }
    return values;
  }
}
