package io.github.llmbench.core.stats;

import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.api.StepSamples;
import io.github.llmbench.api.Verdict.RuleDecision.Comparison;
import io.github.llmbench.api.Verdict;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds {@link Verdict.RuleDecision}s for a step's status rules from its figures and per-request samples, each with a
 * 95 % interval, its margin, firm or marginal, and the number of requests a firm answer would need.
 *
 * <p><b>Requests for a firm answer.</b> A decision is marginal when its interval reaches the threshold. With the
 * observed value held fixed, an interval narrows as {@code 1 / sqrt(n)}, so the half-width on the threshold's side,
 * {@code h} (from the observed value to the bound facing the threshold), clears the distance
 * {@code d = |observed - threshold|} once {@code n' > n (h / d)^2}; the estimate is the smallest such whole number.
 * For proportions the Wilson bound is recomputed exactly for each candidate {@code n'} instead (binary search). The
 * estimate assumes the observed value stays where it is; it is a planning figure, not a promise. It is empty ("not
 * reachable") when the observed value sits on the threshold ({@code d = 0}: no sample size can decide) or when it
 * exceeds {@link #MAX_REQUESTS}. For a ratio of two samples the figure is the numerator's (the step's), and the
 * denominator (the baseline) must grow by the same factor.
 *
 * <p><b>Quantiles.</b> Quantile rules use {@link QuantileIntervals} (order statistics, distribution-free). When the
 * interval has no bound on the threshold's side ({@link Verdict.RuleDecision.Firmness#UNBOUNDED}), the figure is instead the
 * fewest requests for which that bound exists at all (for a ratio: in each sample); a firm answer needs at least
 * that many.
 */
public final class RuleDecisions {
  /** Estimates above this are reported as not reachable. */
  public static final long MAX_REQUESTS = 10_000_000L;

  private RuleDecisions() {}

  /**
   * A decision from an interval computed elsewhere: {@code requestsForFirmAnswer} by the {@code sqrt(n)} scaling
   * above.
   *
   * @param sampleSize the requests behind the interval
   */
  public static Verdict.RuleDecision decide(String metric, Comparison comparison, double threshold, double observed,
      ConfidenceInterval interval, long sampleSize) {
    Objects.requireNonNull(interval, "interval");
    Verdict.RuleDecision firmless = new Verdict.RuleDecision(metric, comparison, threshold, observed, Optional.of(interval),
        sampleSize, OptionalLong.empty());
    return new Verdict.RuleDecision(metric, comparison, threshold, observed, Optional.of(interval), sampleSize,
        scaledRequests(firmless));
  }

  /** A decision without an interval (for example a throughput ratio, one value per step). */
  public static Verdict.RuleDecision withoutInterval(String metric, Comparison comparison, double threshold, double observed,
      long sampleSize) {
    return new Verdict.RuleDecision(metric, comparison, threshold, observed, Optional.empty(), sampleSize,
        OptionalLong.empty());
  }

  /**
   * The unified script's DEGRADED rule, {@code p99 > factor x baseline p99}, as "p99 ratio &gt; factor": the ratio
   * of the script's p99s (lower sample) with the Bonferroni order-statistic interval over both samples' successful
   * latencies ({@link QuantileIntervals#quantileRatio}).
   *
   * @param level the confidence level of the ratio's interval
   * @throws IllegalArgumentException if either sample has no latencies, the factor is not positive or the level is
   *     not in (0, 1)
   */
  public static Verdict.RuleDecision p99RatioAbove(StepSamples step, StepSamples baseline, double factor, double level) {
    if (!(factor > 0)) throw new IllegalArgumentException("factor (" + factor + ") should be positive");
    return quantileRatioAbove("p99 ratio", Samples.latencySec(step), Samples.latencySec(baseline), 99,
        QuantileRule.SCRIPT_LOWER, factor, level);
  }

  /** {@code quantile(step) / quantile(baseline) > threshold} with the Bonferroni order-statistic interval. */
  public static Verdict.RuleDecision quantileRatioAbove(String metric, double[] step, double[] baseline, double p,
      QuantileRule rule, double threshold, double level) {
    ConfidenceInterval ci = QuantileIntervals.quantileRatio(step, baseline, p, rule, level);
    double each = QuantileIntervals.eachLevel(level);
    // Either bound of the ratio takes a lower bound from one sample and an upper bound from the other.
    return quantileDecision(metric, threshold, ci, step.length, Math.max(
        need(QuantileIntervals.requestsForLowerBound(p, each)), need(QuantileIntervals.requestsForUpperBound(p, each))));
  }

  /**
   * {@code quantile(sample) > threshold} (an absolute objective, e.g. p99 above 2 s) with the order-statistic
   * interval ({@link QuantileIntervals#quantile}).
   */
  public static Verdict.RuleDecision quantileAbove(String metric, double[] sample, double p, QuantileRule rule,
      double threshold, double level) {
    ConfidenceInterval ci = QuantileIntervals.quantile(sample, p, rule, level);
    long needed = need(ci.estimate() > threshold ? QuantileIntervals.requestsForLowerBound(p, level)
        : QuantileIntervals.requestsForUpperBound(p, level));
    return quantileDecision(metric, threshold, ci, sample.length, needed);
  }

  /** A missing bound that no sample size gives (p100 from above) needs more than the cap. */
  private static long need(OptionalLong requests) {
    return requests.orElse(Long.MAX_VALUE);
  }

  /**
   * A {@code >} decision on a quantile interval: an unbounded one needs {@code forBound} requests (empty above the
   * cap), any other the {@code sqrt(n)} estimate.
   */
  private static Verdict.RuleDecision quantileDecision(String metric, double threshold, ConfidenceInterval ci,
      long sampleSize, long forBound) {
    Verdict.RuleDecision d = decide(metric, Comparison.GREATER_THAN, threshold, ci.estimate(), ci, sampleSize);
    if (d.firmness() != Verdict.RuleDecision.Firmness.UNBOUNDED) return d;
    return new Verdict.RuleDecision(metric, Comparison.GREATER_THAN, threshold, ci.estimate(), Optional.of(ci), sampleSize,
        forBound > MAX_REQUESTS ? OptionalLong.empty() : OptionalLong.of(forBound));
  }

  /** The unified script's FAILING rule, {@code success rate < threshold}, with a Wilson interval. */
  public static Verdict.RuleDecision successRateBelow(long successful, long numRequests, double threshold, double level) {
    return proportionBelow("success rate", successful, numRequests, threshold, level);
  }

  /** SLO attainment below a target (share of requests meeting every objective), with a Wilson interval. */
  public static Verdict.RuleDecision attainmentBelow(long met, long numRequests, double target, double level) {
    return proportionBelow("SLO attainment", met, numRequests, target, level);
  }

  /**
   * {@code successes / trials < threshold} with a Wilson interval; the requests for a firm answer are found by
   * recomputing the Wilson bound at each candidate size.
   */
  public static Verdict.RuleDecision proportionBelow(String metric, long successes, long trials, double threshold,
      double level) {
    ConfidenceInterval ci = ProportionIntervals.wilson(successes, trials, level);
    Verdict.RuleDecision d = new Verdict.RuleDecision(metric, Comparison.LESS_THAN, threshold, ci.estimate(), Optional.of(ci), trials,
        OptionalLong.empty());
    return new Verdict.RuleDecision(metric, Comparison.LESS_THAN, threshold, ci.estimate(), Optional.of(ci), trials,
        wilsonRequests(d, level));
  }

  /** The {@code sqrt(n)} estimate of the requests a firm answer needs; see the class comment. */
  static OptionalLong scaledRequests(Verdict.RuleDecision d) {
    if (d.firmness() == Verdict.RuleDecision.Firmness.FIRM) return OptionalLong.of(d.sampleSize());
    if (d.interval().isEmpty() || d.sampleSize() == 0) return OptionalLong.empty();
    ConfidenceInterval ci = d.interval().get();
    double distance = Math.abs(d.observed() - d.threshold());
    if (distance == 0) return OptionalLong.empty();
    double half = d.observed() > d.threshold() ? d.observed() - ci.lower() : ci.upper() - d.observed();
    if (!(half > 0) || Double.isInfinite(half)) return OptionalLong.empty();
    double needed = Math.floor(d.sampleSize() * (half / distance) * (half / distance)) + 1;
    if (needed > MAX_REQUESTS) return OptionalLong.empty();
    return OptionalLong.of(Math.max(d.sampleSize() + 1, (long) needed));
  }

  /** The smallest n whose Wilson bound, at the observed proportion, clears the threshold. */
  static OptionalLong wilsonRequests(Verdict.RuleDecision d, double level) {
    if (d.firmness() == Verdict.RuleDecision.Firmness.FIRM) return OptionalLong.of(d.sampleSize());
    double p = d.observed();
    double t = d.threshold();
    if (p == t) return OptionalLong.empty();
    if (!clears(p, t, MAX_REQUESTS, level)) return OptionalLong.empty();
    long lo = Math.max(1, d.sampleSize());
    long hi = MAX_REQUESTS;
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      if (clears(p, t, mid, level)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return OptionalLong.of(lo);
  }

  private static boolean clears(double p, double threshold, long n, double level) {
    ConfidenceInterval ci = io.github.llmbench.core.stats.ProportionIntervals.wilson(p, n, level);
    return p > threshold ? ci.lower() > threshold : ci.upper() < threshold;
  }
}
