package io.github.llmbench.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.BenchmarkRunner;
import io.github.llmbench.simulator.FaultConfig;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sink fed by real runs against the simulator over loopback HTTP, its meters checked against the run's own
 * results (kept by an {@link InMemorySink} beside it).
 */
class MicrometerSinkTest {
  private static final int TOKENS = 6;

  private static SimulatorConfig.Builder fastSimulator() {
    return SimulatorConfig.builder().stepBaseTime(Duration.ofMillis(2)).stepTimePerSequence(Duration.ZERO)
        .prefillTimePerToken(Duration.ZERO);
  }

  private static Benchmark benchmark(SimulatedLlmServer server, boolean stream) {
    return Benchmark.builder().name("micrometer").target(Target.of(server.baseUrl(), server.model())).stream(stream)
        .phases(Phase.of("warm", Step.of("c2", Load.concurrency(2), 10, RequestBuilders.chat("Hello", TOKENS))),
            Phase.of("load", Step.of("c4", Load.concurrency(4), 40, RequestBuilders.chat("Hello there", TOKENS))))
        .build();
  }

  private static BenchmarkResult run(Benchmark benchmark, MicrometerSink sink, InMemorySink truth) {
    return BenchmarkRunner.builder().addSink(sink).addSink(truth).abortWhenUnreachable(false).build().run(benchmark);
  }

