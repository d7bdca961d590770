package io.github.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Shard;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A closed loop whose workers ramp up: each starts when the ramp reaches it, over loopback against the simulator. */
@Timeout(60)
class ClosedLoopRampTest {
  @Test
  void eachWorkerStartsWhenTheRampReachesIt() {
    // 1 worker rising to 4 over 900 ms: workers start at 0, 300, 600 and 900 ms; each sends one ~1 s request.
    Load.ClosedLoop load = Load.concurrency(4).rampUp(Load.WorkerRamp.linear(1, Duration.ofMillis(900)));
    assertThat(load.startNanos(0)).isZero();
    assertThat(load.startNanos(1)).isEqualTo(300_000_000);
    assertThat(load.startNanos(3)).isEqualTo(900_000_000);
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().build())) {
      InMemorySink sink = new InMemorySink();
      BenchmarkRunner.builder().addSink(sink).build().run(Benchmark.builder().name("ramp")
          .target(Target.of(server.baseUrl(), server.model()))
          .phases(Phase.of("P", Step.of("c4", load, 4, RequestBuilders.chat("Hi", 100)))).build());
      long[] starts = sink.outcomes().stream().filter(RequestOutcome::success)
          .mapToLong(RequestOutcome::startOffsetNanos).sorted().toArray();
      assertThat(starts).hasSize(4);
      for (int w = 0; w < 4; w++) {
        assertThat(starts[w] - load.startNanos(w)).as("worker %d's start, ns after its ramp time", w)
            .isBetween(0L, Duration.ofMillis(50).toNanos());
      }
      // A ramp's late workers are late on purpose: they are not the client's start spread.
      assertThat(sink.steps().get(0).measurement().startSpreadNanos()).isLessThan(Duration.ofMillis(50).toNanos());
    }
  }

  @Test
  void anExponentialRampDoublesTheWorkersInEqualTimes() {
    Load.WorkerRamp ramp = Load.WorkerRamp.exponential(2, Duration.ofSeconds(3));
    // 2 to 16 workers over 3 s: 4 at 1 s, 8 at 2 s, 16 at 3 s.
    assertThat(ramp.startNanos(1, 16)).isZero();
    assertThat(ramp.startNanos(3, 16)).isEqualTo(1_000_000_000);
    assertThat(ramp.startNanos(7, 16)).isEqualTo(2_000_000_000);
    assertThat(ramp.startNanos(15, 16)).isEqualTo(3_000_000_000L);
    assertThat(ramp.describe()).isEqualTo("exponential from 2 workers over 3 s");
    assertThatThrownBy(() -> Load.concurrency(1).rampUp(ramp))
        .hasMessage("the ramp's fromWorkers (2) should be at most concurrency (1)");
    // Two shards: each runs half the workers, from half the first ones, over the same time.
    Step half = new Shard(0, 2).of(Step.of("c16", Load.concurrency(16).rampUp(ramp), 32,
        RequestBuilders.chat("Hi", 4))).orElseThrow();
    assertThat(half.load()).isEqualTo(Load.concurrency(8).rampUp(Load.WorkerRamp.exponential(1, Duration.ofSeconds(3))));
  }
}
