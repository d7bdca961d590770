package io.github.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.Load;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One test per failure cause, each produced by the simulator's fault injection (or, for a refused connection, by a
 * port where nothing listens), checking the outcome's kind and the step's count by cause. An error inside a stream
 * has no simulator fault; {@link StreamingTest} produces it with a recorded stream.
 */
@Timeout(60)
class FailureCausesTest {
  record Run(RequestOutcome first, StepStatistics stats) {}

  private static Run run(SimulatorConfig config, boolean stream, int concurrency, int n, String model,
      Duration timeout) {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      return run(server.baseUrl(), model == null ? server.model() : model, stream, concurrency, n, timeout);
    }
  }

  private static Run run(String baseUrl, String model, boolean stream, int concurrency, int n, Duration timeout) {
    Target target = Target.builder().baseUrl(baseUrl).model(model).requestTimeout(timeout).build();
    Benchmark b = Benchmark.builder().name("faults").target(target).stream(stream)
        .phases(Phase.of("P",
            Step.of("s", Load.concurrency(concurrency), n, RequestBuilders.chat("Hello", 6)))).build();
    InMemorySink sink = new InMemorySink();
    BenchmarkRunner.builder().addSink(sink).abortWhenUnreachable(false).build().run(b);
    return new Run(sink.outcomes().get(0), sink.steps().get(0).statistics());
  }

  private static SimulatorConfig.Builder fast() {
    return StreamingTest.sim();
  }

  private static SimulatorConfig faults(FaultConfig.Builder faults) {
    return fast().faults(faults.build()).build();
  }

  private static final Duration LONG = Duration.ofSeconds(30);

  @Test
  void http4xxByStatus() {
    Run r = run(fast().build(), true, 1, 2, "no-such-model", LONG);
    assertThat(r.first().failureKind()).isEqualTo(RequestOutcome.FailureKind.HTTP_STATUS);
    assertThat(r.stats().measured().failures()).isEqualTo(Map.of("http_404", 2));
  }

  @Test
  void http5xxByStatus() {
    Run r = run(faults(FaultConfig.builder().errorRate(1)), true, 1, 2, null, LONG);
    assertThat(r.stats().measured().failures()).isEqualTo(Map.of("http_500", 2));
  }

  @Test
  void backpressureByStatus() {
    SimulatorConfig config = fast().maxRunningSequences(1).maxWaitingRequests(0).rejectStatus(429)
        .stepBaseTime(Duration.ofMillis(20)).build();
    Run r = run(config, true, 6, 6, null, LONG);
    assertThat(r.stats().measured().failures()).containsOnlyKeys("backpressure_429");
    assertThat(r.stats().successful()).isPositive();
  }

  @Test
  void timeout() {
    Run r = run(faults(FaultConfig.builder().slowFirstByte(Duration.ofSeconds(3))), true, 1, 1, null,
        Duration.ofMillis(300));
    assertThat(r.stats().measured().failures()).isEqualTo(Map.of("timeout", 1));
  }

  @Test
  void connectionRefused() {
    Run r = run("http://127.0.0.1:" + TestServers.closedPort(), "m", true, 1, 1, LONG);
    assertThat(r.stats().measured().failures()).isEqualTo(Map.of("connection_refused", 1));
  }

  @Test
  void connectionResetOfAWholeBody() {
    Run r = run(faults(FaultConfig.builder().dropRate(1)), false, 1, 2, null, LONG);
    assertThat(r.stats().measured().failures()).isEqualTo(Map.of("connection_reset", 2));
  }

  @Test
  void streamCutWhenTheConnectionDropsMidStream() {
    Run r = run(faults(FaultConfig.builder().dropRate(1)), true, 1, 2, null, LONG);
    assertThat(r.first().failureKind()).isEqualTo(RequestOutcome.FailureKind.STREAM_CUT);
    assertThat(r.stats().measured().failures()).isEqualTo(Map.of("stream_cut", 2));
    assertThat(r.stats().measured().stream()).isEmpty(); // failed requests do not enter the stream figures
  }

  @Test
  void malformedChunk() {
    Run r = run(faults(FaultConfig.builder().malformedRate(1)), true, 1, 2, null, LONG);
    assertThat(r.stats().measured().failures()).isEqualTo(Map.of("malformed_chunk", 2));
  }

  @Test
  void malformedWholeBody() {
    Run r = run(faults(FaultConfig.builder().malformedRate(1)), false, 1, 1, null, LONG);
    assertThat(r.stats().measured().failures()).isEqualTo(Map.of("malformed_body", 1));
  }

  @Test
  void aStallIsNoFailureButShowsInTheGaps() {
    Run r = run(faults(FaultConfig.builder().stallRate(1).stallDuration(Duration.ofMillis(300))), true, 1, 1, null,
        LONG);
    assertThat(r.stats().measured().failures()).isEmpty();
    assertThat(r.stats().measured().stream().orElseThrow().itl().maxSec()).isGreaterThanOrEqualTo(0.29);
  }
}
