package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.PreparedRequest;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The script's percentile and duration rules, on latencies scripted by a real server on loopback. */
@Timeout(60)
class ScriptRulesHttpTest {
  private static final long[] DELAYS_MS = {200, 600, 1000, 1400, 2000};
  private MockWebServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  @Test
  void percentilesTakeTheLowerSampleAndDurationIsTheLargestLatencyIncludingFailures() {
    server = TestServers.start(TestServers.dispatcher(r -> {
      int i = TestServers.body(r).get("i").asInt();
      int code = i == 4 ? 500 : 200; // the slowest request fails
      return new MockResponse.Builder().code(code).body(TestServers.usageBody(10, 90))
          .bodyDelay(DELAYS_MS[i], TimeUnit.MILLISECONDS).build();
    }));
    RequestBuilder indexed = ctx -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("model", ctx.model());
      body.put("prompt", "x");
      body.put("max_tokens", 90);
      body.put("i", ctx.requestIndex());
      return new PreparedRequest("/v1/completions", body, false);
    };
    InMemorySink sink = new InMemorySink();
    BenchmarkResult result = BenchmarkRunner.builder().addSink(sink).build()
        .run(TestServers.oneStep(Target.of(baseUrl(server), "m"), 5, 5, indexed));
    StepStatistics s = result.steps().get(0).statistics();

    List<Double> ok = sink.outcomes().stream().filter(RequestOutcome::success).map(RequestOutcome::latencySec)
        .sorted().toList();
    assertThat(ok).hasSize(4);
    RequestOutcome failed = sink.outcomes().stream().filter(o -> !o.success()).findFirst().orElseThrow();
    assertThat(failed.requestIndex()).isEqualTo(4);

    // sorted successes ~[0.2, 0.6, 1.0, 1.4]: p50 k = 1.5 -> [1]; p95 k = 2.85 -> [2]; p99 k = 2.97 -> [2]
    assertThat(s.script().latencyP50Sec()).isEqualTo(ok.get(1));
    assertThat(s.script().latencyP95Sec()).isEqualTo(ok.get(2));
    assertThat(s.script().latencyP99Sec()).isEqualTo(ok.get(2));
    assertThat(s.script().latencyP50Sec()).isBetween(0.6, 1.0);   // interpolation would give about 0.8 + 0.2
    assertThat(s.script().latencyP99Sec()).isBetween(1.0, 1.4);   // interpolation would give about 1.39
    // duration = the largest single latency of ALL results: the failed 2 s request, not the wall clock
    assertThat(s.script().durationSec()).isEqualTo(failed.latencySec());
    assertThat(s.script().durationSec()).isGreaterThanOrEqualTo(2.0);
    assertThat(s.script().throughputTotal()).isCloseTo(400 / s.script().durationSec(), within(1e-9));
    assertThat(s.script().throughputOutput()).isCloseTo(360 / s.script().durationSec(), within(1e-9));
    assertThat(s.successRate()).isEqualTo(0.8);
    // the Hdr figures see only successes
    assertThat(s.measured().latency().count()).isEqualTo(4);
    assertThat(s.measured().latency().maxSec()).isEqualTo(ok.get(3));
  }
}
