package io.github.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Target;
import io.github.llmbench.simulator.FaultConfig;
import io.github.llmbench.simulator.RequestTrace;
import io.github.llmbench.simulator.ServerStatistics;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12 item 7: for every fault the simulator can inject, streamed and not, the failures llmbench counts by cause
 * equal the faults the simulator says it injected, taken from its own statistics (the status of each request's
 * trace, its completed / rejected / failed counts and its timings), never from the fault rates. Faults that are not
 * failures (a slow first byte, a stall shorter than the timeout, missing usage) are checked as successes with the
 * figures they must show. Rates are below 1 so that faulted and clean requests mix in one step.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ClientSettings.TransportKind.class)
@Timeout(120)
class FaultSuiteTest {
  /** Every test here runs against both transports: one conformance suite. */
  @Parameter
  ClientSettings.TransportKind transport;

  private static final Duration LONG = Duration.ofSeconds(30);
  private static final int N = 40;

  record Run(InMemorySink sink, StepStatistics step, ServerStatistics server) {
    List<RequestTrace> traces() {
      return server.requests();
    }

    long traces(Predicate<RequestTrace> p) {
      return server.requests().stream().filter(p).count();
    }

    /** Requests answered 200 that the simulator did not count as completed: its malformed bodies. */
    long malformed() {
      return traces(t -> t.status() == 200) - server.completed();
    }
  }

  private static SimulatorConfig.Builder fast() {
    return SimulatorConfig.builder().stepBaseTime(Duration.ofMillis(2)).stepTimePerSequence(Duration.ZERO)
        .prefillTimePerToken(Duration.ZERO).timeScale(0.5).seed(9);
  }

