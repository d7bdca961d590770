package io.github.llmbench.report.compare;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepSamples;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.core.stats.Bootstrap;
import io.github.llmbench.core.stats.ComparisonVerdict;
import io.github.llmbench.core.stats.QuantileRule;
import io.github.llmbench.core.stats.Samples;
import io.github.llmbench.core.stats.StatisticalTest;
import io.github.llmbench.core.stats.TwoSampleTests;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Compares a candidate run with a baseline, for every step present in both (matched by {@code test_name}).
 * Immutable and thread-safe.
 *
 * <p>Per comparable step and metric:
 * <ul>
 *   <li><b>p50 latency, TTFT p50, TPOT p50, output rate per request:</b> Mann–Whitney U on the per-request samples
 *       (two-sided), Cliff's delta and the Hodges–Lehmann shift as effect sizes, a bootstrap interval of the
 *       difference of medians; the verdict from the U test's p-value and the sign of Cliff's delta (the direction the
 *       U test measures).
 *   <li><b>p99 latency, TTFT p99, TPOT p99:</b> a percentile-bootstrap interval of the difference of p99s at level
 *       {@code 1 - alpha}; slower or faster when it excludes 0. The rank test says nothing about the tail alone, so
 *       the tail gets its own test. Latency quantiles follow the unified script's rule (lower sample), TTFT and TPOT
 *       are interpolated, as in the reports.
 *   <li><b>Throughput</b> ({@code throughput_output} and its wall-clock twin): one value per run, so no test is
 *       possible; the difference is shown and the verdict is {@link ComparisonVerdict#NOT_TESTED}. Repeat runs, or
 *       read the output rate per request, which is tested.
 *   <li><b>Success rate:</b> the two-proportion z-test, or Fisher's exact test when an expected count is below 5;
 *       the difference, Newcombe's interval of it and Cohen's h.
 * </ul>
 * Results saved before per-request samples were kept get the differences without tests (and say so).
 *
 * <p><b>Many tests.</b> A comparison runs dozens of tests. Without correction each runs at α, and two runs of an
 * unchanged server show {@link RunComparison#testCount()} × α "significant" differences on average: measured on
 * simulated runs of 5 steps (24 tests), 23 % of such comparisons had a step "slower". So by default the p-values
 * are adjusted by Holm–Bonferroni over the whole comparison ({@link MultipleTesting#HOLM}), which keeps the chance
 * of any false verdict below α; the verdict then compares the adjusted p-value with α (for p99 rows the
 * bootstrap's p-value). With {@link MultipleTesting#NONE} each test stands alone and p99 rows are judged by whether
 * their interval excludes 0. Intervals are always per metric at {@code 1 - alpha}.
 * {@link #withMinimumRelativeChange} also ignores differences too small to matter.
 *
 * @param alpha the significance level, in (0, 1); default 0.05
 * @param correction how the many tests are accounted for; default {@link MultipleTesting#HOLM}
 * @param bootstrap the bootstrap (its level is set to {@code 1 - alpha})
 * @param comparability which steps can be compared
 * @param minimumRelativeChange a significant difference smaller than this share of the baseline value counts as
 *     no significant difference; default 0
 */
public record RunComparator(double alpha, MultipleTesting correction, Bootstrap bootstrap,
    StepComparability comparability, double minimumRelativeChange) {
  /** @throws IllegalArgumentException if alpha is not in (0, 1) or the minimum change is negative */
  public RunComparator {
    if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha (" + alpha + ") should be in (0, 1)");
    Objects.requireNonNull(correction, "correction");
    Objects.requireNonNull(bootstrap, "bootstrap");
    bootstrap = bootstrap.withLevel(1 - alpha);
    Objects.requireNonNull(comparability, "comparability");
    if (!(minimumRelativeChange >= 0)) {
      throw new IllegalArgumentException("minimumRelativeChange (" + minimumRelativeChange
          + ") should not be negative");
    }
  }

  /**
   * α = 0.05 with Holm–Bonferroni over the comparison, 2,000 resamples with the default seed,
   * {@link StepComparability#standard()}, no minimum change.
   */
  public static RunComparator ofDefaults() {
    return new RunComparator(TwoSampleTests.DEFAULT_ALPHA, MultipleTesting.HOLM, Bootstrap.ofDefaults(),
        StepComparability.standard(), 0);
  }

  public RunComparator withAlpha(double newAlpha) {
    return new RunComparator(newAlpha, correction, bootstrap, comparability, minimumRelativeChange);
  }

  public RunComparator withCorrection(MultipleTesting newCorrection) {
    return new RunComparator(alpha, newCorrection, bootstrap, comparability, minimumRelativeChange);
  }

  public RunComparator withBootstrap(Bootstrap newBootstrap) {
    return new RunComparator(alpha, correction, newBootstrap, comparability, minimumRelativeChange);
  }

  public RunComparator withComparability(StepComparability newComparability) {
    return new RunComparator(alpha, correction, bootstrap, newComparability, minimumRelativeChange);
  }

  public RunComparator withMinimumRelativeChange(double share) {
    return new RunComparator(alpha, correction, bootstrap, comparability, share);
  }

  /** Compares, labelling each run by its name and start time. */
  public RunComparison compare(BenchmarkResult baseline, BenchmarkResult candidate) {
    return compare(label(baseline, "baseline"), baseline, label(candidate, "candidate"), candidate);
  }

  /** Compares, with the labels the report shows (file names, for instance). */
  public RunComparison compare(String baselineLabel, BenchmarkResult baseline, String candidateLabel,
      BenchmarkResult candidate) {
    Map<String, StepResult> base = new LinkedHashMap<>();
    for (StepResult s : baseline.steps()) base.putIfAbsent(s.testName(), s);
    List<StepComparison> steps = new ArrayList<>();
    List<String> onlyInCandidate = new ArrayList<>();
    for (StepResult c : candidate.steps()) {
      StepResult b = base.get(c.testName());
      if (b == null) {
        onlyInCandidate.add(c.testName());
      } else {
        steps.add(rawStep(b, c));
      }
    }
    List<String> names = candidate.steps().stream().map(StepResult::testName).toList();
    List<String> onlyInBaseline = base.keySet().stream().filter(n -> !names.contains(n)).toList();
    return new RunComparison(baselineLabel, candidateLabel, alpha, correction, adjust(steps), onlyInBaseline,
        onlyInCandidate);
  }

  /** One step of each run; under {@link MultipleTesting#HOLM} the family is this step's tests. */
  public StepComparison compareStep(StepResult baseline, StepResult candidate) {
    return adjust(List.of(rawStep(baseline, candidate))).get(0);
  }

  /** The step with every test at α on its own. */
  private StepComparison rawStep(StepResult baseline, StepResult candidate) {
    Optional<String> why = comparability.whyNotComparable(baseline, candidate);
    if (why.isPresent()) return new StepComparison(candidate.phase(), candidate.testName(), why.get(), List.of());
    StepStatistics b = baseline.statistics();
    StepStatistics c = candidate.statistics();
    List<MetricComparison> metrics = new ArrayList<>();
    Optional<StepSamples> sb = b.measured().samples();
    Optional<StepSamples> sc = c.measured().samples();

    distribution(metrics, ComparedMetric.LATENCY_P50, ComparedMetric.LATENCY_P99, QuantileRule.SCRIPT_LOWER,
        sb, sc, Samples::latencySec, b.script().latencyP50Sec(), c.script().latencyP50Sec(),
            b.script().latencyP99Sec(), c.script().latencyP99Sec());
    if (b.measured().stream().isPresent() && c.measured().stream().isPresent()) {
      LatencySummary tb = b.measured().stream().get().ttft();
      LatencySummary tc = c.measured().stream().get().ttft();
      distribution(metrics, ComparedMetric.TTFT_P50, ComparedMetric.TTFT_P99, QuantileRule.LINEAR, sb, sc,
          Samples::ttftSec, tb.p50Sec(), tc.p50Sec(), tb.p99Sec(), tc.p99Sec());
      LatencySummary pb = b.measured().stream().get().tpot();
      LatencySummary pc = c.measured().stream().get().tpot();
      distribution(metrics, ComparedMetric.TPOT_P50, ComparedMetric.TPOT_P99, QuantileRule.LINEAR, sb, sc,
          Samples::tpotSec, pb.p50Sec(), pc.p50Sec(), pb.p99Sec(), pc.p99Sec());
    }
    if (sb.isPresent() && sc.isPresent()) {
      double[] rb = Samples.outputRatePerSec(sb.get());
      double[] rc = Samples.outputRatePerSec(sc.get());
      if (rb.length > 0 && rc.length > 0) metrics.add(rankTest(ComparedMetric.REQUEST_OUTPUT_RATE, rb, rc));
    }
    String oneValue = "one value per run: no test possible (repeat the runs, or read the output rate per request)";
    metrics.add(untested(ComparedMetric.THROUGHPUT_OUTPUT, b.script().throughputOutput(),
        c.script().throughputOutput(), oneValue));
    metrics.add(untested(ComparedMetric.WALL_THROUGHPUT_OUTPUT, b.measured().wallThroughputOutput(),
        c.measured().wallThroughputOutput(),
        oneValue));
    metrics.add(successRate(b, c));
    return new StepComparison(candidate.phase(), candidate.testName(), "", metrics);
  }

  /** Applies the correction: adjusted p-values and the verdicts they give. */
  private List<StepComparison> adjust(List<StepComparison> steps) {
    if (correction == MultipleTesting.NONE) return steps;
    List<int[]> tested = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      List<MetricComparison> ms = steps.get(i).metrics();
      for (int j = 0; j < ms.size(); j++) if (ms.get(j).test() != StatisticalTest.NONE) tested.add(new int[] {i, j});
    }
    int m = tested.size();
    Integer[] order = new Integer[m];
    for (int k = 0; k < m; k++) order[k] = k;
    Arrays.sort(order, Comparator.comparingDouble(k -> p(steps, tested.get(k))));
    double[] adjusted = new double[m];
    double running = 0;
    for (int rank = 0; rank < m; rank++) {
      int k = order[rank];
      running = Math.max(running, Math.min(1.0, (m - rank) * p(steps, tested.get(k))));
      adjusted[k] = running;
    }
    List<List<MetricComparison>> metrics = new ArrayList<>();
    for (StepComparison s : steps) metrics.add(new ArrayList<>(s.metrics()));
    for (int k = 0; k < m; k++) {
      int[] at = tested.get(k);
      metrics.get(at[0]).set(at[1], judge(metrics.get(at[0]).get(at[1]), adjusted[k]));
    }
    List<StepComparison> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      StepComparison s = steps.get(i);
      out.add(new StepComparison(s.phase(), s.testName(), s.notComparableReason(), metrics.get(i)));
    }
    return out;
  }

  private static double p(List<StepComparison> steps, int[] at) {
    return steps.get(at[0]).metrics().get(at[1]).pValue();
  }

  /** The verdict from an adjusted p-value and the direction of the change. */
  private MetricComparison judge(MetricComparison m, double adjusted) {
    double direction = switch (m.effectSize().kind()) {
      case CLIFFS_DELTA, COHENS_H -> m.effectSize().value();
      case NONE -> m.difference();
    };
    ComparisonVerdict v = TwoSampleTests.verdict(adjusted, alpha, direction, m.metric().lowerIsBetter());
    return m.withAdjustment(adjusted, practical(v, m.baseline(), m.candidate()));
  }

  /** The p50 row (rank test) and the p99 row (bootstrap) of one per-request distribution. */
  private void distribution(List<MetricComparison> out, ComparedMetric p50, ComparedMetric p99, QuantileRule rule,
      Optional<StepSamples> sb, Optional<StepSamples> sc, Function<StepSamples, double[]> values,
      double figureB50, double figureC50, double figureB99, double figureC99) {
    if (sb.isEmpty() || sc.isEmpty()) {
      String note = "no per-request samples in the " + (sb.isEmpty() ? "baseline" : "candidate") + " result";
      out.add(untested(p50, figureB50, figureC50, note));
      out.add(untested(p99, figureB99, figureC99, note));
      return;
    }
    double[] b = values.apply(sb.get());
    double[] c = values.apply(sc.get());
    if (b.length == 0 || c.length == 0) {
      String note = "no successful request with this value in the " + (b.length == 0 ? "baseline" : "candidate");
      out.add(untested(p50, figureB50, figureC50, note));
      out.add(untested(p99, figureB99, figureC99, note));
      return;
    }
    out.add(rankTest(p50, b, c, rule));
    out.add(tailTest(p99, b, c, rule));
  }

  private MetricComparison rankTest(ComparedMetric metric, double[] b, double[] c) {
    return rankTest(metric, b, c, QuantileRule.LINEAR);
  }

  private MetricComparison rankTest(ComparedMetric metric, double[] b, double[] c, QuantileRule rule) {
    TwoSampleTests.RankTest t = TwoSampleTests.mannWhitney(b, c);
    Bootstrap.QuantileDifference d = bootstrap.quantileDifference(b, c, 50, rule);
    double baseValue = quantile(b, 50, rule);
    double candValue = quantile(c, 50, rule);
    ComparisonVerdict v = practical(TwoSampleTests.verdict(t.pValue(), alpha, t.cliffsDelta(),
        metric.lowerIsBetter()), baseValue, candValue);
    return new MetricComparison(metric, baseValue, candValue, StatisticalTest.MANN_WHITNEY_U, t.pValue(), t.pValue(),
        new EffectSize(EffectSize.Kind.CLIFFS_DELTA, t.cliffsDelta()), OptionalDouble.of(t.hodgesLehmannShift()),
        Optional.of(d.interval()), v, smallSampleNote(b.length, c.length, 50));
  }

  private MetricComparison tailTest(ComparedMetric metric, double[] b, double[] c, QuantileRule rule) {
    Bootstrap.QuantileDifference d = bootstrap.quantileDifference(b, c, 99, rule);
    ConfidenceInterval ci = d.interval();
    // Significant exactly when the (1 - alpha) interval excludes 0; the bootstrap p-value is shown beside it.
    ComparisonVerdict v = ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE;
    if (ci.lower() > 0 || ci.upper() < 0) {
      v = (ci.lower() > 0) == metric.lowerIsBetter() ? ComparisonVerdict.SLOWER : ComparisonVerdict.FASTER;
    }
    double baseValue = quantile(b, 99, rule);
    double candValue = quantile(c, 99, rule);
    v = practical(v, baseValue, candValue);
    return new MetricComparison(metric, baseValue, candValue, StatisticalTest.BOOTSTRAP_QUANTILE_DIFFERENCE,
        d.pValue(), d.pValue(), EffectSize.NONE, OptionalDouble.empty(), Optional.of(ci), v,
            smallSampleNote(b.length, c.length, 99));
  }

  private MetricComparison successRate(StepStatistics b, StepStatistics c) {
    TwoSampleTests.ProportionTest t = TwoSampleTests.proportions(b.successful(), b.numRequests(), c.successful(),
        c.numRequests(), 1 - alpha);
    ComparisonVerdict v = practical(TwoSampleTests.verdict(t.pValue(), alpha, t.difference(), false),
        b.successRate(), c.successRate());
    return new MetricComparison(ComparedMetric.SUCCESS_RATE, b.successRate(), c.successRate(), t.test(), t.pValue(),
        t.pValue(), new EffectSize(EffectSize.Kind.COHENS_H, t.cohensH()), OptionalDouble.empty(),
        Optional.of(t.differenceInterval()), v, "");
  }

  /** A significant difference below the minimum relative change does not count. */
  private ComparisonVerdict practical(ComparisonVerdict v, double baseline, double candidate) {
    if (minimumRelativeChange == 0 || v == ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE
        || v == ComparisonVerdict.NOT_TESTED) {
      return v;
    }
    double relative = baseline == 0 ? Double.POSITIVE_INFINITY : Math.abs(candidate - baseline) / Math.abs(baseline);
    return relative < minimumRelativeChange ? ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE : v;
  }

  private static MetricComparison untested(ComparedMetric metric, double baseline, double candidate, String note) {
    return new MetricComparison(metric, baseline, candidate, StatisticalTest.NONE, Double.NaN, Double.NaN,
        EffectSize.NONE,
        OptionalDouble.empty(), Optional.empty(), ComparisonVerdict.NOT_TESTED, note);
  }

  private static String smallSampleNote(int nb, int nc, int p) {
    int n = Math.min(nb, nc);
    if (p == 99 && n < 100) {
      return "p99 of " + n + " requests: the bootstrap cannot see past the largest value, the interval is optimistic";
    }
    if (n < 10) return "only " + n + " requests: the test has little power";
    return "";
  }

  private static double quantile(double[] values, double p, QuantileRule rule) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return rule.of(sorted, p);
  }

  private static String label(BenchmarkResult r, String fallback) {
    if (r.name().isEmpty()) return fallback;
    return r.name() + " (" + r.startedAt() + ")";
  }
}
