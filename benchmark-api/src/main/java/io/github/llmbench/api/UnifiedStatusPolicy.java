package io.github.llmbench.api;

import java.util.Locale;

/**
 * The unified benchmark's status rules, first match wins:
 *
 * <ol>
 *   <li>{@code FAILING} if success rate &lt; {@code minSuccessRate} (default 0.95);
 *   <li>{@code DEGRADED} if a non-zero baseline p99 is given and p99 &gt; {@code latencyFactor} x baseline p99
 *       (default 2);
 *   <li>{@code SATURATED} if a non-zero previous throughput is given and {@code throughput_total} &lt;
 *       {@code throughputGrowth} x previous (default 1.05);
 *   <li>{@code OK} otherwise.
 * </ol>
 *
 * <p>Immutable; change a threshold with {@code StatusPolicy.unified().minSuccessRate(0.99)}.
 */
public record UnifiedStatusPolicy(double minSuccessRate, double latencyFactor, double throughputGrowth)
    implements StatusPolicy {
  static final UnifiedStatusPolicy DEFAULT = new UnifiedStatusPolicy(0.95, 2.0, 1.05);

  public UnifiedStatusPolicy {
    if (!(minSuccessRate >= 0 && minSuccessRate <= 1)) {
      throw new IllegalArgumentException("minSuccessRate (" + minSuccessRate + ") should be between 0 and 1");
    }
    Checks.positive("latencyFactor", latencyFactor);
    Checks.positive("throughputGrowth", throughputGrowth);
  }

  public UnifiedStatusPolicy minSuccessRate(double value) {
    return new UnifiedStatusPolicy(value, latencyFactor, throughputGrowth);
  }

  public UnifiedStatusPolicy latencyFactor(double value) {
    return new UnifiedStatusPolicy(minSuccessRate, value, throughputGrowth);
  }

  public UnifiedStatusPolicy throughputGrowth(double value) {
    return new UnifiedStatusPolicy(minSuccessRate, latencyFactor, value);
  }

  /** First match wins: FAILING, DEGRADED, SATURATED, OK, with this policy's thresholds. */
  @Override
  public java.util.List<StatusPolicy.Rule> rules() {
    return java.util.List.of(
        new StatusPolicy.Rule(Status.FAILING, "success rate < " + minSuccessRate),
        new StatusPolicy.Rule(Status.DEGRADED,
            "p99 > " + latencyFactor + "x baseline p99 (the BASELINE step's latency_p99)"),
        new StatusPolicy.Rule(Status.SATURATED, "throughput_total < " + throughputGrowth
            + "x the previous step's throughput_total"),
        new StatusPolicy.Rule(Status.OK, "no other rule matched"));
  }

  @Override
  public Verdict classify(StepStatistics s, StatusPolicy.Context context) {
    if (s.successRate() < minSuccessRate) {
      return Verdict.of(Status.FAILING, format("success rate %.3f < %s", s.successRate(), minSuccessRate));
    }
    // The script tests truthiness: a baseline or previous throughput of 0 counts as absent.
    double baseline = context.baselineP99Sec().orElse(0);
    if (baseline != 0 && s.script().latencyP99Sec() > baseline * latencyFactor) {
      return Verdict.of(Status.DEGRADED, format("p99 %.3f s > %s x baseline p99 %.3f s",
          s.script().latencyP99Sec(), latencyFactor, baseline));
    }
    double previous = context.previousThroughputTotal().orElse(0);
    if (previous != 0 && s.script().throughputTotal() < previous * throughputGrowth) {
      return Verdict.of(Status.SATURATED, format("throughput %.1f tok/s < %s x previous %.1f tok/s",
          s.script().throughputTotal(), throughputGrowth, previous));
    }
    StringBuilder why = new StringBuilder(format("success rate %.3f >= %s", s.successRate(), minSuccessRate));
    if (baseline != 0) why.append(format(", p99 %.3f s <= %s x baseline", s.script().latencyP99Sec(), latencyFactor));
    if (previous != 0) why.append(format(", throughput %.1f tok/s >= %s x previous", s.script().throughputTotal(),
        throughputGrowth));
    return Verdict.of(Status.OK, why.toString());
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
