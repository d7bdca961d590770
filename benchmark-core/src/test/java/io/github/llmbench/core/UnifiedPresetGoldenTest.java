package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Intensity;
import io.github.llmbench.api.Presets;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The unified preset at QUICK intensity against a scripted server, compared with a results table computed by
 * hand. The server tells steps apart by {@code max_tokens}, prompt length and arrival order (steps run one after
 * another), and answers each with a chosen usage and delay. Delays are chosen so that every status decision has a
 * wide margin: the baseline takes 0.5 s (DEGRADED needs p99 above about 1 s), the DEGRADED step 1.5 s, the rest
 * 0.05 to 0.1 s; SATURATED and FAILING come from token counts and failures, not latency.
 */
@Timeout(180)
class UnifiedPresetGoldenTest {
  private static final String PHRASE = "Explain in detail: ";
  private MockWebServer server;
  private final Map<String, JsonNode> firstBody = new ConcurrentHashMap<>();
  private final AtomicInteger scalingArrivals = new AtomicInteger();
  private final AtomicInteger hundredArrivals = new AtomicInteger();
  private final AtomicInteger scrapes = new AtomicInteger();

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private static MockResponse answer(long prompt, long completion, long delayMs) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body(TestServers.usageBody(prompt, completion)).bodyDelay(delayMs, TimeUnit.MILLISECONDS).build();
  }

  private MockResponse respond(JsonNode body) {
    int maxTokens = body.get("max_tokens").asInt();
    int promptLength = body.get("messages").get(0).get("content").asText().length();
    switch (maxTokens) {
      case 50:
        firstBody.putIfAbsent("single", body);
        return answer(25, 50, 0);
      case 500:
        firstBody.putIfAbsent("long_output", body);
        return answer(55, 500, 50);
      case 200:
        if (promptLength == PHRASE.length() * 1000) {
          firstBody.putIfAbsent("long_context", body);
          return answer(1005, 200, 50);
        }
        firstBody.putIfAbsent("scaling", body);
        int s = scalingArrivals.getAndIncrement();
        if (s < 5) return answer(130, 200, 100);          // scale_5
        if (s < 15) return answer(130, 200, 1500);        // scale_10: DEGRADED
        if (s < 40) return answer(130, 200, 100);         // scale_25
        if (s < 90) return answer(1, 1, 100);             // scale_50: throughput collapses, SATURATED
        return answer(1, 1, 0);                           // scale_75/100 must never be asked
      case 100:
        int h = hundredArrivals.getAndIncrement();
        if (h < 5) {                                      // baseline
          firstBody.putIfAbsent("baseline", body);
          return answer(130, 100, 500);
        }
        firstBody.putIfAbsent("saturation", body);
        int x = h - 5;
        if (x < 75) return answer(130, 100, 50);          // extreme_150
        if (x < 81) return TestServers.json(503, "{}");   // extreme_200: 6 of 100 fail -> 0.94 -> FAILING
        if (x < 175) return answer(130, 100, 50);
        if (x < 325) return answer(1, 1, 50);             // extreme_300: SATURATED against extreme_200
        return answer(130, 100, 50);                      // extreme_500
      default:
        return TestServers.json(400, "{\"error\":\"unexpected max_tokens " + maxTokens + "\"}");
    }
  }

  /** One row of the hand-computed table. */
  record Row(String phase, String name, int concurrency, int numRequests, int successful, long promptTokens,
      long completionTokens, Status status, long delayMs) {}

  @Test
  void quickPresetGivesTheHandComputedTable() {
    server = TestServers.start(TestServers.everything(r -> {
      if (TestServers.isWarmUp(r)) return TestServers.json(200, TestServers.MODELS);
      if (TestServers.isScrape(r)) {
        scrapes.incrementAndGet();
        return TestServers.json(404, "{}");
      }
      return respond(TestServers.body(r));
    }));
    Benchmark benchmark = Presets.unified(Intensity.QUICK).target(Target.of(baseUrl(server), "m")).build();
    BenchmarkResult result = BenchmarkRunner.builder().build().run(benchmark);

    List<Row> expected = List.of(
        new Row("WARMUP", "single", 1, 1, 1, 25, 50, Status.OK, 0),
        new Row("BASELINE", "baseline", 1, 5, 5, 5 * 130, 5 * 100, Status.OK, 500),
        new Row("SCALING", "scale_5", 5, 5, 5, 5 * 130, 5 * 200, Status.OK, 100),
        new Row("SCALING", "scale_10", 10, 10, 10, 10 * 130, 10 * 200, Status.DEGRADED, 1500),
        new Row("SCALING", "scale_25", 25, 25, 25, 25 * 130, 25 * 200, Status.OK, 100),
        new Row("SCALING", "scale_50", 50, 50, 50, 50, 50, Status.SATURATED, 100),
        new Row("STRESS", "long_output", 50, 15, 15, 15 * 55, 15 * 500, Status.OK, 50),
        new Row("STRESS", "long_context", 25, 7, 7, 7 * 1005, 7 * 200, Status.OK, 50),
        new Row("SATURATION", "extreme_150", 150, 75, 75, 75 * 130, 75 * 100, Status.OK, 50),
        new Row("SATURATION", "extreme_200", 200, 100, 94, 94 * 130, 94 * 100, Status.FAILING, 0),
        new Row("SATURATION", "extreme_300", 300, 150, 150, 150, 150, Status.SATURATED, 50),
        new Row("SATURATION", "extreme_500", 500, 250, 250, 250 * 130, 250 * 100, Status.OK, 50));

    assertThat(result.completed()).as(result.abortReason().message()).isTrue();
    assertThat(result.phases()).extracting(BenchmarkResult.PhaseResult::name)
        .containsExactly("WARMUP", "BASELINE", "SCALING", "STRESS", "SATURATION");
    assertThat(result.steps()).extracting(StepResult::testName)
        .containsExactlyElementsOf(expected.stream().map(Row::name).toList());
    for (Row row : expected) {
      StepResult step = result.step(row.name()).orElseThrow();
      StepStatistics s = step.statistics();
      String what = row.name() + ": " + step.verdict().reason();
      assertThat(step.phase()).as(what).isEqualTo(row.phase());
      assertThat(step.testType()).as(what).isEqualTo(io.github.llmbench.api.TestType.TEXT);
      assertThat(step.concurrency()).as(what).isEqualTo(row.concurrency());
      assertThat(s.numRequests()).as(what).isEqualTo(row.numRequests());
      assertThat(s.successful()).as(what).isEqualTo(row.successful());
      assertThat(s.failed()).as(what).isEqualTo(row.numRequests() - row.successful());
      assertThat(s.successRate()).as(what).isEqualTo((double) row.successful() / row.numRequests());
      assertThat(s.promptTokens()).as(what).isEqualTo(row.promptTokens());
      assertThat(s.completionTokens()).as(what).isEqualTo(row.completionTokens());
      assertThat(step.status()).as(what).isEqualTo(row.status());
      // the latency-dependent figures follow the script's arithmetic from the measured duration
      assertThat(s.script().durationSec()).as(what).isGreaterThanOrEqualTo(row.delayMs() / 1000.0);
      assertThat(s.script().throughputTotal()).as(what)
          .isCloseTo((row.promptTokens() + row.completionTokens()) / s.script().durationSec(), within(1e-6));
      assertThat(s.script().throughputOutput()).as(what).isCloseTo(row.completionTokens() / s.script().durationSec(),
          within(1e-6));
      if (row.successful() > 0) assertThat(s.script().latencyP50Sec()).as(what).isGreaterThanOrEqualTo(row.delayMs() / 1000.0);
    }
    assertThat(result.phase("SCALING").orElseThrow().stopReason()).isEqualTo("scale_50 was SATURATED");
    assertThat(result.phase("SATURATION").orElseThrow().stoppedEarly()).isFalse();
    assertThat(result.step("extreme_200").orElseThrow().statistics().measured().failures()).isEqualTo(Map.of("backpressure_503", 6));
    // every request the table accounts for, and no more (scale_75 and scale_100 never ran; no pre-flight request)
    int getsBefore = server.getRequestCount();
    java.util.List<mockwebserver3.RecordedRequest> completions = TestServers.completions(server);
    assertThat(completions.size()).isEqualTo(1 + 5 + 5 + 10 + 25 + 50 + 15 + 7 + 75 + 100 + 150 + 250);
    // The first generation the server saw is the WARMUP step's; no request opened a connection: beside the
    // completions only the pre-flight's model check and the metrics scrapes were sent.
    assertThat(TestServers.body(completions.get(0)).get("max_tokens").asInt()).isEqualTo(50);
    assertThat(getsBefore - completions.size()).isEqualTo(1 + scrapes.get());
    assertThat(result.settings()).containsEntry("preset", "unified").containsEntry("intensity", "quick");
    assertThat(result.environment()).containsKeys("java_version", "os", "cpus", "host");
    assertThat(result.environment().get("llmbench_version")).matches("\\d+\\.\\d+.*");

    // the script's request bodies, prompt text included
    assertThat(firstBody.get("single")).isEqualTo(chat(PHRASE.repeat(25), 50));
    assertThat(firstBody.get("baseline")).isEqualTo(chat(PHRASE.repeat(125), 100));
    assertThat(firstBody.get("scaling")).isEqualTo(chat(PHRASE.repeat(125), 200));
    assertThat(firstBody.get("long_output")).isEqualTo(chat(PHRASE.repeat(50), 500));
    assertThat(firstBody.get("long_context")).isEqualTo(chat(PHRASE.repeat(1000), 200));
    assertThat(firstBody.get("saturation")).isEqualTo(chat(PHRASE.repeat(125), 100));
  }

  private static ObjectNode chat(String prompt, int maxTokens) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("model", "m");
    ObjectNode message = body.putArray("messages").addObject();
    message.put("role", "user");
    message.put("content", prompt);
    body.put("max_tokens", maxTokens);
    return body;
  }
}
