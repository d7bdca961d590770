package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientBoundThresholds;
import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client checks itself: a step whose workers are made to stall (a request builder that sleeps stands in for a
 * client starved of CPU) is marked client-bound, in its measurement and its verdict's reason; the same step
 * without the stall is not. Only the send-lag threshold is tight here, so that the machine's own load (JVM
 * stalls, CPU) cannot decide the test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientBoundTest {
  private static final ClientBoundThresholds SEND_LAG_ONLY = ClientBoundThresholds.builder()
      .sendLagP99(Duration.ofMillis(40)).hiccupMax(Duration.ofSeconds(30)).gcShareOfWindow(1.0)
      .cpuShareOfCores(1.0).build();

  private MockWebServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private StepResult run(RequestBuilder request) {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(3, 4)));
    Benchmark benchmark = Benchmark.builder().target(Target.of(baseUrl(server), "m"))
        .client(ClientSettings.DEFAULT.clientBoundThresholds(SEND_LAG_ONLY))
        .phases(Phase.of("P", Step.of("s", 2, 12, request))).build();
    BenchmarkResult result = BenchmarkRunner.builder().build().run(benchmark);
    assertThat(result.steps()).hasSize(1);
    return result.steps().get(0);
  }

  @Test
  void aStalledClientMarksItsStepClientBound() {
    RequestBuilder chat = RequestBuilders.chat("x", 4);
    RequestBuilder stalling = ctx -> {
      try {
        Thread.sleep(120); // the worker is late for every request it sends
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return chat.build(ctx);
    };
    StepResult step = run(stalling);
    assertThat(step.statistics().successful()).isEqualTo(12);
    ClientHealth health = step.measurement().clientHealth().orElseThrow();
    assertThat(health.sendLag().samples()).isEqualTo(12);
    assertThat(health.sendLag().p99Millis()).isGreaterThanOrEqualTo(100);
    assertThat(step.measurement().clientBound()).isTrue();
    assertThat(health.reasons()).anySatisfy(r -> assertThat(r).contains("send-lag p99 > 40 ms"));
    assertThat(step.verdict().reason()).contains("client-bound:");
    assertThat(io.github.llmbench.core.internal.ConsoleSink.stepLine(step)).endsWith(" client-bound");
    assertThat(io.github.llmbench.core.internal.ConsoleSink.stepLines(step)).anySatisfy(l -> assertThat(l)
        .startsWith("    why: client-bound: requests left"));
    // The stall is the client's, never the server's: the latencies do not include it.
    assertThat(step.statistics().latency().maxSec()).isLessThan(0.1);
  }

  @Test
  void aStepThatDoesNotStallIsNotMarked() {
    StepResult step = run(RequestBuilders.chat("x", 4));
    ClientHealth health = step.measurement().clientHealth().orElseThrow();
    assertThat(health.sendLag().samples()).isEqualTo(12);
    assertThat(step.measurement().clientBound()).isFalse();
    assertThat(health.reasons()).isEmpty();
    assertThat(step.verdict().reason()).doesNotContain("client-bound");
    assertThat(io.github.llmbench.core.internal.ConsoleSink.stepLine(step)).doesNotContain("client-bound");
  }
}
