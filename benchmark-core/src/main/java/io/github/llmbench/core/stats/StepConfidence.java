package io.github.llmbench.core.stats;

import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.api.StatusPolicy;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepSamples;
import io.github.llmbench.api.UnifiedStatusPolicy;
import io.github.llmbench.api.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The intervals a library user can ask of a finished step, and the unified script's three rules judged with them.
 * Figures that need per-request samples are empty when the step has none ({@code StepStatistics.samples()}).
 *
 * <pre>{@code
 * StepConfidence conf = StepConfidence.ofDefaults();
 * conf.successRate(step);                          // Wilson, 95 %
 * conf.latencyP99Interval(step);                   // Optional: order statistics around the script's p99
 * conf.unifiedRules(StatusPolicy.unified(), step, Optional.of(baseline), OptionalDouble.of(previousThroughputTotal))
 *     .stream().map(d -> d.describe(d.fired() ? "fires" : "holds")).toList();
 * }</pre>
 *
 * @param level the confidence level of every interval, in (0, 1)
 */
public record StepConfidence(double level) {

  /** @throws IllegalArgumentException if the level is not in (0, 1) */
  public StepConfidence {
    ProportionIntervals.checkLevel(level);
  }

  /** 95 %. */
  public static StepConfidence ofDefaults() {
    return new StepConfidence(ProportionIntervals.DEFAULT_LEVEL);
  }

  /** Wilson interval of successful / sent. */
  public ConfidenceInterval successRate(StepResult step) {
    return ProportionIntervals.wilson(step.statistics().successful(), step.numRequests(), level);
  }

  /** Wilson interval of the SLO attainment (requests meeting every objective / sent), when the step has SLOs. */
  public Optional<ConfidenceInterval> sloAttainment(StepResult step) {
    return step.statistics().measured().goodput()
        .map(g -> ProportionIntervals.wilson(g.met(), step.numRequests(), level));
  }

  /**
   * Order-statistic interval of the p99 of successful latencies, in seconds, around the script's p99 (lower
   * sample); its upper bound is missing (+∞) below 368 requests ({@link QuantileIntervals}).
   */
  public Optional<ConfidenceInterval> latencyP99Interval(StepResult step) {
    return latencyQuantile(step, 99, QuantileRule.SCRIPT_LOWER);
  }

  /** Order-statistic interval of a latency percentile of the successful requests, in seconds. */
  public Optional<ConfidenceInterval> latencyQuantile(StepResult step, double p, QuantileRule rule) {
    return latencies(step).map(l -> QuantileIntervals.quantile(l, p, rule, level));
  }

  /** Bonferroni order-statistic interval of this step's p99 over the baseline's (both the script's p99). */
  public Optional<ConfidenceInterval> p99Ratio(StepResult step, StepResult baseline) {
    Optional<double[]> a = latencies(step);
    Optional<double[]> b = latencies(baseline);
    if (a.isEmpty() || b.isEmpty()) return Optional.empty();
    return Optional.of(QuantileIntervals.quantileRatio(a.get(), b.get(), 99, QuantileRule.SCRIPT_LOWER, level));
  }

  /**
   * The decisions a step's verdict carries: for a {@link UnifiedStatusPolicy}, its three rules each on its own at
   * its own thresholds ({@link #unifiedRules}); for another policy, the decisions it gave itself (none unless it
   * says), never the script's rules at thresholds the policy did not choose.
   */
  public List<Verdict.RuleDecision> decisions(StatusPolicy policy, StepResult step, Optional<StepResult> baseline,
      OptionalDouble previousThroughputTotal) {
    return policy instanceof UnifiedStatusPolicy unified
        ? unifiedRules(unified, step, baseline, previousThroughputTotal) : step.verdict().rules();
  }

  /**
   * The unified script's rules, each on its own with its interval, in the script's order, at the policy's
   * thresholds: success rate below its minimum (Wilson); p99 ratio above its latency factor when a baseline with a
   * non-zero p99 is given (order statistics, needs samples of both; without them the decision has no interval, and
   * below a few hundred requests in either it is unbounded); throughput ratio below its growth factor when a
   * non-zero previous throughput is given (one value per step, so no interval).
   *
   * @param baseline the BASELINE step, when the rule applies to this step
   * @param previousThroughputTotal the previous step's {@code throughput_total}, when the rule applies
   */
  public List<Verdict.RuleDecision> unifiedRules(UnifiedStatusPolicy policy, StepResult step,
      Optional<StepResult> baseline,
      OptionalDouble previousThroughputTotal) {
    List<Verdict.RuleDecision> out = new ArrayList<>();
    out.add(RuleDecisions.successRateBelow(step.statistics().successful(), step.numRequests(),
        policy.minSuccessRate(), level));
    if (baseline.isPresent() && baseline.get().latencyP99Sec() > 0) {
      Optional<StepSamples> a = samplesWithLatencies(step);
      Optional<StepSamples> b = samplesWithLatencies(baseline.get());
      if (a.isPresent() && b.isPresent()) {
        out.add(RuleDecisions.p99RatioAbove(a.get(), b.get(), policy.latencyFactor(), level));
      } else {
        out.add(RuleDecisions.withoutInterval("p99 ratio", Verdict.RuleDecision.Comparison.GREATER_THAN,
            policy.latencyFactor(), step.latencyP99Sec() / baseline.get().latencyP99Sec(),
            step.statistics().successful()));
      }
    }
    if (previousThroughputTotal.isPresent() && previousThroughputTotal.getAsDouble() > 0) {
      out.add(RuleDecisions.withoutInterval("throughput ratio", Verdict.RuleDecision.Comparison.LESS_THAN,
          policy.throughputGrowth(), step.throughputTotal() / previousThroughputTotal.getAsDouble(), 1));
    }
    return out;
  }

  private static Optional<StepSamples> samplesWithLatencies(StepResult step) {
    return step.statistics().measured().samples().filter(s -> s.size() > 0);
  }

  private static Optional<double[]> latencies(StepResult step) {
    return samplesWithLatencies(step).map(Samples::latencySec);
  }
}
