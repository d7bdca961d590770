package io.github.llmbench.api;

import java.util.List;
import java.util.Objects;

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
}
