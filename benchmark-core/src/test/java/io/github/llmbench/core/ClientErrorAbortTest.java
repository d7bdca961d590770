package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A step in which every request failed with the same client error ends the run with that reason, instead of sending
 * hundreds more (issue 11 item 1); back-pressure (429) and mixed answers do not.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientErrorAbortTest {
  private MockWebServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private BenchmarkResult run(int status) {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.json(status,
        "{\"error\":{\"message\":\"The model `m` does not exist.\"}}")));
    Benchmark benchmark = Benchmark.builder().target(Target.of(baseUrl(server), "m"))
        .phases(Phase.of("A", Step.of("a1", Load.concurrency(2), 6, RequestBuilders.chat("x", 2)), Step.of("a2", Load.concurrency(4), 40,
            RequestBuilders.chat("x", 2))), Phase.of("B", Step.of("b1", Load.concurrency(8), 80, RequestBuilders.chat("x", 2))))
        .build();
    return BenchmarkRunner.builder().build().run(benchmark);
  }

  @Test
  void everyRequestAnswered404EndsTheRunAfterTheFirstStep() {
    BenchmarkResult result = run(404);
    assertThat(result.steps()).hasSize(1);
    assertThat(result.abortReason().message()).isEqualTo("every request of step a1 failed with http_404: HTTP 404: "
        + "{\"error\":{\"message\":\"The model `m` does not exist.\"}}");
    assertThat(TestServers.completions(server)).hasSize(6);
  }

  @Test
  void backPressureIsMeasuredNotAborted() {
    BenchmarkResult result = run(429);
    assertThat(result.steps()).hasSize(3);
    assertThat(result.completed()).isTrue();
  }

  @Test
  void mixedAnswersGoOn() {
    AtomicInteger n = new AtomicInteger();
    server = TestServers.start(TestServers.dispatcher(r -> n.getAndIncrement() % 2 == 0
        ? TestServers.json(400, "{}") : TestServers.ok(1, 2)));
    Benchmark benchmark = Benchmark.builder().target(Target.of(baseUrl(server), "m"))
        .phases(Phase.of("A", Step.of("a1", Load.concurrency(1), 4, RequestBuilders.chat("x", 2)),
            Step.of("a2", Load.concurrency(1), 4, RequestBuilders.chat("x", 2))))
        .build();
    BenchmarkResult result = BenchmarkRunner.builder().build().run(benchmark);
    assertThat(result.steps()).hasSize(2);
    assertThat(result.completed()).isTrue();
  }
}
