package io.github.llmbench.report.compare;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ComparedMetric;
import io.github.llmbench.api.ComparisonVerdict;
import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.api.EffectSize;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.MetricComparison;
import io.github.llmbench.api.RunComparison;
import io.github.llmbench.api.StatisticalTest;
import io.github.llmbench.api.StepComparison;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepSamples;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.core.stats.Bootstrap;
import io.github.llmbench.core.stats.QuantileRule;
import io.github.llmbench.core.stats.Samples;
import io.github.llmbench.core.stats.TwoSampleTests;
import java.util.ArrayList;
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
 * <p>Every test runs at the same α; with many steps and metrics, a few "significant" differences are expected by
 * chance alone even between two runs of the same server ({@link RunComparison#testCount()} × α of them on average),
 * which the Markdown says. {@link #withMinimumRelativeChange} ignores differences too small to matter.
 *
 * @param alpha the significance level of every test, in (0, 1); default 0.05
 * @param bootstrap the bootstrap (its level is set to {@code 1 - alpha})
 * @param comparability which steps can be compared
 * @param minimumRelativeChange a significant difference smaller than this share of the baseline value counts as
 *     no significant difference; default 0
 */
public record RunComparator(double alpha, Bootstrap bootstrap, StepComparability comparability,
    double minimumRelativeChange) {
  /** @throws IllegalArgumentException if alpha is not in (0, 1) or the minimum change is negative */
  public RunComparator {
    if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha (" + alpha + ") should be in (0, 1)");
    Objects.requireNonNull(bootstrap, "bootstrap");
    bootstrap = bootstrap.withLevel(1 - alpha);
    Objects.requireNonNull(comparability, "comparability");
    if (!(minimumRelativeChange >= 0)) {
      throw new IllegalArgumentException("minimumRelativeChange (" + minimumRelativeChange + ") should not be negative");
    }
  }

  /** α = 0.05, 2,000 resamples with the default seed, {@link StepComparability#standard()}, no minimum change. */
  public static RunComparator ofDefaults() {
    return new RunComparator(TwoSampleTests.DEFAULT_ALPHA, Bootstrap.ofDefaults(), StepComparability.standard(), 0);
  }

  public RunComparator withAlpha(double newAlpha) {
    return new RunComparator(newAlpha, bootstrap, comparability, minimumRelativeChange);
  }

  public RunComparator withBootstrap(Bootstrap newBootstrap) {
    return new RunComparator(alpha, newBootstrap, comparability, minimumRelativeChange);
  }

  public RunComparator withComparability(StepComparability newComparability) {
    return new RunComparator(alpha, bootstrap, newComparability, minimumRelativeChange);
  }

  public RunComparator withMinimumRelativeChange(double share) {
    return new RunComparator(alpha, bootstrap, comparability, share);
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
        steps.add(compareStep(b, c));
      }
    }
    List<String> names = candidate.steps().stream().map(StepResult::testName).toList();
    List<String> onlyInBaseline = base.keySet().stream().filter(n -> !names.contains(n)).toList();
    return new RunComparison(baselineLabel, candidateLabel, alpha, steps, onlyInBaseline, onlyInCandidate);
  }

  /** One step of each run. */
  public StepComparison compareStep(StepResult baseline, StepResult candidate) {
    Optional<String> why = comparability.whyNotComparable(baseline, candidate);
    if (why.isPresent()) return new StepComparison(candidate.phase(), candidate.testName(), why.get(), List.of());
    StepStatistics b = baseline.statistics();
    StepStatistics c = candidate.statistics();
    List<MetricComparison> metrics = new ArrayList<>();
    Optional<StepSamples> sb = b.samples();
    Optional<StepSamples> sc = c.samples();

    distribution(metrics, ComparedMetric.LATENCY_P50, ComparedMetric.LATENCY_P99, QuantileRule.SCRIPT_LOWER,
        sb, sc, Samples::latencySec, b.latencyP50(), c.latencyP50(), b.latencyP99(), c.latencyP99());
    if (b.stream().isPresent() && c.stream().isPresent()) {
      LatencySummary tb = b.stream().get().ttft();
      LatencySummary tc = c.stream().get().ttft();
      distribution(metrics, ComparedMetric.TTFT_P50, ComparedMetric.TTFT_P99, QuantileRule.LINEAR, sb, sc,
          Samples::ttftSec, tb.p50Sec(), tc.p50Sec(), tb.p99Sec(), tc.p99Sec());
      LatencySummary pb = b.stream().get().tpot();
      LatencySummary pc = c.stream().get().tpot();
      distribution(metrics, ComparedMetric.TPOT_P50, ComparedMetric.TPOT_P99, QuantileRule.LINEAR, sb, sc,
          Samples::tpotSec, pb.p50Sec(), pc.p50Sec(), pb.p99Sec(), pc.p99Sec());
    }
    if (sb.isPresent() && sc.isPresent()) {
      double[] rb = Samples.outputRatePerSec(sb.get());
      double[] rc = Samples.outputRatePerSec(sc.get());
      if (rb.length > 0 && rc.length > 0) metrics.add(rankTest(ComparedMetric.REQUEST_OUTPUT_RATE, rb, rc));
    }
    String oneValue = "one value per run: no test possible (repeat the runs, or read the output rate per request)";
    metrics.add(untested(ComparedMetric.THROUGHPUT_OUTPUT, b.throughputOutput(), c.throughputOutput(), oneValue));
    metrics.add(untested(ComparedMetric.WALL_THROUGHPUT_OUTPUT, b.wallThroughputOutput(), c.wallThroughputOutput(),
        oneValue));
    metrics.add(successRate(b, c));
    return new StepComparison(candidate.phase(), candidate.testName(), "", metrics);
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
    return new MetricComparison(metric, baseValue, candValue, StatisticalTest.MANN_WHITNEY_U, t.pValue(),
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
        d.pValue(), EffectSize.NONE, OptionalDouble.empty(), Optional.of(ci), v, smallSampleNote(b.length, c.length, 99));
  }

  private MetricComparison successRate(StepStatistics b, StepStatistics c) {
    TwoSampleTests.ProportionTest t = TwoSampleTests.proportions(b.successful(), b.numRequests(), c.successful(),
        c.numRequests(), 1 - alpha);
    ComparisonVerdict v = practical(TwoSampleTests.verdict(t.pValue(), alpha, t.difference(), false),
        b.successRate(), c.successRate());
    return new MetricComparison(ComparedMetric.SUCCESS_RATE, b.successRate(), c.successRate(), t.test(), t.pValue(),
        new EffectSize(EffectSize.Kind.COHENS_H, t.cohensH()), OptionalDouble.empty(),
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
    return new MetricComparison(metric, baseline, candidate, StatisticalTest.NONE, Double.NaN, EffectSize.NONE,
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
