package io.github.llmbench.examples.embedded;

import static io.github.llmbench.junit.LlmBenchAssertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.PreparedRequest;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import io.github.llmbench.simulator.RequestTrace;
import io.github.llmbench.simulator.ServerStatistics;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The service example end to end: its request builder on the wire, its phases and its sink against a simulator. */
@Timeout(120) // every test here benchmarks a simulator over loopback
class CustomServiceBenchmarkTest {
  @Test
  void requestBuilderCyclesPromptsAndAsksForIgnoreEos() {
    PreparedRequest first = CustomServiceBenchmark.fixedLengthChat(32)
        .build(new RequestBuilder.Context("m", "ramp", "svc_c4", 0, false));
    PreparedRequest second = CustomServiceBenchmark.fixedLengthChat(32)
        .build(new RequestBuilder.Context("m", "ramp", "svc_c4", 1, true));

    assertThat(first.path()).isEqualTo("/v1/chat/completions");
    assertThat(first.body()).containsEntry("model", "m").containsEntry("max_tokens", 32)
        .containsEntry("ignore_eos", true).doesNotContainKey("stream");
    assertThat(first.body().get("messages")).isNotEqualTo(second.body().get("messages"));
    assertThat(second.stream()).isTrue();
    assertThat(second.body()).containsEntry("stream", true)
        .containsEntry("stream_options", Map.of("include_usage", true));
  }

  @Test
  void customBodyReachesTheServerAsWritten() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      // The engine opens its connections with GET /v1/models before the clock starts; answer those apart.
      server.setDispatcher(new mockwebserver3.Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest r) {
          String body = r.getMethod().equals("GET") ? "{\"object\":\"list\",\"data\":[]}"
              : "{\"id\":\"x\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":32}}";
          return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
        }
      });
      server.start();
      Benchmark one = Benchmark.builder().target(Target.of("http://127.0.0.1:" + server.getPort(), "my-model"))
          .phases(Phase.of("p",
              Step.of("one", Load.concurrency(1), 1, CustomServiceBenchmark.fixedLengthChat(32)))).build();

      BenchmarkResult result = CustomServiceBenchmark.run(one, Duration.ofMinutes(1));

      assertThat(result).isCompleted().step("one").hasNoFailures();
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      while (request != null && request.getMethod().equals("GET")) request = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      JsonNode body = new ObjectMapper().readTree(request.getBody().utf8());
      assertThat(body.get("model").asText()).isEqualTo("my-model");
      assertThat(body.get("max_tokens").asInt()).isEqualTo(32);
      assertThat(body.get("ignore_eos").asBoolean()).isTrue();
      assertThat(body.get("messages").get(0).get("content").asText())
          .isEqualTo(CustomServiceBenchmark.PROMPTS.get(0));
    }
  }

  @Test
  void runsItsPhasesAgainstASimulatorAndTheSinkAgreesWithTheEngine() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build())) {
      TokenRateSink rates = new TokenRateSink();
      InMemorySink requests = new InMemorySink();
      BenchmarkResult result = CustomServiceBenchmark.run(
          CustomServiceBenchmark.benchmark(Target.of(server.baseUrl(), server.model()), 24), Duration.ofMinutes(2),
          rates, requests);

      assertThat(result).isCompleted().everyStepSuccessRateIsAtLeast(1.0);
      assertThat(result.steps()).extracting(StepResult::testName)
          .containsExactly("svc_c1", "svc_c4", "svc_c8", "svc_c16");
      assertThat(result.phases()).extracting(p -> p.name()).containsExactly("baseline", "ramp");
      assertThat(requests.outcomes()).hasSize(8 + 16 + 32 + 64);

      ServerStatistics truth = server.statistics();
      assertThat(truth.completed()).isEqualTo(120);
      assertThat(truth.requests()).extracting(RequestTrace::completionTokens).containsOnly(24);

      Map<String, Double> perStep = rates.outputTokensPerSecond();
      assertThat(perStep.keySet()).containsExactly("svc_c1", "svc_c4", "svc_c8", "svc_c16");
      for (StepResult step : result.steps()) {
        double engine = step.statistics().measured().wallThroughputOutput();
        assertThat(engine).as(step.testName()).isPositive();
        assertThat(perStep.get(step.testName())).as(step.testName()).isCloseTo(engine, within(engine * 1e-9));
      }

      String table = CustomServiceBenchmark.table(result, rates);
      List<String> lines = table.lines().toList();
      assertThat(lines).hasSize(5);
      assertThat(lines.get(0)).startsWith("step").contains("users", "status", "p50 s", "p99 s", "out tok/s");
      assertThat(lines.get(4)).matches("svc_c16\\s+16 (OK|DEGRADED|SATURATED)\\s+\\d+\\.\\d{3}\\s+\\d+\\.\\d{3}\\s+\\d+\\.\\d");
    }
  }

  @Test
  void aRunPastItsTimeLimitIsCancelledAndKeepsWhatFinished() {
    // At vLLM-like speed the first step alone takes about 8 x 64 x 10 ms = 5 s, far beyond the limit.
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.defaults())) {
      BenchmarkResult result = CustomServiceBenchmark.run(
          CustomServiceBenchmark.benchmark(Target.of(server.baseUrl(), server.model()), 64), Duration.ofMillis(200));

      assertThat(result.completed()).isFalse();
      assertThat(result.abortReason().message()).isEqualTo("cancelled");
      assertThat(result.steps()).isEmpty();
    }
  }
}
