package io.github.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Target;
import io.github.llmbench.simulator.FaultConfig;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Open-loop steps against the simulator: latencies count from the scheduled time, so a stalled server shows. */
@ParameterizedClass(name = "{0}")
@EnumSource(ClientSettings.TransportKind.class)
@Timeout(60)
class OpenLoopTest {
  /** Every test here runs against both transports: one conformance suite. */
  @Parameter
  ClientSettings.TransportKind transport;

  private InMemorySink run(SimulatedLlmServer server, Step step, boolean stream) {
    Benchmark b = Benchmark.builder().transport(transport).name("open").target(Target.of(server.baseUrl(),
        server.model())).stream(stream)
        .phases(Phase.of("P", step)).build();
    InMemorySink sink = new InMemorySink();
    BenchmarkRunner.builder().addSink(sink).build().run(b);
    return sink;
  }

  @Test
  void aStalledServerBehindACeilingMakesRequestsLateAndTheLatenciesIncludeTheWait() {
    // Every response stalls 150 ms; one request may be in flight; the schedule asks for one every 20 ms.
    SimulatorConfig config = StreamingTest.sim()
        .faults(FaultConfig.builder().stallRate(1).stallDuration(Duration.ofMillis(150)).build()).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      Step step = Step.of("r50", Load.rate(50).maxConcurrency(1), 8, RequestBuilders.chat("Hi", 4));
      InMemorySink sink = run(server, step, true);
      List<RequestOutcome> outcomes = sink.outcomes().stream()
          .sorted(Comparator.comparingInt(RequestOutcome::requestIndex)).toList();
      assertThat(outcomes).hasSize(8).allMatch(RequestOutcome::success);
      RequestOutcome last = outcomes.get(7);
      // Scheduled at 140 ms, it could only go out after seven 150 ms requests: at least ~0.9 s late.
      assertThat(last.sendDelayNanos()).isGreaterThan(Duration.ofMillis(900).toNanos());
      assertThat(last.startOffsetNanos()).isBetween(Duration.ofMillis(130).toNanos(), Duration.ofMillis(150).toNanos());
      assertThat(last.latencyNanos()).isGreaterThan(last.sendDelayNanos() + Duration.ofMillis(140).toNanos());
      assertThat(last.streamTiming().ttftNanos()).isGreaterThan(last.sendDelayNanos());
      // The server's own latencies are all short: the wait happened in the client, and still counts.
      assertThat(server.statistics().requests())
          .allMatch(t -> t.latency().compareTo(Duration.ofMillis(900)) < 0);
      StepStatistics stats = sink.steps().get(0).statistics();
      OpenLoopStatistics open = stats.measured().openLoop().orElseThrow();
      assertThat(open.arrival()).isEqualTo(io.github.llmbench.api.Load.Arrival.CONSTANT);
      assertThat(open.targetRatePerSec()).isEqualTo(50.0);
      assertThat(open.maxConcurrency()).isEqualTo(1);
      assertThat(open.achievedRatePerSec()).isLessThan(10.0);
      assertThat(open.sendDelay().maxSec()).isGreaterThan(0.9);
      assertThat(stats.measured().latency().maxSec()).isGreaterThan(1.0);
      assertThat(sink.steps().get(0).concurrency()).isEqualTo(1);
    }
  }

  @Test
  void withoutACeilingRequestsGoOutOnSchedule() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(StreamingTest.sim().build())) {
      Step step = Step.of("p20", Load.rate(20).poisson(7), 10, RequestBuilders.chat("Hi", 4));
      InMemorySink sink = run(server, step, false);
      assertThat(sink.outcomes()).hasSize(10).allMatch(RequestOutcome::success);
      StepStatistics stats = sink.steps().get(0).statistics();
      OpenLoopStatistics open = stats.measured().openLoop().orElseThrow();
      assertThat(open.arrival()).isEqualTo(io.github.llmbench.api.Load.Arrival.POISSON);
      assertThat(open.maxConcurrency()).isZero();
      assertThat(open.sendDelay().count()).isEqualTo(10);
      assertThat(open.sendDelay().p50Sec()).isLessThan(0.5); // generous: a thread start, not a queue
      assertThat(sink.steps().get(0).concurrency()).isZero();
    }
  }

  @Test
  void aRampedGammaScheduleReachesTheServerAsScheduled() {
    // 10/s rising to 60/s over 1.5 s, gamma gaps twice as variable as Poisson's
    Load.OpenLoop load = Load.rate(60).gamma(0.5, 9).ramp(Load.Ramp.linear(10, Duration.ofMillis(1500)));
    int n = (int) Math.ceil(load.expectedArrivals(2.5));
    try (SimulatedLlmServer server = SimulatedLlmServer.start(StreamingTest.sim().build())) {
      InMemorySink sink = run(server, Step.of("ramp", load, n, RequestBuilders.chat("Hi", 4)), false);
      assertThat(sink.outcomes()).hasSize(n).allMatch(RequestOutcome::success);
      long[] scheduled = sink.outcomes().stream().mapToLong(RequestOutcome::startOffsetNanos).sorted().toArray();
      long[] arrived = server.statistics().requests().stream().mapToLong(t -> t.arrivalNanos()).sorted().toArray();
      assertThat(arrived).hasSize(n);
      // The k-th request the server saw arrived when the k-th was scheduled, on the server's clock shifted by the
      // median offset between the two: a schedule without its ramp or its gaps would be off by hundreds of ms.
      long[] residual = new long[n];
      for (int i = 0; i < n; i++) residual[i] = arrived[i] - scheduled[i];
      long[] sorted = residual.clone();
      java.util.Arrays.sort(sorted);
      long shift = sorted[n / 2];
      long[] off = java.util.Arrays.stream(residual).map(r -> Math.abs(r - shift)).sorted().toArray();
      assertThat(off[n * 9 / 10]).as("90th percentile of |arrival - schedule|, ns").isLessThan(20_000_000L);
      assertThat(off[n - 1]).as("largest |arrival - schedule|, ns").isLessThan(250_000_000L);
      OpenLoopStatistics open = sink.steps().get(0).statistics().measured().openLoop().orElseThrow();
      assertThat(open.arrival()).isEqualTo(Load.Arrival.GAMMA);
      assertThat(open.burstiness()).isEqualTo(0.5);
      assertThat(open.arrivalLabel()).isEqualTo("gamma 0.5");
      assertThat(open.ramp()).contains(Load.Ramp.linear(10, Duration.ofMillis(1500)));
      assertThat(open.ramp().orElseThrow().describe()).isEqualTo("linear from 10/s over 1.5 s");
    }
  }
}
