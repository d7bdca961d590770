package io.github.llmbench.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The knee of a capacity curve, on curves whose corner is known. */
class CapacityCurveTest {
  /** A step delivering {@code tokensPerSec} output tokens per second with p99 {@code p99Sec}. */
  static StepResult step(String name, int concurrency, double tokensPerSec, double p99Sec) {
    LatencySummary l = new LatencySummary(100, p99Sec / 3, p99Sec / 2, 0.1, p99Sec / 2, p99Sec * 0.9, p99Sec * 0.95,
        p99Sec, p99Sec, p99Sec);
    StepStatistics s = StepStatistics.builder().requests(100, 100, 0).successRate(1.0).durationSec(p99Sec).scriptLatencySec(p99Sec / 2, p99Sec * 0.95, p99Sec).throughput(tokensPerSec * 2, tokensPerSec).tokens(10_000, (long) (tokensPerSec * 10)).wallClock(10, tokensPerSec * 2, tokensPerSec).latency(l).failures(Map.of()).build();
    return new StepResult("SCALING", name, io.github.llmbench.api.TestType.TEXT, concurrency, s, Verdict.of(io.github.llmbench.api.Status.OK, ""),
        StepMeasurement.UNRECORDED);
  }

  static List<StepResult> curve(double[][] points) {
    List<StepResult> steps = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      steps.add(step("c" + (i + 1), 10 * (i + 1), points[i][0], points[i][1]));
    }
    return steps;
  }

  @Test
  void kneeIsTheCornerWhereLatencyStartsToOutgrowThroughput() {
    // Throughput grows nearly linearly to 300 while p99 barely moves, then flattens as p99 climbs.
    CapacityCurve c = CapacityCurve.of(curve(new double[][] {{100, 1.0}, {200, 1.1}, {300, 1.2}, {310, 2.5},
        {315, 5.0}}));
    assertThat(c.knee()).contains(2);
    assertThat(c.kneeStep().orElseThrow().testName()).isEqualTo("c3");
    assertThat(c.ttft()).isFalse();
    assertThat(c.yName()).isEqualTo("p99 latency");
  }

  @Test
  void aStraightLineHasNoKnee() {
    CapacityCurve c = CapacityCurve.of(curve(new double[][] {{100, 1}, {200, 2}, {300, 3}, {400, 4}}));
    assertThat(c.knee()).isEmpty();
    // Bent by less than the minimum distance: still none.
    CapacityCurve nearly = CapacityCurve.of(curve(new double[][] {{100, 1}, {200, 1.95}, {300, 3}}));
    assertThat(nearly.knee()).isEmpty();
  }

  @Test
  void whenThroughputFallsFromTheFirstStepThePeakIsTheKnee() {
    // SATURATION-like: the first step delivers most, later steps deliver less at higher latency.
    CapacityCurve c = CapacityCurve.of(curve(new double[][] {{1000, 15}, {960, 20}, {330, 30}}));
    assertThat(c.knee()).contains(0);
    // A falling curve whose latency also falls never turns: no knee.
    assertThat(CapacityCurve.of(curve(new double[][] {{1000, 15}, {900, 14}})).knee()).isEmpty();
  }

  @Test
  void kneeOfTheRisingPartWinsOverThePeak() {
    // Rises with a corner at the second point, peaks at the fourth, falls after it.
    CapacityCurve c = CapacityCurve.of(curve(new double[][] {{100, 1}, {380, 1.1}, {400, 3}, {410, 6},
        {300, 9}}));
    assertThat(c.knee()).contains(1);
  }

  @Test
  void twoPointsGiveNoKneeAndFailedStepsAreLeftOut() {
    assertThat(CapacityCurve.of(curve(new double[][] {{100, 1}, {200, 3}})).knee()).isEmpty();
    List<StepResult> steps = curve(new double[][] {{100, 1.0}, {200, 1.1}, {300, 1.2}, {310, 2.5}});
    StepResult failed = steps.get(3);
    StepStatistics none = StepStatistics.builder().requests(100, 0, 100).successRate(0).durationSec(1).scriptLatencySec(0, 0, 0).throughput(0, 0).tokens(0, 0).wallClock(5, 0, 0).latency(LatencySummary.EMPTY).failures(Map.of("timeout", 100)).build();
    steps.add(new StepResult(failed.phase(), "c5", io.github.llmbench.api.TestType.TEXT, 50, none, Verdict.of(io.github.llmbench.api.Status.FAILING,
        ""), StepMeasurement.UNRECORDED));
    CapacityCurve c = CapacityCurve.of(steps);
    assertThat(c.points()).extracting(p -> p.step().testName()).containsExactly("c1", "c2", "c3", "c4");
    assertThat(c.knee()).contains(2);
    assertThat(Optional.of(c.points().get(0).outputTokensPerSec())).contains(100.0);
  }
}
