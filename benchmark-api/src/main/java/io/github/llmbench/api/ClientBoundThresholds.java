package io.github.llmbench.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a step counts as {@link ClientHealth client-bound}: any one figure above its threshold is enough. The
 * defaults ({@link #ofDefaults()}) are:
 * <ul>
 *   <li>send-lag p99 above <b>20 ms</b>: requests left later than the load asked, so the server saw less load
 *       than the step claims;</li>
 *   <li>hiccup max above <b>20 ms</b>: the JVM stalled for longer than a typical inter-token gap, so some latency
 *       was the client's;</li>
 *   <li>GC time above <b>5 %</b> of the step;</li>
 *   <li>CPU above <b>90 %</b> of the cores available to the JVM: the client had no headroom left to read responses
 *       on time.</li>
 * </ul>
 *
 * @param sendLagP99 the largest acceptable 99th percentile send lag
 * @param hiccupMax the longest acceptable JVM stall
 * @param gcShareOfWindow the largest acceptable share of the step spent in GC pauses, in (0, 1]
 * @param cpuShareOfCores the largest acceptable CPU use as a share of the available cores, in (0, 1]; 1 never
 *     marks a step
 */
public record ClientBoundThresholds(Duration sendLagP99, Duration hiccupMax, double gcShareOfWindow,
    double cpuShareOfCores) {
  private static final ClientBoundThresholds DEFAULTS =
      new ClientBoundThresholds(Duration.ofMillis(20), Duration.ofMillis(20), 0.05, 0.90);

  public ClientBoundThresholds {
    Checks.positive("sendLagP99", sendLagP99);
    Checks.positive("hiccupMax", hiccupMax);
    share("gcShareOfWindow", gcShareOfWindow);
    share("cpuShareOfCores", cpuShareOfCores);
  }

  /** Send-lag p99 20 ms, hiccup max 20 ms, GC 5 % of the step, CPU 90 % of the cores. */
  public static ClientBoundThresholds ofDefaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return DEFAULTS.toBuilder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The reasons {@code health} is client-bound under these thresholds, one per crossed threshold, each naming the
   * figure and the threshold: {@code "JVM stalled 48 ms (hiccup max > 20 ms)"}. Empty when none is crossed.
   */
  public List<String> reasons(ClientHealth health) {
    List<String> reasons = new ArrayList<>(4);
    double sendLagLimitMillis = millis(sendLagP99);
    if (health.sendLag().p99Millis() > sendLagLimitMillis) {
      reasons.add("requests left " + ms(health.sendLag().p99Millis()) + " late at p99 (send-lag p99 > "
          + ms(sendLagLimitMillis) + ")");
    }
    double hiccupLimitMillis = millis(hiccupMax);
    if (health.hiccups().maxMillis() > hiccupLimitMillis) {
      reasons.add("JVM stalled " + ms(health.hiccups().maxMillis()) + " (hiccup max > " + ms(hiccupLimitMillis) + ")");
    }
    if (health.gc().shareOfWindow() > gcShareOfWindow) {
      reasons.add("GC paused " + ms(health.gc().timeMillis()) + ", " + Checks.percent(health.gc().shareOfWindow())
          + " of the step (GC time > " + Checks.percent(gcShareOfWindow) + " of the step)");
    }
    if (health.cpu().shareOfCores().isPresent() && health.cpu().shareOfCores().getAsDouble() > cpuShareOfCores) {
      reasons.add("CPU at " + Checks.percent(health.cpu().shareOfCores().getAsDouble()) + " of "
          + health.cpu().availableProcessors() + " cores (CPU > " + Checks.percent(cpuShareOfCores) + " of the cores)");
    }
    return reasons;
  }

  /** {@code health} with its verdict decided by these thresholds. */
  public ClientHealth classify(ClientHealth health) {
    return health.withReasons(reasons(health));
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }

  /**
   * One decimal below 100 ms unless whole, so a figure just above its threshold does not read as equal to it
   * ("20.4 ms (hiccup max > 20 ms)").
   */
  private static String ms(double millis) {
    boolean whole = millis >= 100 || Math.abs(millis - Math.rint(millis)) < 1e-9;
    return String.format(Locale.ROOT, whole ? "%.0f ms" : "%.1f ms", millis);
  }

  private static void share(String field, double value) {
    if (!(value > 0 && value <= 1)) throw new IllegalArgumentException(field + " (" + value + ") should be in (0, 1]");
  }

  /** Mutable, not thread-safe; starts from the defaults. */
  public static final class Builder {
    private Duration sendLagP99;
    private Duration hiccupMax;
    private double gcShareOfWindow;
    private double cpuShareOfCores;

    private Builder(ClientBoundThresholds from) {
      sendLagP99 = from.sendLagP99;
      hiccupMax = from.hiccupMax;
      gcShareOfWindow = from.gcShareOfWindow;
      cpuShareOfCores = from.cpuShareOfCores;
    }

    public Builder sendLagP99(Duration sendLagP99) {
      this.sendLagP99 = sendLagP99;
      return this;
    }

    public Builder hiccupMax(Duration hiccupMax) {
      this.hiccupMax = hiccupMax;
      return this;
    }

    public Builder gcShareOfWindow(double share) {
      this.gcShareOfWindow = share;
      return this;
    }

    public Builder cpuShareOfCores(double share) {
      this.cpuShareOfCores = share;
      return this;
    }

    /**
     * Builds the thresholds. Further updates to this builder do not affect the returned instance.
     *
     * @throws IllegalArgumentException if a duration is not positive or a share is outside (0, 1]
     */
    public ClientBoundThresholds build() {
      return new ClientBoundThresholds(sendLagP99, hiccupMax, gcShareOfWindow, cpuShareOfCores);
    }
  }
}