  private Run run(SimulatorConfig config, boolean stream, int concurrency, int n, Duration timeout) {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      Target target = Target.builder().baseUrl(server.baseUrl()).model(server.model()).requestTimeout(timeout).build();
      Benchmark benchmark = Benchmark.builder().transport(transport).name("faults").target(target).stream(stream)
          .phases(Phase.of("P",
              Step.of("s", Load.concurrency(concurrency), n, RequestBuilders.chat("Hello", 6)))).build();
      InMemorySink sink = new InMemorySink();
      BenchmarkRunner.builder().addSink(sink).abortWhenUnreachable(false).build().run(benchmark);
      ServerStatistics seen = awaitTraces(server, n);
      assertThat(sink.outcomes()).hasSize(n);
      StepStatistics step = sink.steps().get(0).statistics();
      assertThat(step.numRequests()).isEqualTo(n);
      // Every send is one generation request at the server, and each is in its statistics exactly once.
      assertThat(seen.requests()).hasSize(n);
      assertThat(seen.completed() + seen.rejected() + seen.failed()).isEqualTo(n);
      return new Run(sink, step, seen);
    }
  }

  /** A trace is recorded when the server is done with a request, which can be after the client gave up on it. */
  private static ServerStatistics awaitTraces(SimulatedLlmServer server, int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    ServerStatistics s = server.statistics();
    while (s.requests().size() < n && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      s = server.statistics();
    }
    return s;
  }

  private static Map<String, Integer> expected(Object... causeAndCount) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < causeAndCount.length; i += 2) {
      int count = ((Number) causeAndCount[i + 1]).intValue();
      if (count > 0) m.put((String) causeAndCount[i], count);
    }
    return m;
  }

  @ParameterizedTest(name = "stream {0}")
  @ValueSource(booleans = {false, true})
  void errorStatus(boolean stream) {
    Run r = run(fast().faults(FaultConfig.builder().errorRate(0.3).build()).build(), stream, 4, N, LONG);

    long injected = r.traces(t -> t.status() == 500);
    assertThat(injected).isPositive().isLessThan(N);
    assertThat(r.step().measured().failures()).isEqualTo(expected("http_500", injected));
    assertThat(r.step().successful()).isEqualTo(r.server().completed());
  }

  @ParameterizedTest(name = "stream {0}")
  @ValueSource(booleans = {false, true})
  void malformedBody(boolean stream) {
    Run r = run(fast().faults(FaultConfig.builder().malformedRate(0.3).build()).build(), stream, 4, N, LONG);

    long injected = r.malformed();
    assertThat(injected).isPositive().isEqualTo(r.server().failed());
    assertThat(r.step().measured().failures()).isEqualTo(expected(stream ? "malformed_chunk" : "malformed_body",
        injected));
    assertThat(r.step().successful()).isEqualTo(r.server().completed());
  }

  @ParameterizedTest(name = "stream {0}")
  @ValueSource(booleans = {false, true})
  void droppedConnection(boolean stream) {
    Run r = run(fast().faults(FaultConfig.builder().dropRate(0.3).build()).build(), stream, 4, N, LONG);

    long injected = r.traces(t -> t.status() == RequestTrace.DROPPED);
    assertThat(injected).isPositive().isLessThan(N);
    // Half-way through a body the connection closes: a cut stream, or a whole body that broke off.
    assertThat(r.step().measured().failures()).isEqualTo(expected(stream ? "stream_cut" : "connection_reset",
        injected));
    assertThat(r.step().successful()).isEqualTo(r.server().completed());
  }

  /** All three at once: each cause still matches its own count. */
  @ParameterizedTest(name = "stream {0}")
  @ValueSource(booleans = {false, true})
  void errorsDropsAndMalformedBodiesTogether(boolean stream) {
    FaultConfig faults = FaultConfig.builder().errorRate(0.2).dropRate(0.2).malformedRate(0.2).build();
    Run r = run(fast().faults(faults).build(), stream, 4, 60, LONG);

    long errors = r.traces(t -> t.status() == 500);
    long drops = r.traces(t -> t.status() == RequestTrace.DROPPED);
    long malformed = r.malformed();
    assertThat(errors).isPositive();
    assertThat(drops).isPositive();
    assertThat(malformed).isPositive();
    assertThat(r.step().measured().failures()).isEqualTo(expected("http_500", errors,
        stream ? "stream_cut" : "connection_reset", drops, stream ? "malformed_chunk" : "malformed_body", malformed));
    assertThat(r.step().failed()).isEqualTo(r.server().failed());
    assertThat(r.step().successful()).isEqualTo(r.server().completed());
  }

  /**
   * A stall longer than the request timeout: each stalled request is a timeout at the client, and the simulator's
   * trace of it lasts at least the stall (it records a request when it is done with it).
   */
  @ParameterizedTest(name = "stream {0}")
  @ValueSource(booleans = {false, true})
  void stallBeyondTheTimeoutIsATimeout(boolean stream) {
    Duration stall = Duration.ofSeconds(3);
    FaultConfig faults = FaultConfig.builder().stallRate(0.25).stallDuration(stall).build();
    Run r = run(fast().faults(faults).build(), stream, 4, 20, Duration.ofSeconds(1));

    long injected = r.traces(t -> t.latency().compareTo(stall) >= 0);
    assertThat(injected).isPositive().isLessThan(20);
    assertThat(r.step().measured().failures()).isEqualTo(expected("timeout", injected));
    assertThat(r.step().successful()).isEqualTo(20 - injected);
  }

  /**
   * A stall shorter than the timeout is no failure; at concurrency 1 request {@code i} is the simulator's request
   * {@code i + 1}, so each stalled trace can be matched to its outcome, which must last at least the stall.
   */
  @ParameterizedTest(name = "stream {0}")
  @ValueSource(booleans = {false, true})
  void stallWithinTheTimeoutIsASlowSuccess(boolean stream) {
    Duration stall = Duration.ofMillis(700);
    FaultConfig faults = FaultConfig.builder().stallRate(0.3).stallDuration(stall).build();
    Run r = run(fast().faults(faults).build(), stream, 1, 12, LONG);

    assertThat(r.step().measured().failures()).isEmpty();
    assertThat(r.step().successful()).isEqualTo(12);
    long stalled = r.traces(t -> t.latency().compareTo(stall) >= 0);
    assertThat(stalled).isPositive().isLessThan(12);
    List<RequestOutcome> outcomes = r.sink().outcomes().stream()
        .sorted(java.util.Comparator.comparingInt(RequestOutcome::requestIndex)).toList();
    for (RequestTrace t : r.traces()) {
      RequestOutcome o = outcomes.get((int) t.id() - 1);
      if (t.latency().compareTo(stall) >= 0) {
        assertThat(o.latencyNanos()).as("request %d", o.requestIndex()).isGreaterThanOrEqualTo(stall.toNanos());
        if (stream) {
          long maxGap = java.util.Arrays.stream(o.streamTiming().interTokenGapsNanos()).max().orElse(0);
          assertThat(maxGap).as("largest gap of request %d", o.requestIndex())
              .isGreaterThanOrEqualTo(stall.toNanos() * 9 / 10);
        }
      }
    }
  }

  @ParameterizedTest(name = "stream {0}")
  @ValueSource(booleans = {false, true})
  void slowFirstByteIsASlowSuccess(boolean stream) {
    Duration slow = Duration.ofMillis(300);
    Run r = run(fast().faults(FaultConfig.builder().slowFirstByte(slow).build()).build(), stream, 4, 12, LONG);

    assertThat(r.step().measured().failures()).isEmpty();
    assertThat(r.step().successful()).isEqualTo(12).isEqualTo((int) r.server().completed());
    assertThat(r.sink().outcomes()).allSatisfy(o -> {
      assertThat(o.latencyNanos()).isGreaterThanOrEqualTo(slow.toNanos());
      if (stream) assertThat(o.streamTiming().ttftNanos()).isGreaterThanOrEqualTo(slow.toNanos());
    });
    assertThat(r.step().measured().latency().minSec()).isGreaterThanOrEqualTo(slow.toMillis() / 1000.0);
  }

  @ParameterizedTest(name = "stream {0}")
  @ValueSource(booleans = {false, true})
  void missingUsageIsASuccessWithTokensUnknownOrEstimated(boolean stream) {
    Run r = run(fast().faults(FaultConfig.builder().omitUsage(true).build()).build(), stream, 4, 12, LONG);

    assertThat(r.step().measured().failures()).isEmpty();
    assertThat(r.step().successful()).isEqualTo(12).isEqualTo((int) r.server().completed());
    assertThat(r.sink().outcomes()).allSatisfy(o -> {
      assertThat(o.usageReported()).isFalse();
      assertThat(o.promptTokens()).isZero();
      if (stream) {
        // 6 tokens asked, one content chunk each: the estimate is the chunk count.
        assertThat(o.streamTiming().tokensEstimated()).isTrue();
        assertThat(o.completionTokens()).isEqualTo(o.streamTiming().contentChunks()).isEqualTo(6);
      } else {
        assertThat(o.completionTokens()).isZero();
      }
    });
    // The simulator generated the tokens even though it did not report them.
    assertThat(r.traces()).allSatisfy(t -> assertThat(t.completionTokens()).isEqualTo(6));
  }

  /** The simulator's own rejection (its queue full) against llmbench's back-pressure count. */
  @ParameterizedTest(name = "stream {0}, HTTP {1}")
  @CsvSource({"false, 503", "true, 503", "false, 429", "true, 429"})
  void rejectionWhenTheQueueIsFull(boolean stream, int status) {
    SimulatorConfig config = fast().maxRunningSequences(2).maxWaitingRequests(1).rejectStatus(status)
        .stepBaseTime(Duration.ofMillis(10)).timeScale(1).build();
    Run r = run(config, stream, 8, N, LONG);

    long rejected = r.server().rejected();
    assertThat(rejected).isPositive().isEqualTo(r.traces(t -> t.status() == status));
    assertThat(r.step().measured().failures()).isEqualTo(expected("backpressure_" + status, rejected));
    assertThat(r.step().successful()).isEqualTo(r.server().completed()).isPositive();
  }
}
