package io.github.llmbench.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A step's status, a short reason naming the rule that fired with its figures, and each of the script's rules
 * judged on its own with its margin and 95 % interval.
 *
 * @param status the status, exactly as the status policy decided it
 * @param reason a one-line explanation, e.g. {@code "success rate 0.900 < 0.95"}
 * @param rules each rule on its own (success rate, p99 against the baseline, throughput against the previous step),
 *     with its observed value, threshold, margin and interval; empty when they were not judged
 */
public record Verdict(Status status, String reason, List<RuleDecision> rules) {
  public Verdict {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    rules = List.copyOf(rules);
  }

  public static Verdict of(Status status, String reason) {
    return new Verdict(status, reason, List.of());
  }

  /** This verdict with its rules judged one by one. */
  public Verdict withRules(List<RuleDecision> decisions) {
    return new Verdict(status, reason, decisions);
  }

  /**
   * Whether the decision is marginal: a rule's 95 % interval straddles its threshold, or the data cannot bound the
   * rule's value on the threshold's side, so the same server could give another status on another run
   * ({@link RuleDecision#isMarginal()}).
   */
  public boolean marginal() {
    return rules.stream().anyMatch(RuleDecision::isMarginal);
  }

  /**
   * One threshold rule judged with its uncertainty: "p99 ratio &gt; 2.0", "success rate &lt; 0.95", "throughput ratio
   * &lt; 1.05". It carries the observed value, its margin from the threshold and a confidence interval; it is
   * <b>firm</b> when the whole interval lies on the same side of the threshold as the observed value,
   * <b>marginal</b> when the interval touches or straddles the threshold, so another run of the same load could
   * well land on the other side, and <b>unbounded</b> when the data cannot bound the value on the threshold's side at
   * all (a p99 of 10 requests has no upper bound: that takes 368 at 95 %). Immutable.
   *
   * <pre>{@code
   * RuleDecision d = ...; // from io.github.llmbench.core.stats.RuleDecisions
   * d.describe("DEGRADED");   // "DEGRADED (marginal): p99 ratio 2.04, 95 % CI 1.71–2.63"
   * }</pre>
   *
   * @param metric what is measured, as the report names it ({@code "p99 ratio"})
   * @param comparison which side of the threshold makes the rule fire
   * @param threshold the rule's threshold
   * @param observed the observed value
   * @param interval the confidence interval of the observed value; empty when none can be computed (then the
   *     decision is {@link Firmness#NO_INTERVAL})
   * @param sampleSize the number of requests behind the interval (for a ratio of two samples: the step's, the
   *     numerator)
   * @param requestsForFirmAnswer an estimate of how many requests a firm answer would need (see
   *     {@code io.github.llmbench.core.stats.RuleDecisions}): {@code sampleSize} when already firm; when
   *     {@link Firmness#UNBOUNDED}, the fewest requests for which the data bound the value on the threshold's side at
   *     all (a firm answer needs at least that many); empty when not reachable (the observed value sits on the
   *     threshold, or the estimate exceeds the cap) or there is no interval
   */
  public record RuleDecision(String metric, Comparison comparison, double threshold, double observed,
      Optional<ConfidenceInterval> interval, long sampleSize, OptionalLong requestsForFirmAnswer) {

    /** The side of the threshold on which the rule fires. */
    public enum Comparison {
      /** Fires when the observed value is above the threshold. */
      GREATER_THAN(">"),
      /** Fires when the observed value is below the threshold. */
      LESS_THAN("<");

      private final String symbol;

      Comparison(String symbol) {
        this.symbol = symbol;
      }

      /** {@code ">"} or {@code "<"}. */
      public String symbol() {
        return symbol;
      }
    }

    /** How sure a decision is. */
    public enum Firmness {
      /** The interval lies wholly on the observed value's side of the threshold. */
      FIRM,
      /** The interval touches or straddles the threshold. */
      MARGINAL,
      /**
       * The interval has no bound on the threshold's side: too few requests for the data to bound the value there at
       * the interval's level ({@link ConfidenceInterval#hasLower()}, {@link ConfidenceInterval#hasUpper()}); the
       * requests for a firm answer say how many would.
       */
      UNBOUNDED,
      /** No interval could be computed (for example no per-request samples, or one value per step). */
      NO_INTERVAL
    }

    /** @throws IllegalArgumentException if the threshold or observed value is NaN or the sample size negative */
    public RuleDecision {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(comparison, "comparison");
      if (Double.isNaN(threshold)) throw new IllegalArgumentException("threshold (NaN) should be a number");
      if (Double.isNaN(observed)) throw new IllegalArgumentException("observed (NaN) should be a number");
      Objects.requireNonNull(interval, "interval");
      if (sampleSize < 0) throw new IllegalArgumentException("sampleSize (" + sampleSize + ") should not be negative");
      Objects.requireNonNull(requestsForFirmAnswer, "requestsForFirmAnswer");
    }

    /** Whether the rule fires on the observed value. */
    public boolean fired() {
      return comparison == Comparison.GREATER_THAN ? observed > threshold : observed < threshold;
    }

    /** {@code observed - threshold}. */
    public double margin() {
      return observed - threshold;
    }

    /** {@code (observed - threshold) / |threshold|}; NaN when the threshold is 0. */
    public double relativeMargin() {
      return threshold == 0 ? Double.NaN : (observed - threshold) / Math.abs(threshold);
    }

    /**
     * Firm when the interval lies wholly on the observed side of the threshold, unbounded when it has no bound on the
     * threshold's side (the bound facing the threshold is missing), marginal when it touches or straddles the
     * threshold. A share observed at 100 % against a lower bound (no request failed) is firm whatever the number of
     * requests: it can only turn the other way if the server really fails a request, not by chance alone (its
     * interval is still reported).
     */
    public Firmness firmness() {
      if (interval.isEmpty()) return Firmness.NO_INTERVAL;
      ConfidenceInterval ci = interval.get();
      if (comparison == Comparison.LESS_THAN && observed >= 1.0 && ci.method() == ConfidenceInterval.Method.WILSON_SCORE
          && observed > threshold) {
        return Firmness.FIRM;
      }
      if (observed == threshold) return Firmness.MARGINAL;
      boolean above = observed > threshold;
      if (above ? !ci.hasLower() : !ci.hasUpper()) return Firmness.UNBOUNDED;
      boolean firm = above ? ci.lower() > threshold : ci.upper() < threshold;
      return firm ? Firmness.FIRM : Firmness.MARGINAL;
    }

    /**
     * Whether the data leave the decision open although it was judged on them: {@link Firmness#MARGINAL} or
     * {@link Firmness#UNBOUNDED}, so another run of the same load could decide the other way. A decision without an
     * interval is not counted (there was nothing to judge it with).
     */
    public boolean isMarginal() {
      Firmness f = firmness();
      return f == Firmness.MARGINAL || f == Firmness.UNBOUNDED;
    }

    /** {@code "DEGRADED (marginal): p99 ratio 2.04, 95 % CI 1.71–2.63"}, two decimals. */
    public String describe(String label) {
      return describe(label, 2);
    }

    /**
     * {@code "<label> (firm|marginal): <metric> <observed>, <level> CI <lower>–<upper>"}; without an interval
     * {@code "<label>: <metric> <observed> (no interval)"}; with no bound on the threshold's side
     * {@code "<label>: <metric> <observed> (no interval (needs 368 requests))"}.
     */
    public String describe(String label, int decimals) {
      String f = "%." + decimals + "f";
      String value = metric + " " + String.format(Locale.ROOT, f, observed);
      if (interval.isEmpty()) return label + ": " + value + " (no interval)";
      if (firmness() == Firmness.UNBOUNDED) {
        return label + ": " + value + " (no interval" + (requestsForFirmAnswer.isPresent()
            ? " (needs " + requestsForFirmAnswer.getAsLong() + " requests))" : ")");
      }
      return label + " (" + firmness().name().toLowerCase(Locale.ROOT) + "): " + value + ", "
          + interval.get().describe(decimals);
    }
  }
}
