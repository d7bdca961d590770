package io.github.llmbench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.core.StepFigures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepAggregatorTest {
  private static final long MS = 1_000_000;

  private static RequestOutcome ok(long startMs, long latencyMs, long prompt, long completion) {
    return new RequestOutcome("P", "s", 0, startMs * MS, latencyMs * MS, true, 200, null, "", prompt, completion, true,
        0, null);
  }

  private static RequestOutcome failed(long startMs, long latencyMs, RequestOutcome.FailureKind kind, int status) {
    return new RequestOutcome("P", "s", 0, startMs * MS, latencyMs * MS, false, status, kind, "x", 0, 0, false, 0,
        null);
  }

  @Test
  void scriptPercentileTakesTheLowerSampleWithoutInterpolation() {
    double[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    // k = 9 * 50 / 100 = 4.5 -> f = 4 -> 5 (an interpolating percentile would give 5.5)
    assertThat(StepFigures.script(ten, 50)).isEqualTo(5);
    // k = 8.55 -> 9 ; k = 8.91 -> 9 (interpolation: 9.55 and 9.91)
    assertThat(StepFigures.script(ten, 95)).isEqualTo(9);
    assertThat(StepFigures.script(ten, 99)).isEqualTo(9);
    double[] four = {0.1, 0.2, 0.3, 0.4};
    assertThat(StepFigures.script(four, 50)).isEqualTo(0.2); // k = 1.5
    assertThat(StepFigures.script(four, 99)).isEqualTo(0.3); // k = 2.97
    assertThat(StepFigures.script(new double[] {7}, 99)).isEqualTo(7);
    assertThat(StepFigures.script(new double[0], 50)).isZero();
    // 101 values: k = 100 * 99 / 100 = 99 exactly
    double[] many = new double[101];
    for (int i = 0; i < many.length; i++) many[i] = i;
    assertThat(StepFigures.script(many, 99)).isEqualTo(99);
    assertThat(StepFigures.script(many, 100)).isEqualTo(100);
  }

  @Test
  void scriptFiguresFollowTheScriptIncludingDurationAsLargestSingleLatency() {
    List<RequestOutcome> outcomes = List.of(
        ok(0, 400, 100, 10),
        ok(0, 100, 100, 20),
        ok(100, 300, 100, 30),
        ok(400, 200, 100, 40),
        failed(0, 900, RequestOutcome.FailureKind.HTTP_STATUS, 500)); // the failed one is the slowest: duration is 0.9 s
    StepStatistics s = StepAggregator.aggregate(outcomes, 5);
    assertThat(s.numRequests()).isEqualTo(5);
    assertThat(s.successful()).isEqualTo(4);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(s.successRate()).isEqualTo(0.8);
    assertThat(s.script().durationSec()).isEqualTo(0.9);
    assertThat(s.script().latencyP50Sec()).isEqualTo(0.2);  // sorted 0.1 0.2 0.3 0.4, k = 1.5
    assertThat(s.script().latencyP95Sec()).isEqualTo(0.3);  // k = 2.85
    assertThat(s.script().latencyP99Sec()).isEqualTo(0.3);  // k = 2.97
    assertThat(s.promptTokens()).isEqualTo(400);
    assertThat(s.completionTokens()).isEqualTo(100);
    assertThat(s.script().throughputTotal()).isCloseTo(500 / 0.9, within(1e-9));
    assertThat(s.script().throughputOutput()).isCloseTo(100 / 0.9, within(1e-9));
    // wall clock: first start 0, last end 900 ms (the failed one) -> 0.9; with a later end it would differ
    assertThat(s.measured().wallClockSec()).isEqualTo(0.9);
    assertThat(s.measured().failures()).containsExactly(org.assertj.core.api.Assertions.entry("http_500", 1));
  }

  @Test
  void wallClockRunsFromFirstStartToLastEndAndDiffersFromTheScriptsDuration() {
    // two waves of two requests of 1 s each: the script says 1 s, the wall clock says 2 s
    List<RequestOutcome> outcomes = List.of(ok(0, 1000, 50, 50), ok(0, 1000, 50, 50), ok(1000, 1000, 50, 50),
        ok(1000, 1000, 50, 50));
    StepStatistics s = StepAggregator.aggregate(outcomes, 4);
    assertThat(s.script().durationSec()).isEqualTo(1.0);
    assertThat(s.script().throughputTotal()).isEqualTo(400.0);
    assertThat(s.measured().wallClockSec()).isEqualTo(2.0);
    assertThat(s.measured().wallThroughputTotal()).isEqualTo(200.0);
    assertThat(s.measured().wallThroughputOutput()).isEqualTo(100.0);
  }

  @Test
  void noResultsMeansDurationOneAndZeroPercentiles() {
    StepStatistics s = StepAggregator.aggregate(List.of(), 3);
    assertThat(s.script().durationSec()).isEqualTo(1.0);
    assertThat(s.script().latencyP50Sec()).isZero();
    assertThat(s.script().latencyP99Sec()).isZero();
    assertThat(s.script().throughputTotal()).isZero();
    assertThat(s.successRate()).isZero();
    assertThat(s.measured().latency()).isEqualTo(LatencySummary.EMPTY);
  }

  @Test
  void onlyFailuresGiveZeroPercentilesButADuration() {
    StepStatistics s = StepAggregator.aggregate(List.of(failed(0, 250, RequestOutcome.FailureKind.TIMEOUT, 0),
        failed(0, 500, RequestOutcome.FailureKind.BACKPRESSURE, 503),
            failed(0, 100, RequestOutcome.FailureKind.BACKPRESSURE, 503)), 3);
    assertThat(s.script().latencyP50Sec()).isZero();
    assertThat(s.script().durationSec()).isEqualTo(0.5);
    assertThat(s.measured().failures()).containsEntry("timeout", 1).containsEntry("backpressure_503", 2);
  }

  @Test
  void hdrSummaryGivesInterpolatedTailAndSampleStddev() {
    List<RequestOutcome> outcomes = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) outcomes.add(ok(0, i, 1, 1)); // 1..1000 ms
    StepStatistics s = StepAggregator.aggregate(outcomes, 1000);
    LatencySummary l = s.measured().latency();
    assertThat(l.count()).isEqualTo(1000);
    assertThat(l.minSec()).isEqualTo(0.001);
    assertThat(l.maxSec()).isEqualTo(1.0);
    assertThat(l.meanSec()).isCloseTo(0.5005, within(1e-9));
    // sample standard deviation of 1..1000 ms: sqrt(1000 * 1001 / 12) ms
    assertThat(l.stddevSec()).isCloseTo(Math.sqrt(1000.0 * 1001 / 12) / 1000, within(1e-9));
    assertThat(l.p50Sec()).isCloseTo(0.500, within(0.001));
    assertThat(l.p90Sec()).isCloseTo(0.900, within(0.001));
    assertThat(l.p99Sec()).isCloseTo(0.990, within(0.001));
    assertThat(l.p999Sec()).isCloseTo(0.999, within(0.001));
    assertThat(l.p999Sec()).isLessThanOrEqualTo(l.maxSec());
    // the script's p99 of the same data: k = 999 * 99 / 100 = 989.01 -> the 990th value
    assertThat(s.script().latencyP99Sec()).isEqualTo(0.990);
  }
}
