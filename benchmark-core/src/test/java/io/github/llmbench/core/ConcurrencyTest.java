package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Target;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The closed loop over real HTTP: exactly {@code concurrency} requests at the server at once, never more. */
@Timeout(60)
class ConcurrencyTest {
  private MockWebServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  @Test
  void fiveHundredRequestsAreAtTheServerAtTheSameTime() {
    int n = 500;
    CountDownLatch allArrived = new CountDownLatch(n);
    AtomicInteger answeredBeforeAllArrived = new AtomicInteger();
    server = TestServers.start(TestServers.dispatcher(r -> {
      allArrived.countDown();
      // Hold every request until all 500 are here; no answer goes out before that.
      if (!allArrived.await(60, TimeUnit.SECONDS)) answeredBeforeAllArrived.incrementAndGet();
      return TestServers.ok(2, 3);
    }));
    BenchmarkResult result = BenchmarkRunner.builder().build()
        .run(TestServers.oneStep(Target.of(baseUrl(server), "m"), n, n, RequestBuilders.chat("x", 3)));
    assertThat(allArrived.getCount()).isZero();
    assertThat(answeredBeforeAllArrived.get()).isZero();
    assertThat(result.steps().get(0).statistics().successful()).isEqualTo(n);
    assertThat(result.steps().get(0).statistics().completionTokens()).isEqualTo(3L * n);
  }

  @Test
  void aClosedLoopNeverExceedsItsConcurrencyAndReachesIt() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    server = TestServers.start(TestServers.dispatcher(r -> {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      Thread.sleep(30);
      inFlight.decrementAndGet(); // before the answer is written, so the worker's next request comes after
      return TestServers.ok(1, 1);
    }));
    BenchmarkResult result = BenchmarkRunner.builder().build()
        .run(TestServers.oneStep(Target.of(baseUrl(server), "m"), 3, 30, RequestBuilders.chat("x", 1)));
    assertThat(TestServers.completions(server).size()).isEqualTo(30);
    assertThat(maxInFlight.get()).isEqualTo(3);
    assertThat(result.steps().get(0).statistics().successful()).isEqualTo(30);
  }
}
