package io.github.llmbench.core;

import io.github.llmbench.api.CapacitySearch;
import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.api.Goodput;
import io.github.llmbench.api.Slo;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StatusPolicy;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Verdict;
import java.util.List;
import java.util.Locale;

/**
 * A step's status from its SLO attainment (the share of its requests that met every objective of the benchmark's
 * {@link Slo}), judged by the Wilson interval at {@code confidenceLevel}: {@code OK} when the interval's lower bound
 * is at least the target, {@code SATURATED} when its upper bound is below it, {@code DEGRADED} when it straddles it.
 * A step without goodput figures (a benchmark without SLOs) is {@code OK}, saying so. The status policy of a
 * capacity search's probes ({@link CapacitySearches#statusPolicy}).
 *
 * @param targetAttainment the share that must meet the objectives, in (0, 1)
 * @param confidenceLevel the interval's level, in (0, 1)
 */
public record SloAttainmentPolicy(double targetAttainment, double confidenceLevel) implements StatusPolicy {
  public SloAttainmentPolicy {
    openUnit("targetAttainment", targetAttainment);
    openUnit("confidenceLevel", confidenceLevel);
  }

  private static void openUnit(String field, double value) {
    if (!(value > 0 && value < 1)) throw new IllegalArgumentException(field + " (" + value + ") should be in (0, 1)");
  }

  /** {@code "95 %"}, {@code "99.5 %"}. */
  private static String percent(double share) {
    double pct = share * 100;
    return String.format(Locale.ROOT, Math.abs(pct - Math.rint(pct)) < 1e-9 ? "%.0f %%" : "%.1f %%", pct);
  }

  @Override
  public Verdict classify(StepStatistics statistics, StatusPolicy.Context context) {
    if (statistics.measured().goodput().isEmpty() || statistics.numRequests() == 0) {
      return Verdict.of(Status.OK, "no SLO attainment to judge (the benchmark has no SLO)");
    }
    Goodput g = statistics.measured().goodput().get();
    ConfidenceInterval ci = io.github.llmbench.core.stats.ProportionIntervals.wilson(g.met(), statistics.numRequests(),
        confidenceLevel);
    String figures = String.format(Locale.ROOT, "SLO attainment %.1f %% (%s CI %.1f\u2013%.1f %%)", ci.estimate() * 100,
        level(), ci.lower() * 100, ci.upper() * 100);
    String target = String.format(Locale.ROOT, "%s target", percent(targetAttainment));
    CapacitySearch.Probe.Judgement judged = CapacitySearch.Probe.Judgement.of(ci, targetAttainment);
    String says = switch (judged) {
      case MEETS -> " meets the " + target;
      case MISSES -> " misses the " + target;
      case UNDECIDED -> " cannot tell the " + target + " (marginal)";
    };
    return Verdict.of(judged.status(), figures + says);
  }

  @Override
  public List<StatusPolicy.Rule> rules() {
    String t = percent(targetAttainment);
    return List.of(
        new StatusPolicy.Rule(Status.OK, "SLO attainment " + level() + " CI lower bound >= " + t),
        new StatusPolicy.Rule(Status.SATURATED, "SLO attainment " + level() + " CI upper bound < " + t),
        new StatusPolicy.Rule(Status.DEGRADED, "SLO attainment " + level() + " CI straddles " + t));
  }

  private String level() {
    return percent(confidenceLevel);
  }
}
