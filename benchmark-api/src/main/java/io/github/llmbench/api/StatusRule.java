package io.github.llmbench.api;

import java.util.Objects;

/**
 * One rule of a {@link StatusPolicy}, as the policy describes itself: which status it gives and when, with the
 * policy's own thresholds, so that a report's legend and capacity answers come from the policy that ran.
 *
 * @param status the status the rule gives
 * @param when its condition, e.g. {@code "success rate < 0.95"}
 */
public record StatusRule(Status status, String when) {
  public StatusRule {
    Objects.requireNonNull(status, "status");
    Checks.notBlank("when", when);
  }
}
