package io.github.llmbench.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a step counts as {@link ClientHealth client-bound}: when llmbench's own delays could have moved one of its
 * reported figures ({@link ClientHealth#bounds()}) by more than {@code max(minShift, minShare × figure)}. By
 * default ({@link #ofDefaults()}) that is max(1 ms, 1 %): a 25 ms stall during a step whose requests take 2.2 s is
 * not enough, unless it fell on enough requests to move a percentile by more than 22 ms.
 *
 * @param minShift the largest shift that never marks a step, however small the figure
 * @param minShare the largest shift, as a share of the figure, that never marks a step, in (0, 1)
 */
public record ClientBoundThresholds(Duration minShift, double minShare) {
  private static final ClientBoundThresholds DEFAULTS = new ClientBoundThresholds(Duration.ofMillis(1), 0.01);

  public ClientBoundThresholds {
    Checks.positive("minShift", minShift);
    if (!(minShare > 0 && minShare < 1)) {
      throw new IllegalArgumentException("minShare (" + minShare + ") should be in (0, 1)");
    }
  }

  /** max(1 ms, 1 %). */
  public static ClientBoundThresholds ofDefaults() {
    return DEFAULTS;
  }

  /** Whether a figure could have moved by more than these thresholds allow. */
  public boolean exceeded(ClientHealth.FigureBound bound) {
    double allowed = Math.max(minShift.toNanos() / 1e6, minShare * bound.valueMillis());
    return bound.boundMillis() > allowed;
  }

  /**
   * The reasons {@code health} is client-bound under these thresholds, one per figure that could have moved too
   * much, each naming it and the bound: {@code "p99 latency could be 4.2 ms (2.1 %) too high"}. Empty when none could.
   */
  public List<String> reasons(ClientHealth health) {
    List<String> reasons = new ArrayList<>();
    for (ClientHealth.FigureBound b : health.bounds()) {
      if (!exceeded(b)) continue;
      reasons.add(b.figure().label() + " could be " + ms(b.boundMillis()) + " ("
          + String.format(Locale.ROOT, "%.1f %%", 100 * b.share()) + ") too high");
    }
    return reasons;
  }

  /** {@code health} with its verdict decided by these thresholds. */
  public ClientHealth classify(ClientHealth health) {
    return health.withReasons(reasons(health));
  }

  /** One decimal below 100 ms, so a bound just above 1 ms does not read as equal to it ("1.2 ms"). */
  private static String ms(double millis) {
    return String.format(Locale.ROOT, millis >= 100 ? "%.0f ms" : "%.1f ms", millis);
  }
}