  @Test
  @Timeout(60)
  void metersEqualTheRunsResultsStepByStep() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerSink sink = MicrometerSink.builder(registry, "llmbench").tags("env", "test").build();
    InMemorySink truth = new InMemorySink();
    SimulatorConfig config = fastSimulator().faults(FaultConfig.builder().errorRate(0.3).build()).build();
    BenchmarkResult result;
    String model;
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      model = server.model();
      result = run(benchmark(server, true), sink, truth);
    }

    assertThat(result.steps()).hasSize(2);
    int totalFailures = 0;
    for (StepResult step : result.steps()) {
      StepStatistics stats = step.statistics();
      List<RequestOutcome> outcomes = truth.outcomes(step.testName());
      String[] tags = {"phase", step.phase(), "step", step.testName(), "model", model, "env", "test"};

      Timer ok = registry.get("llmbench.request.latency").tags(tags).tag("outcome", "success").timer();
      Timer failed = registry.get("llmbench.request.latency").tags(tags).tag("outcome", "failure").timer();
      assertThat(ok.count() + failed.count()).isEqualTo(stats.numRequests()).isEqualTo(outcomes.size());
      assertThat(ok.count()).isEqualTo(stats.successful());
      assertThat(failed.count()).isEqualTo(stats.failed());
      long okLatencyNanos = outcomes.stream().filter(RequestOutcome::success).mapToLong(RequestOutcome::latencyNanos)
          .sum();
      assertThat(ok.totalTime(TimeUnit.NANOSECONDS)).isCloseTo(okLatencyNanos, within(1_000.0 * outcomes.size()));

      // Every successful request was streamed, so it has one TTFT and TOKENS - 1 inter-token gaps.
      long streamed = outcomes.stream().filter(o -> o.success() && o.streamTiming() != null).count();
      assertThat(streamed).isEqualTo(stats.successful()).isPositive();
      Timer ttft = registry.get("llmbench.request.ttft").tags(tags).timer();
      assertThat(ttft.count()).isEqualTo(streamed);
      long ttftNanos = outcomes.stream().filter(RequestOutcome::success).mapToLong(o -> o.streamTiming().ttftNanos())
          .sum();
      assertThat(ttft.totalTime(TimeUnit.NANOSECONDS)).isCloseTo(ttftNanos, within(1_000.0 * outcomes.size()));
      long gaps = outcomes.stream().filter(RequestOutcome::success)
          .mapToLong(o -> o.streamTiming().interTokenGapsNanos().length).sum();
      assertThat(registry.get("llmbench.request.itl").tags(tags).timer().count()).isEqualTo(gaps)
          .isEqualTo(streamed * (TOKENS - 1));

      Map<String, Integer> failuresByCause = new HashMap<>();
      for (Counter c : registry.find("llmbench.request.failures").tags(tags).counters()) {
        failuresByCause.put(c.getId().getTag("cause"), (int) c.count());
      }
      assertThat(failuresByCause).isEqualTo(stats.measured().failures());
      totalFailures += stats.failed();

      assertThat(registry.get("llmbench.tokens").tags(tags).tag("type", "prompt").counter().count())
          .isEqualTo(stats.promptTokens());
      assertThat(registry.get("llmbench.tokens").tags(tags).tag("type", "completion").counter().count())
          .isEqualTo(stats.completionTokens()).isEqualTo(stats.successful() * TOKENS);

      for (Status status : Status.values()) {
        double count = registry.get("llmbench.steps").tags(tags).tag("status", status.name().toLowerCase(Locale.ROOT))
            .counter().count();
        assertThat(count).as("steps with status %s", status).isEqualTo(status == step.status() ? 1 : 0);
      }
    }
    // The simulator's 30 % error rate answers HTTP 500: the fault injection reached the counters.
    assertThat(totalFailures).isPositive();
    assertThat(registry.find("llmbench.request.failures").tag("cause", "http_500").counters()).isNotEmpty();
  }

  @Test
  @Timeout(60)
  void noTagGrowsWithTheNumberOfRequests() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    InMemorySink truth = new InMemorySink();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(fastSimulator().build())) {
      run(benchmark(server, true), MicrometerSink.builder(registry, "llmbench").build(), truth);
    }
    assertThat(truth.outcomes()).hasSize(50);
    List<String> allowed = List.of("phase", "step", "model", "outcome", "cause", "type", "status");
    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().getTags()).extracting(Tag::getKey).isSubsetOf(allowed);
    }
    // Two steps: 2 latency timers, ttft, itl, 2 token counters and 4 step-status counters each; no failures.
    assertThat(registry.getMeters()).hasSize(2 * (2 + 1 + 1 + 2 + Status.values().length));
  }

  @Test
  @Timeout(60)
  void unstreamedRequestsRecordNoTokenTimesAndTheModelCanBeFixed() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    InMemorySink truth = new InMemorySink();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(fastSimulator().build())) {
      run(benchmark(server, false), MicrometerSink.builder(registry, "bench").model("short-name").build(), truth);
    }
    assertThat(registry.get("bench.request.latency").tag("model", "short-name").tag("outcome", "success").timers()
        .stream().mapToLong(Timer::count).sum()).isEqualTo(truth.outcomes().size()).isEqualTo(50);
    assertThat(registry.get("bench.request.ttft").timers()).allMatch(t -> t.count() == 0);
    assertThat(registry.get("bench.request.itl").timers()).allMatch(t -> t.count() == 0);
  }

  /**
   * Keeps the distribution config each timer was registered with: SimpleMeterRegistry does not support aggregable
   * percentiles, so its snapshots never show the percentile-histogram buckets a Prometheus registry would publish.
   */
  static final class ConfigCapturingRegistry extends SimpleMeterRegistry {
    final Map<String, DistributionStatisticConfig> timerConfigs = new ConcurrentHashMap<>();

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
      timerConfigs.put(id.getName() + id.getTags(), config);
      return super.newTimer(id, config, pauseDetector);
    }
  }

  @Test
  @Timeout(60)
  void percentilesAndHistogramArePublishedOnlyWhenAsked() {
    ConfigCapturingRegistry withPercentiles = new ConfigCapturingRegistry();
    ConfigCapturingRegistry plain = new ConfigCapturingRegistry();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(fastSimulator().build())) {
      Benchmark benchmark = benchmark(server, true);
      run(benchmark, MicrometerSink.builder(withPercentiles, "llmbench").percentiles(0.5, 0.99)
          .percentileHistogram(true).build(), new InMemorySink());
      run(benchmark, MicrometerSink.builder(plain, "llmbench").build(), new InMemorySink());
    }
    HistogramSnapshot snapshot = withPercentiles.get("llmbench.request.ttft").tag("step", "c4").timer().takeSnapshot();
    assertThat(snapshot.percentileValues()).hasSize(2);
    assertThat(snapshot.percentileValues()[1].value(TimeUnit.NANOSECONDS))
        .isGreaterThanOrEqualTo(snapshot.percentileValues()[0].value(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(withPercentiles.timerConfigs).hasSize(8)  // 4 timers in each of 2 steps
        .allSatisfy((id, config) -> assertThat(config.isPercentileHistogram()).as(id).isTrue());

    HistogramSnapshot none = plain.get("llmbench.request.ttft").tag("step", "c4").timer().takeSnapshot();
    assertThat(none.percentileValues()).isEmpty();
    assertThat(plain.timerConfigs).hasSize(8)
        .allSatisfy((id, config) -> assertThat(config.isPercentileHistogram()).as(id).isNotEqualTo(Boolean.TRUE));
  }

  @Test
  void badSettingsNameTheFieldAndValue() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    assertThatThrownBy(() -> MicrometerSink.builder(registry, " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name (\" \") should not be blank");
    assertThatThrownBy(() -> MicrometerSink.builder(registry, "x").tags("env"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tags ([env]) should be key/value pairs");
    assertThatThrownBy(() -> MicrometerSink.builder(registry, "x").percentiles(0.5, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("percentile (1.5) should be in [0, 1]");
    assertThatThrownBy(() -> MicrometerSink.builder(registry, "x").model(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("model (\"\") should not be blank");
  }
}
