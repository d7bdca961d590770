package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import io.github.llmbench.api.Trim;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, what each step records of how it was measured, checked against what the server saw: the start spread
 * and the workers, the load reached (most and mean in flight) against the server's own count of concurrent
 * requests, the connections opened in each connection mode, and the requests trimmed out of the figures. No tight
 * timing bound: the machine is shared.
 */
@Timeout(60)
class StepMeasurementHttpTest {
  private MockWebServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private static StepResult runOne(Benchmark benchmark) {
    BenchmarkResult result = BenchmarkRunner.builder().build().run(benchmark);
    assertThat(result.completed()).as(result.abortReason().message()).isTrue();
    return result.steps().get(0);
  }

  private Benchmark.Builder oneStep(Step step) {
    return Benchmark.builder().name("m").target(Target.of(baseUrl(server), "m")).phases(Phase.of("P", step));
  }

  @Test
  void aWideStepRecordsItsWorkersAndStartSpread() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(1, 1)));
    StepResult step = runOne(oneStep(Step.of("c50", Load.concurrency(50), 100, RequestBuilders.chat("Hi", 4))).build());

    StepMeasurement m = step.measurement();
    assertThat(step.statistics().successful()).isEqualTo(100);
    assertThat(m.workers()).isEqualTo(50);
    assertThat(m.connectionMode()).isEqualTo(ClientSettings.ConnectionMode.WARM);
    assertThat(m.startSpreadNanos()).isPositive().isLessThan(TimeUnit.SECONDS.toNanos(1));
    assertThat(m.maxInFlight()).isBetween(1, 50);
    assertThat(m.meanInFlight()).isGreaterThan(0).isLessThanOrEqualTo(50);
    assertThat(m.trimmedRequests()).isZero();
  }

  @Test
  void fewerRequestsThanConcurrencyMeansFewerWorkers() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(1, 1)));
    StepResult step = runOne(oneStep(Step.of("s", Load.concurrency(8), 3, RequestBuilders.chat("Hi", 4))).build());
    assertThat(step.measurement().workers()).isEqualTo(3);
    assertThat(step.measurement().maxInFlight()).isBetween(1, 3);
  }

  /**
   * The server holds every request until {@code c} are in flight at once, so the step must have reached exactly
   * {@code c}; its own figure must say so.
   */
  @Test
  void maxInFlightIsWhatTheServerSaw() {
    int c = 8;
    CountDownLatch allIn = new CountDownLatch(c);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger serverMax = new AtomicInteger();
    server = TestServers.start(TestServers.dispatcher(r -> {
      if (TestServers.isScrape(r)) return TestServers.json(404, "{}");
      serverMax.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      allIn.countDown();
      try {
        allIn.await(20, TimeUnit.SECONDS);
        return TestServers.ok(1, 1);
      } finally {
        inFlight.decrementAndGet();
      }
    }));
    StepResult step = runOne(oneStep(Step.of("s", Load.concurrency(c), 3 * c, RequestBuilders.chat("Hi", 4))).build());

    assertThat(allIn.getCount()).isZero();
    assertThat(serverMax.get()).isEqualTo(c);
    assertThat(step.measurement().maxInFlight()).isEqualTo(serverMax.get());
    assertThat(step.measurement().meanInFlight()).isGreaterThan(0).isLessThanOrEqualTo(c);
    assertThat(step.statistics().successful()).isEqualTo(3 * c);
  }

  @Test
  void newPerRequestOpensOneConnectionForEveryRequest() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(1, 1)));
    StepResult step = runOne(oneStep(Step.of("s", Load.concurrency(4), 24, RequestBuilders.chat("Hi", 4)))
        .connectionMode(ClientSettings.ConnectionMode.NEW_PER_REQUEST).build());

    assertThat(step.measurement().connectionMode()).isEqualTo(ClientSettings.ConnectionMode.NEW_PER_REQUEST);
    List<RecordedRequest> completions = TestServers.completions(server);
    assertThat(completions).hasSize(24).allSatisfy(r -> {
      assertThat(r.getHeaders().get("Connection")).isEqualToIgnoringCase("close");
    });
    assertThat(completions.stream().map(RecordedRequest::getConnectionIndex).distinct()).hasSize(24);
  }

  /**
   * Every request opens its own connection: none may ride on a connection that carried anything before (such as
   * the pre-flight's warm-up {@code GET}), or its latency leaves out the set-up this mode promises to include.
   */
  @Test
  void newPerRequestNeverReusesTheWarmUpConnection() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(1, 1)));
    runOne(oneStep(Step.of("s", Load.concurrency(1), 6, RequestBuilders.chat("Hi", 4)))
        .connectionMode(ClientSettings.ConnectionMode.NEW_PER_REQUEST).build());
    assertThat(TestServers.completions(server)).hasSize(6)
        .allSatisfy(r -> assertThat(r.getExchangeIndex()).as("requests before it on its connection").isZero());
  }

  @Test
  void warmModeReusesConnections() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(1, 1)));
    StepResult step = runOne(oneStep(Step.of("s", Load.concurrency(4), 40, RequestBuilders.chat("Hi", 4))).build());

    assertThat(step.measurement().connectionMode()).isEqualTo(ClientSettings.ConnectionMode.WARM);
    List<RecordedRequest> completions = TestServers.completions(server);
    assertThat(completions).hasSize(40);
    assertThat(completions.stream().map(RecordedRequest::getConnectionIndex).distinct().count())
        .isLessThanOrEqualTo(4 + 2);
    assertThat(completions).noneSatisfy(r -> assertThat(r.getHeaders().get("Connection")).isEqualTo("close"));
  }

  /**
   * Requests 0, 1 (the first sent) and 18, 19 (the last to finish, at concurrency 1) are slow; trimming two at each
   * end leaves them out of every latency figure, while they stay in the counts.
   */
  @Test
  void trimmedRequestsAreCountedButLeftOutOfTheLatencies() {
    long slowMillis = 1500;
    AtomicInteger arrivals = new AtomicInteger();
    server = TestServers.start(TestServers.dispatcher(r -> {
      if (TestServers.isScrape(r)) return TestServers.json(404, "{}");
      int i = arrivals.getAndIncrement();
      return i < 2 || i >= 18 ? TestServers.okAfter(1, 1, slowMillis) : TestServers.ok(1, 1);
    }));
    StepResult step = runOne(oneStep(Step.of("s", Load.concurrency(1), 20,
        RequestBuilders.chat("Hi", 4)).trim(Trim.requests(2, 2)))
        .build());

    assertThat(arrivals.get()).isEqualTo(20);
    assertThat(step.measurement().trimmedRequests()).isEqualTo(4);
    assertThat(step.measurement().trim()).isEqualTo(Trim.requests(2, 2));
    assertThat(step.numRequests()).isEqualTo(20);
    assertThat(step.statistics().successful()).isEqualTo(20);
    double slowSec = slowMillis / 1000.0;
    assertThat(step.statistics().measured().latency().count()).isEqualTo(16);
    assertThat(step.statistics().measured().latency().maxSec()).isLessThan(slowSec);
    assertThat(step.latencyP99Sec()).isLessThan(slowSec);
    assertThat(step.statistics().script().durationSec()).isLessThan(slowSec);
  }

  /** The same server without trimming: the slow requests are in the figures (the test above can fail). */
  @Test
  void withoutTrimmingTheSlowRequestsAreInTheLatencies() {
    long slowMillis = 600;
    AtomicInteger arrivals = new AtomicInteger();
    server = TestServers.start(TestServers.dispatcher(r -> {
      if (TestServers.isScrape(r)) return TestServers.json(404, "{}");
      int i = arrivals.getAndIncrement();
      return i < 2 ? TestServers.okAfter(1, 1, slowMillis) : TestServers.ok(1, 1);
    }));
    StepResult step = runOne(oneStep(Step.of("s", Load.concurrency(1), 20, RequestBuilders.chat("Hi", 4))).build());
    assertThat(step.measurement().trimmedRequests()).isZero();
    assertThat(step.statistics().measured().latency().count()).isEqualTo(20);
    assertThat(step.statistics().measured().latency().maxSec()).isGreaterThanOrEqualTo(slowMillis / 1000.0);
  }

  @Test
  void trimmingByShareLeavesOutThatShare() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(1, 1)));
    StepResult step = runOne(oneStep(Step.of("s", Load.concurrency(2), 20, RequestBuilders.chat("Hi", 4))
        .trim(Trim.share(0.1, 0.25))).build());
    assertThat(step.measurement().trimmedRequests()).isEqualTo(2 + 5);
    assertThat(step.numRequests()).isEqualTo(20);
    assertThat(step.statistics().successful()).isEqualTo(20);
    assertThat(step.statistics().measured().latency().count()).isEqualTo(13);
  }
}
