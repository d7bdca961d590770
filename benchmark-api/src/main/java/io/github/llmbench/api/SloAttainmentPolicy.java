package io.github.llmbench.api;

import java.util.List;
import java.util.Locale;

/**
 * A step's status from its SLO attainment (the share of its requests that met every objective of the benchmark's
 * {@link Slo}), judged by the Wilson interval at {@code confidenceLevel}: {@code OK} when the interval's lower bound
 * is at least the target, {@code SATURATED} when its upper bound is below it, {@code DEGRADED} when it straddles it.
 * A step without goodput figures (a benchmark without SLOs) is {@code OK}, saying so. The status policy of a
 * {@link CapacitySearch}'s probes.
 *
 * @param targetAttainment the share that must meet the objectives, in (0, 1)
 * @param confidenceLevel the interval's level, in (0, 1)
 */
public record SloAttainmentPolicy(double targetAttainment, double confidenceLevel) implements StatusPolicy {
  public SloAttainmentPolicy {
    Checks.openUnit("targetAttainment", targetAttainment);
    NormalQuantile.twoSided(confidenceLevel);
  }

  @Override
  public Verdict classify(StepStatistics statistics, StatusContext context) {
    if (statistics.goodput().isEmpty() || statistics.numRequests() == 0) {
      return Verdict.of(Status.OK, "no SLO attainment to judge (the benchmark has no SLO)");
    }
    Goodput g = statistics.goodput().get();
    ConfidenceInterval ci = ConfidenceInterval.wilson(g.met(), statistics.numRequests(), confidenceLevel);
    String figures = String.format(Locale.ROOT, "SLO attainment %.1f %% (%s CI %.1f\u2013%.1f %%)", ci.estimate() * 100,
        level(), ci.lower() * 100, ci.upper() * 100);
    String target = String.format(Locale.ROOT, "%s target", Checks.percent(targetAttainment));
    CapacityProbe.Judgement judged = CapacityProbe.Judgement.of(ci, targetAttainment);
    String says = switch (judged) {
      case MEETS -> " meets the " + target;
      case MISSES -> " misses the " + target;
      case UNDECIDED -> " cannot tell the " + target + " (marginal)";
    };
    return Verdict.of(judged.status(), figures + says);
  }

  @Override
  public List<StatusRule> rules() {
    String t = Checks.percent(targetAttainment);
    return List.of(
        new StatusRule(Status.OK, "SLO attainment " + level() + " CI lower bound >= " + t),
        new StatusRule(Status.SATURATED, "SLO attainment " + level() + " CI upper bound < " + t),
        new StatusRule(Status.DEGRADED, "SLO attainment " + level() + " CI straddles " + t));
  }

  private String level() {
    return Checks.percent(confidenceLevel);
  }
}
