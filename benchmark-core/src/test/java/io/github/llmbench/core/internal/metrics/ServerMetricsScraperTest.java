package io.github.llmbench.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.ServerMetrics;
import io.github.llmbench.core.TimeSource;
import io.github.llmbench.simulator.RequestTrace;
import io.github.llmbench.simulator.ServerStatistics;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scraper over real HTTP: against the simulator's /metrics, and against servers without usable metrics. Its
 * periodic scrapes run only when a test ticks them ({@link ManualTicks}), so what each window holds does not depend
 * on how the machine schedules threads; what is inherently asynchronous (the simulator's engine) is waited for.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerMetricsScraperTest {
  /** Given to the scraper; its periodic scrapes run only when a test ticks them, whatever the interval. */
  static final Duration INTERVAL = Duration.ofMillis(20);
  final OkHttpClient client = new OkHttpClient();
  final ManualTicks ticks = new ManualTicks();
  final HttpClient load = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  ServerMetricsScraper scraper(String url, String model, Duration timeout) {
    ServerMetricsScraper scraper = new ServerMetricsScraper(client, HttpUrl.get(url), model, INTERVAL, timeout,
        TimeSource.SYSTEM, ticks);
    toClose.add(scraper);
    return scraper;
  }

  SimulatedLlmServer simulator(SimulatorConfig config) {
    SimulatedLlmServer server = SimulatedLlmServer.start(config);
    toClose.add(server);
    return server;
  }

  List<CompletableFuture<HttpResponse<String>>> send(SimulatedLlmServer server, int count, int maxTokens) {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String body = "{\"model\":\"" + server.model() + "\",\"messages\":[{\"role\":\"user\",\"content\":\"request "
          + i + "\"}],\"max_tokens\":" + (maxTokens + i % 7) + (i % 2 == 0 ? ",\"stream\":true" : "") + "}";
      calls.add(load.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
          .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    return calls;
  }

  static void awaitAll(List<CompletableFuture<HttpResponse<String>>> calls) {
    CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).join();
  }

  @Test
  void theWindowsSummaryAgreesWithTheSimulatorsStatistics() throws Exception {
    // 8 batch slots, and a KV cache too small for 8 sequences of ~60 tokens: the engine preempts.
    SimulatorConfig config = SimulatorConfig.builder().model("org/sim").stepBaseTime(Duration.ofMillis(2))
        .stepTimePerSequence(Duration.ZERO).prefillTimePerToken(Duration.ZERO)
        .maxRunningSequences(8).maxWaitingRequests(24).kvCacheTokens(400).build();
    SimulatedLlmServer server = simulator(config);
    awaitAll(send(server, 6, 10)); // before the window: must not count in it
    awaitSettled(server, 6, 0);
    long generatedBefore = generatedTokens(server);
    server.resetStatistics();
    ServerMetricsScraper scraper = scraper(server.baseUrl() + "/metrics", "org/sim", Duration.ofSeconds(2));

    scraper.start("c=30");
    List<CompletableFuture<HttpResponse<String>>> calls = send(server, 30, 60);
    // One periodic scrape while the batch is full and the KV cache has just overflowed: 30 requests of 60+ tokens
    // in 8 slots leave over a hundred 2 ms steps of work after that, so the gauges read busy.
    await("a full batch and a preemption", () -> server.statistics().maxRunning() == 8
        && server.statistics().preemptions() > 0);
    assertThat(ticks.tick()).as("a periodic scrape is scheduled").isTrue();
    awaitAll(calls);
    awaitSettled(server, 30, generatedBefore);
    ScrapeWindow window = scraper.stop();
    ServerStatistics stats = server.statistics();

    assertThat(calls).allSatisfy(c -> assertThat(c.join().statusCode()).isEqualTo(200));
    assertThat(window.scrapes()).hasSize(3); // start, the tick, stop
    ServerMetrics m = window.summary().orElseThrow();
    assertThat(m.scrapes()).isEqualTo(window.scrapes().size());
    assertThat(m.source()).isEqualTo(server.baseUrl() + "/metrics");
    assertThat(stats.preemptions()).isPositive();
    assertThat(m.preemptions()).hasValue(stats.preemptions());
    assertThat(m.generationTokens()).hasValue(stats.requests().stream().mapToLong(RequestTrace::completionTokens)
        .sum());
    assertThat(m.promptTokens()).hasValue(stats.requests().stream().mapToLong(RequestTrace::promptTokens).sum());
    assertThat(m.succeededRequests()).hasValue(stats.completed());
    assertThat(m.endToEnd().orElseThrow().count()).isEqualTo(stats.completed());
    assertThat(m.timeToFirstToken().orElseThrow().count()).isEqualTo(stats.completed());
    assertThat(m.queueTime().orElseThrow().count()).isEqualTo(stats.completed());
    // The gauges never exceed the simulator's own peaks, nor its limits.
    assertThat(m.runningRequestsMax().getAsDouble()).isPositive().isLessThanOrEqualTo(stats.maxRunning())
        .isLessThanOrEqualTo(8);
    assertThat(m.waitingRequestsMax().getAsDouble()).isLessThanOrEqualTo(stats.maxWaiting())
        .isLessThanOrEqualTo(config.capacity() - 1);
    assertThat(m.runningRequestsMean().getAsDouble()).isBetween(0.0, m.runningRequestsMax().getAsDouble());
    assertThat(m.kvCacheUsageMaxFraction().getAsDouble()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
    // The server's own mean e2e lies within what the client could see: no request took longer than the window.
    double e2eMeanSec = m.endToEnd().orElseThrow().meanSec();
    double longestTraceSec = stats.requests().stream().mapToLong(t -> t.latency().toNanos()).max().orElseThrow() / 1e9;
    assertThat(e2eMeanSec).isPositive().isLessThanOrEqualTo(longestTraceSec);
    assertThat(m.endToEnd().orElseThrow().p99().lowerSec())
        .isGreaterThanOrEqualTo(m.endToEnd().orElseThrow().p50().lowerSec());
    assertThat(m.reasonFragment()).contains("KV cache", "preemption");
  }

  @Test
  void aServerWithoutMetricsIsNotedOnceAndThenCostsNothing() throws Exception {
    SimulatedLlmServer server = simulator(SimulatorConfig.builder().metricsEnabled(false).build());
    ServerMetricsScraper scraper = scraper(server.baseUrl() + "/metrics", server.model(), Duration.ofSeconds(2));

    scraper.start("first");
    assertThat(ticks.tick()).as("a periodic scrape after a 404").isFalse();
    ScrapeWindow first = scraper.stop();
    scraper.start("second");
    assertThat(ticks.tick()).as("a periodic scrape after a 404").isFalse();
    ScrapeWindow second = scraper.stop();

    assertThat(scraper.unavailableReason()).hasValue("GET " + server.baseUrl() + "/metrics answered HTTP 404");
    assertThat(scraper.requestsMade()).isEqualTo(1);
    assertThat(server.statistics().requests("/metrics")).isEqualTo(1);
    assertThat(first.scrapes()).isEmpty();
    assertThat(second.scrapes()).isEmpty();
    assertThat(second.summary()).isEmpty();
  }

  @Test
  void aRefusedConnectionIsDefinite() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    ServerMetricsScraper scraper = scraper("http://127.0.0.1:" + port + "/metrics", "m", Duration.ofSeconds(2));

    scraper.start("first");
    assertThat(ticks.tick()).as("a periodic scrape after a refused connection").isFalse();
    ScrapeWindow window = scraper.stop();
    scraper.start("second");
    scraper.stop();

    assertThat(window.scrapes()).isEmpty();
    assertThat(scraper.unavailableReason()).hasValueSatisfying(r ->
        assertThat(r).startsWith("GET http://127.0.0.1:" + port + "/metrics failed: "));
    assertThat(scraper.requestsMade()).isEqualTo(1);
  }

  @Test
  void aBodyThatIsNotPrometheusIsDefinite() throws Exception {
    MockWebServer web = mock(r -> new MockResponse.Builder().code(200).addHeader("content-type", "text/html")
        .body("<!DOCTYPE html><html><body>It works</body></html>").build());
    ServerMetricsScraper scraper = scraper(web.url("/metrics").toString(), "m", Duration.ofSeconds(2));

    scraper.start("first");
    assertThat(ticks.tick()).as("a periodic scrape after a body that is not metrics").isFalse();
    scraper.stop();
    scraper.start("second");
    assertThat(ticks.tick()).as("a periodic scrape after a body that is not metrics").isFalse();
    scraper.stop();

    assertThat(scraper.unavailableReason()).hasValueSatisfying(r -> assertThat(r)
        .isEqualTo("GET " + web.url("/metrics") + " is not the Prometheus text format (line 1: invalid metric name"
            + " at '<!DOCTYPE html><html><body>It works</body></html>')"));
    assertThat(web.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aTimeoutOnlyLosesThatScrapeAndNothingIsRetriedOrFollowed() throws Exception {
    AtomicInteger served = new AtomicInteger();
    MockWebServer web = mock(r -> {
      int n = served.incrementAndGet();
      MockResponse.Builder ok = new MockResponse.Builder().code(200)
          .body("vllm:num_requests_running{model_name=\"m\"} " + n + "\n");
      // The first answer comes long after the timeout; the others at once, well within it on a loaded machine.
      return n == 1 ? ok.headersDelay(5, TimeUnit.SECONDS).build() : ok.build();
    });
    ServerMetricsScraper scraper = scraper(web.url("/metrics").toString(), "m", Duration.ofSeconds(1));

    scraper.start("step"); // the first scrape times out
    assertThat(ticks.tick()).as("periodic scrapes go on after a timeout").isTrue();
    assertThat(ticks.tick()).isTrue();
    ScrapeWindow window = scraper.stop();

    assertThat(scraper.unavailableReason()).isEmpty();
    assertThat(window.scrapes()).hasSize(3); // the two ticks and stop; the timed-out one is lost
    assertThat(scraper.requestsMade()).isEqualTo(4);
    // Every request the scraper made reached the server once (the timed-out one was not sent again).
    assertThat(web.getRequestCount()).isEqualTo(4);
    assertThat(window.summary().orElseThrow().runningRequestsMax().getAsDouble()).isEqualTo(4.0);

    MockWebServer redirecting = mock(r -> new MockResponse.Builder().code(302)
        .addHeader("location", "http://127.0.0.1:1/elsewhere").build());
    ServerMetricsScraper redirected = scraper(redirecting.url("/metrics").toString(), "m", Duration.ofSeconds(2));
    redirected.start("step");
    redirected.stop();
    assertThat(redirected.unavailableReason()).hasValue("GET " + redirecting.url("/metrics") + " answered HTTP 302");
    assertThat(redirecting.getRequestCount()).isEqualTo(1);
  }

  @Test
  void stopWithoutStartGivesAnEmptyWindow() {
    ServerMetricsScraper scraper = scraper("http://127.0.0.1:9/metrics", "m", Duration.ofSeconds(1));
    assertThat(scraper.stop().scrapes()).isEmpty();
    assertThat(scraper.requestsMade()).isZero();
  }

  /**
   * Waits until the simulator has recorded all of {@code completed} answered requests in its traces and in its
   * /metrics (the engine updates its counters just after it hands a request its last token, so a client can hold a
   * full answer a moment before the server has counted it).
   */
  void awaitSettled(SimulatedLlmServer server, int completed, long generatedBefore) throws InterruptedException {
    await(completed + " requests counted by the simulator", () -> {
      ServerStatistics stats = server.statistics();
      long generated = stats.requests().stream().mapToLong(RequestTrace::completionTokens).sum();
      return stats.completed() == completed && generatedTokens(server) == generatedBefore + generated;
    });
  }

  /** The simulator's {@code vllm:generation_tokens_total}, read from its /metrics. */
  long generatedTokens(SimulatedLlmServer server) {
    okhttp3.Request request = new okhttp3.Request.Builder().url(server.baseUrl() + "/metrics").build();
    try (okhttp3.Response response = client.newCall(request).execute()) {
      PrometheusExposition exposition = PrometheusTextParser.parse(response.body().string());
      return (long) exposition.samples().stream().filter(s -> s.name().equals("vllm:generation_tokens_total"))
          .findFirst().orElseThrow().value();
    } catch (IOException e) {
      throw new AssertionError("cannot read the simulator's /metrics", e);
    }
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // generous: only a failure waits it out
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadlineNanos) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(2);
    }
  }

  /**
   * The scraper's executor, whose periodic task runs only when the test calls {@link #tick()}, on the test's
   * thread; the scraper's cancel of it works as on a real executor.
   */
  static final class ManualTicks extends ScheduledThreadPoolExecutor {
    private @Nullable Runnable periodic;
    private @Nullable ScheduledFuture<?> handle;

    ManualTicks() {
      super(1);
    }

    @Override
    public synchronized ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period,
        TimeUnit unit) {
      periodic = task;
      handle = super.schedule(() -> { }, 1, TimeUnit.DAYS); // a handle to cancel; never runs the task
      return handle;
    }

    /** Runs one periodic scrape now, if one is scheduled and not cancelled; @return whether one ran */
    boolean tick() {
      Runnable task;
      synchronized (this) {
        if (periodic == null || handle == null || handle.isCancelled()) return false;
        task = periodic;
      }
      task.run();
      return true;
    }
  }

  MockWebServer mock(Handler handler) throws IOException {
    MockWebServer web = new MockWebServer();
    web.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return handler.handle(request);
      }
    });
    web.start(InetAddress.getByName("127.0.0.1"), 0);
    toClose.add(web);
    return web;
  }

  @FunctionalInterface
  interface Handler {
    MockResponse handle(RecordedRequest request);
  }
}
