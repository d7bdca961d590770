package io.github.llmbench.report.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.core.stats.ComparisonVerdict;
import io.github.llmbench.core.stats.StatisticalTest;
import io.github.llmbench.report.JsonReports;
import io.github.llmbench.report.ReportFormats;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunComparatorTest {
  private static final RunComparator COMPARATOR = RunComparator.ofDefaults();

  @Test
  void aRunComparedWithItselfShowsNoSignificantDifferenceAnywhere() {
    BenchmarkResult run = CompareFixtures.run(1, 1.0, Set.of());
    RunComparison c = COMPARATOR.compare(run, run);

    assertThat(c.steps()).hasSize(5);
    assertThat(c.anySignificantlySlower()).isFalse();
    for (StepComparison s : c.steps()) {
      assertThat(s.verdict()).as(s.testName()).isEqualTo(ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE);
      for (MetricComparison m : s.metrics()) {
        ComparisonVerdict expected = m.test() == StatisticalTest.NONE ? ComparisonVerdict.NOT_TESTED
            : ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE;
        assertThat(m.verdict()).as(s.testName() + " " + m.metric()).isEqualTo(expected);
        assertThat(m.difference()).isEqualTo(0.0);
      }
    }
    assertThat(metrics(c, "chat_stream")).contains(ComparedMetric.TTFT_P50, ComparedMetric.TTFT_P99,
        ComparedMetric.TPOT_P50, ComparedMetric.TPOT_P99, ComparedMetric.REQUEST_OUTPUT_RATE);
    assertThat(metrics(c, "scale_5")).doesNotContain(ComparedMetric.TTFT_P50);
  }

  @Test
  void aCopyWithLatenciesTimesOneAndAHalfIsSlowerOnThoseStepsOnly() {
    BenchmarkResult base = CompareFixtures.run(2, 1.0, Set.of());
    BenchmarkResult slow = CompareFixtures.run(2, 1.5, Set.of("scale_10", "chat_stream"));
    RunComparison c = COMPARATOR.compare(base, slow);

    assertThat(c.anySignificantlySlower()).isTrue();
    assertThat(step(c, "scale_10").verdict()).isEqualTo(ComparisonVerdict.SLOWER);
    assertThat(step(c, "chat_stream").verdict()).isEqualTo(ComparisonVerdict.SLOWER);
    assertThat(step(c, "scale_5").verdict()).isEqualTo(ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE);
    assertThat(step(c, "baseline").verdict()).isEqualTo(ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE);
    assertThat(c.stepCount(ComparisonVerdict.SLOWER)).isEqualTo(2);

    MetricComparison p50 = metric(c, "scale_10", ComparedMetric.LATENCY_P50);
    assertThat(p50.test()).isEqualTo(StatisticalTest.MANN_WHITNEY_U);
    assertThat(p50.pValue()).isLessThan(1e-6);
    assertThat(p50.relativeDifference()).isBetween(0.49, 0.51);
    assertThat(p50.effectSize().magnitude()).isEqualTo("large");
    assertThat(metric(c, "scale_10", ComparedMetric.LATENCY_P99).verdict()).isEqualTo(ComparisonVerdict.SLOWER);
    assertThat(metric(c, "chat_stream", ComparedMetric.TTFT_P50).verdict()).isEqualTo(ComparisonVerdict.SLOWER);
    assertThat(metric(c, "chat_stream", ComparedMetric.TPOT_P50).verdict()).isEqualTo(ComparisonVerdict.SLOWER);
    // Same tokens in 1.5 times the time: each request's output rate is lower, i.e. worse.
    assertThat(metric(c, "chat_stream", ComparedMetric.REQUEST_OUTPUT_RATE).verdict())
        .isEqualTo(ComparisonVerdict.SLOWER);
    assertThat(metric(c, "scale_10", ComparedMetric.THROUGHPUT_OUTPUT).verdict())
        .isEqualTo(ComparisonVerdict.NOT_TESTED);
    assertThat(metric(c, "scale_10", ComparedMetric.THROUGHPUT_OUTPUT).note()).startsWith("one value per run");

    // The other way round the same steps are faster.
    RunComparison back = COMPARATOR.compare(slow, base);
    assertThat(step(back, "scale_10").verdict()).isEqualTo(ComparisonVerdict.FASTER);
    assertThat(back.anySignificantlySlower()).isFalse();
  }

  @Test
  void eachTestAloneFlagsAboutAlphaOfIndependentRunsOfTheSameServer() {
    // 40 pairs of runs drawn from one distribution: at alpha = 0.05 about 2 of 40 are flagged by chance. A bound of
    // 6 catches a test that is badly anti-conservative while tolerating chance.
    RunComparator uncorrected = COMPARATOR.withCorrection(MultipleTesting.NONE);
    int flaggedMedian = 0;
    int flaggedTail = 0;
    for (int i = 0; i < 40; i++) {
      RunComparison c = uncorrected.compare(CompareFixtures.run(100 + i, 1, Set.of()),
          CompareFixtures.run(1000 + i, 1, Set.of()));
      if (metric(c, "scale_10", ComparedMetric.LATENCY_P50).verdict() != ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE) {
        flaggedMedian++;
      }
      if (metric(c, "scale_10", ComparedMetric.LATENCY_P99).verdict() != ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE) {
        flaggedTail++;
      }
    }
    assertThat(flaggedMedian).isLessThanOrEqualTo(6);
    assertThat(flaggedTail).isLessThanOrEqualTo(6);
  }

  @Test
  void holmKeepsTheGateQuietOnIndependentRunsOfTheSameServer() {
    // Without correction about a quarter of such comparisons have some step "slower" (24 tests at 0.05 each); with
    // Holm the chance of any false verdict is below 0.05, so about 1 of 40 at most.
    int uncorrected = 0;
    int holm = 0;
    for (int i = 0; i < 40; i++) {
      BenchmarkResult a = CompareFixtures.run(300 + i, 1, Set.of());
      BenchmarkResult b = CompareFixtures.run(700 + i, 1, Set.of());
      if (COMPARATOR.withCorrection(MultipleTesting.NONE).compare(a, b).anySignificantlySlower()) uncorrected++;
      RunComparison c = COMPARATOR.compare(a, b);
      assertThat(c.correction()).isEqualTo(MultipleTesting.HOLM);
      if (c.anySignificantlySlower()) holm++;
    }
    assertThat(holm).isLessThanOrEqualTo(3);
    assertThat(uncorrected).isGreaterThan(holm);
  }

  @Test
  void holmAdjustsThePValuesUpwardsInOrder() {
    BenchmarkResult base = CompareFixtures.run(12, 1.0, Set.of());
    BenchmarkResult other = CompareFixtures.run(13, 1.0, Set.of());
    RunComparison raw = COMPARATOR.withCorrection(MultipleTesting.NONE).compare(base, other);
    RunComparison holm = COMPARATOR.compare(base, other);
    List<MetricComparison> r = raw.steps().stream().flatMap(s -> s.metrics().stream())
        .filter(m -> m.test() != StatisticalTest.NONE).toList();
    List<MetricComparison> h = holm.steps().stream().flatMap(s -> s.metrics().stream())
        .filter(m -> m.test() != StatisticalTest.NONE).toList();
    assertThat(h).hasSameSizeAs(r).hasSize((int) holm.testCount());
    int m = h.size();
    double smallest = r.stream().mapToDouble(MetricComparison::pValue).min().orElseThrow();
    for (int i = 0; i < m; i++) {
      assertThat(h.get(i).pValue()).isEqualTo(r.get(i).pValue());
      assertThat(r.get(i).adjustedPValue()).isEqualTo(r.get(i).pValue());
      assertThat(h.get(i).adjustedPValue()).isBetween(r.get(i).pValue(), 1.0);
      if (r.get(i).pValue() == smallest) {
        assertThat(h.get(i).adjustedPValue()).isEqualTo(Math.min(1.0, m * smallest));
      }
    }
  }

  @Test
  void successRateIsTestedAsProportions() {
    BenchmarkResult base = CompareFixtures.run(3, 1.0, Set.of());
    RunComparison c = COMPARATOR.compare(base, base);
    MetricComparison rate = metric(c, "flaky", ComparedMetric.SUCCESS_RATE);
    assertThat(rate.baseline()).isEqualTo(0.95);
    assertThat(rate.test()).isEqualTo(StatisticalTest.TWO_PROPORTION_Z);
    assertThat(rate.pValue()).isEqualTo(1.0);
    // baseline: 10 of 10 succeeded on both sides, nothing to test but identical.
    assertThat(metric(c, "baseline", ComparedMetric.SUCCESS_RATE).verdict())
        .isEqualTo(ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE);
  }

  @Test
  void stepsOfADifferentLoadOrShapeAreNotComparable() {
    BenchmarkResult base = CompareFixtures.run(4, 1.0, Set.of());
    BenchmarkResult changed = CompareFixtures.mapSteps(base, s -> switch (s.testName()) {
      case "scale_5" -> new StepResult(s.phase(), s.testName(), s.testType(), 7, s.statistics(), s.verdict(),
          io.github.llmbench.api.StepMeasurement.UNRECORDED);
      case "scale_10" -> new StepResult(s.phase(), s.testName(), io.github.llmbench.api.TestType.VISION,
          s.concurrency(), s.statistics(),
          s.verdict(), io.github.llmbench.api.StepMeasurement.UNRECORDED);
      case "chat_stream" -> new StepResult(s.phase(), s.testName(), s.testType(), s.concurrency(),
          s.statistics().withExtras(Optional.empty(), Optional.empty(), Optional.empty()), s.verdict(),
              io.github.llmbench.api.StepMeasurement.UNRECORDED);
      default -> s;
    });
    RunComparison c = COMPARATOR.compare(base, changed);
    assertThat(step(c, "scale_5").notComparableReason()).isEqualTo("concurrency 5 vs 7");
    assertThat(step(c, "scale_10").notComparableReason()).isEqualTo("test_type text vs vision");
    assertThat(step(c, "chat_stream").notComparableReason()).isEqualTo("streaming on vs off");
    assertThat(step(c, "chat_stream").metrics()).isEmpty();
    assertThat(step(c, "baseline").comparable()).isTrue();
    assertThat(c.notComparableCount()).isEqualTo(3);
    assertThat(c.anySignificantlySlower()).isFalse();
  }

  @Test
  void openLoopStepsWithDifferentAchievedRatesAreNotComparable() {
    BenchmarkResult base = withOpenLoop(CompareFixtures.run(5, 1.0, Set.of()), 10.0);
    BenchmarkResult fine = withOpenLoop(base, 9.5);
    BenchmarkResult behind = withOpenLoop(base, 8.0);
    assertThat(step(COMPARATOR.compare(base, fine), "scale_5").comparable()).isTrue();
    assertThat(step(COMPARATOR.compare(base, behind), "scale_5").notComparableReason())
        .isEqualTo("achieved rate 10.00/s vs 8.00/s");
    BenchmarkResult closed = CompareFixtures.run(5, 1.0, Set.of());
    assertThat(step(COMPARATOR.compare(closed, base), "scale_5").notComparableReason())
        .isEqualTo("concurrency 5 vs 0; load closed loop vs open loop");
  }

  @Test
  void theComparabilityHookAddsReasons() {
    BenchmarkResult run = CompareFixtures.run(6, 1.0, Set.of());
    StepComparability model = (b, c) -> b.testName().equals("scale_5") ? Optional.of("request shape 500/200 vs 500/100")
        : Optional.empty();
    RunComparison c = COMPARATOR.withComparability(StepComparability.standard().and(model)).compare(run, run);
    assertThat(step(c, "scale_5").notComparableReason()).isEqualTo("request shape 500/200 vs 500/100");
    assertThat(step(c, "scale_10").comparable()).isTrue();
  }

  @Test
  void resultsWithoutSamplesAreComparedWithoutLatencyTests() {
    BenchmarkResult base = CompareFixtures.mapSteps(CompareFixtures.run(7, 1.0, Set.of()),
        CompareFixtures::withoutSamples);
    BenchmarkResult slow = CompareFixtures.run(7, 1.5, Set.of("scale_10"));
    RunComparison c = COMPARATOR.compare(base, slow);
    MetricComparison p99 = metric(c, "scale_10", ComparedMetric.LATENCY_P99);
    assertThat(p99.verdict()).isEqualTo(ComparisonVerdict.NOT_TESTED);
    assertThat(p99.note()).isEqualTo("no per-request samples in the baseline result");
    assertThat(p99.relativeDifference()).isBetween(0.49, 0.51);
    // Counts are in every result, so success rate is still tested (Fisher: no failure on either side).
    assertThat(metric(c, "scale_10", ComparedMetric.SUCCESS_RATE).test()).isEqualTo(StatisticalTest.FISHER_EXACT);
    assertThat(metric(c, "flaky", ComparedMetric.SUCCESS_RATE).test()).isEqualTo(StatisticalTest.TWO_PROPORTION_Z);
    assertThat(c.anySignificantlySlower()).isFalse();
  }

  @Test
  void samplesSurviveTheJsonFileSoASavedRunComparesLikeALiveOne() throws Exception {
    BenchmarkResult base = CompareFixtures.run(8, 1.0, Set.of());
    BenchmarkResult slow = CompareFixtures.run(8, 1.5, Set.of("scale_5"));
    BenchmarkResult baseBack = JsonReports.read(new StringReader(ReportFormats.toString(base, ReportFormats.json())));
    BenchmarkResult slowBack = JsonReports.read(new StringReader(ReportFormats.toString(slow, ReportFormats.json())));
    assertThat(baseBack).isEqualTo(base);
    assertThat(COMPARATOR.compare(baseBack, slowBack)).isEqualTo(COMPARATOR.compare(base, slow));
    assertThat(step(COMPARATOR.compare(baseBack, slowBack), "scale_5").verdict()).isEqualTo(ComparisonVerdict.SLOWER);
  }

  @Test
  void aMinimumRelativeChangeIgnoresSmallSignificantDifferences() {
    BenchmarkResult base = CompareFixtures.run(9, 1.0, Set.of());
    BenchmarkResult slightly = CompareFixtures.run(9, 1.1, Set.of("scale_10"));
    assertThat(step(COMPARATOR.compare(base, slightly), "scale_10").verdict()).isEqualTo(ComparisonVerdict.SLOWER);
    assertThat(step(COMPARATOR.withMinimumRelativeChange(0.2).compare(base, slightly), "scale_10").verdict())
        .isEqualTo(ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE);
  }

  @Test
  void stepsInOneRunOnlyAreListed() {
    BenchmarkResult base = CompareFixtures.run(10, 1.0, Set.of());
    BenchmarkResult fewer = CompareFixtures.result("fewer", base.steps().subList(0, 3));
    RunComparison c = COMPARATOR.compare(base, fewer);
    assertThat(c.onlyInBaseline()).containsExactly("chat_stream", "flaky");
    assertThat(c.onlyInCandidate()).isEmpty();
    assertThat(COMPARATOR.compare(fewer, base).onlyInCandidate()).containsExactly("chat_stream", "flaky");
  }

  @Test
  void badSettingsNameTheField() {
    assertThatThrownBy(() -> COMPARATOR.withAlpha(0)).hasMessage("alpha (0.0) should be in (0, 1)");
    assertThatThrownBy(() -> COMPARATOR.withMinimumRelativeChange(-1))
        .hasMessage("minimumRelativeChange (-1.0) should not be negative");
  }

  private static BenchmarkResult withOpenLoop(BenchmarkResult r, double achieved) {
    return CompareFixtures.mapSteps(r, s -> new StepResult(s.phase(), s.testName(), s.testType(), 0,
        s.statistics().withExtras(s.statistics().measured().stream(),
            Optional.of(new OpenLoopStatistics(io.github.llmbench.api.Load.Arrival.POISSON, 1, 10.0,
            Optional.empty(), 0, achieved, LatencySummary.EMPTY)), Optional.empty()), s.verdict(),
                io.github.llmbench.api.StepMeasurement.UNRECORDED));
  }

  static StepComparison step(RunComparison c, String name) {
    return c.steps().stream().filter(s -> s.testName().equals(name)).findFirst().orElseThrow();
  }

  static MetricComparison metric(RunComparison c, String step, ComparedMetric metric) {
    return step(c, step).metrics().stream().filter(m -> m.metric() == metric).findFirst().orElseThrow();
  }

  private static List<ComparedMetric> metrics(RunComparison c, String step) {
    return step(c, step).metrics().stream().map(MetricComparison::metric).toList();
  }
}
