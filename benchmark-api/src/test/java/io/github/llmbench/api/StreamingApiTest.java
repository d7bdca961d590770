package io.github.llmbench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Open-loop steps, SLOs, stream timing and the parameter lists kept for existing callers. */
class StreamingApiTest {
  private static final RequestBuilder CHAT = RequestBuilders.chat("Hi", 8);

  @Test
  void openLoopStepsCarryRateArrivalAndCeiling() {
    Step open = Step.of("r", Load.rate(20), 100, CHAT);
    assertThat(open.isOpenLoop()).isTrue();
    assertThat(open.concurrency()).isZero();
    assertThat(open.openLoop().arrival()).isEqualTo(Load.Arrival.CONSTANT);
    Step shaped = Step.of("r", Load.rate(20).poisson(7).maxConcurrency(16), 100, CHAT);
    assertThat(shaped.concurrency()).isEqualTo(16);
    assertThat(shaped.openLoop()).isEqualTo(new Load.OpenLoop(20, Load.Arrival.POISSON, 1, 7, 16));
    assertThat(Step.of("c", Load.concurrency(4), 8, CHAT).isOpenLoop()).isFalse();
    assertThatThrownBy(() -> Step.of("r", Load.rate(0), 10, CHAT)).hasMessageContaining("ratePerSec (0.0)");
    // poisson() and maxConcurrency() exist only on an open loop's schedule: a closed loop cannot be asked for them.
    assertThatThrownBy(() -> Load.rate(20).maxConcurrency(0)).hasMessageContaining("maxConcurrency (0)");
    Benchmark b = Benchmark.builder().target("http://127.0.0.1:1", "m").phases(Phase.of("P", open)).build();
    assertThat(b.maxConcurrency()).isEqualTo(20);
  }

  @Test
  void sloNeedsABoundAndJudgesOutcomes() {
    assertThatThrownBy(() -> Slo.builder().build()).hasMessageContaining("at least one");
    assertThatThrownBy(() -> Slo.builder().ttft(Duration.ZERO).build()).hasMessageContaining("slo ttft (PT0S)");
    Slo slo = Slo.builder().ttft(Duration.ofMillis(100)).tpot(Duration.ofMillis(10)).e2e(Duration.ofSeconds(1)).build();
    assertThat(slo.describe()).isEqualTo("ttft<=100ms, tpot<=10ms, e2e<=1000ms");
    // 11 tokens, first at 50 ms, last at 140 ms: tpot 9 ms.
    RequestOutcome.StreamTiming good = new RequestOutcome.StreamTiming(50_000_000, 140_000_000, 11, new long[10],
        false);
    assertThat(slo.met(outcome(200_000_000, 11, good))).isTrue();
    assertThat(slo.met(outcome(200_000_000, 6, good))).isFalse(); // 18 ms per token
    assertThat(slo.met(outcome(1_200_000_000, 11, good))).isFalse();
    assertThat(slo.met(outcome(200_000_000, 11, null))).isFalse(); // not streamed: TTFT unknown
    assertThat(Slo.builder().e2e(Duration.ofSeconds(1)).build().met(outcome(200_000_000, 11, null))).isTrue();
  }

  @Test
  void streamTimingCopiesItsGaps() {
    long[] gaps = {1, 2};
    RequestOutcome.StreamTiming t = new RequestOutcome.StreamTiming(5, 8, 3, gaps, false);
    gaps[0] = 99;
    assertThat(t.interTokenGapsNanos()).containsExactly(1, 2);
    t.interTokenGapsNanos()[1] = 99;
    assertThat(t.interTokenGapsNanos()).containsExactly(1, 2);
    assertThat(t).isEqualTo(new RequestOutcome.StreamTiming(5, 8, 3, new long[] {1, 2}, false));
    assertThat(t.tpotNanos(3)).isEqualTo(1.5);
    assertThat(t.tpotNanos(1)).isEqualTo(-1);
    assertThatThrownBy(() -> new RequestOutcome.StreamTiming(9, 8, 1, new long[0],
        false)).hasMessageContaining("e2eNanos (8)");
  }

  @Test
  void outcomesAndFiguresWithoutStreamOpenLoopOrGoodputSayNone() {
    RequestOutcome o = new RequestOutcome("P", "s", 0, 0, 10, true, 200, null, "", 1, 2, true, 0, null);
    assertThat(o.streamTiming()).isNull();
    assertThat(o.sendDelayNanos()).isZero();
    StepStatistics s = StepStatistics.builder().requests(1, 1, 0).successRate(1.0).durationSec(1.0).scriptLatencySec(0,
        0, 0).throughput(0, 0).tokens(0, 0).wallClock(0, 0, 0).latency(LatencySummary.EMPTY).failures(Map.of()).build();
    assertThat(s.measured().stream()).isEmpty();
    assertThat(s.measured().openLoop()).isEmpty();
    assertThat(s.measured().goodput()).isEmpty();
    assertThat(Presets.unifiedStreaming(Intensity.QUICK).target("http://127.0.0.1:1", "m").build().stream()).isTrue();
  }

  private static RequestOutcome outcome(long latency, long tokens, RequestOutcome.StreamTiming timing) {
    return new RequestOutcome("P", "s", 0, 0, latency, true, 200, null, "", 1, tokens, true, 0, timing);
  }
}
