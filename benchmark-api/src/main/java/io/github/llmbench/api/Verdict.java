package io.github.llmbench.api;

import java.util.Objects;

/**
 * A step's status and a short reason naming the rule that fired, with its figures.
 *
 * @param status the status
 * @param reason a one-line explanation, e.g. {@code "success rate 0.900 < 0.95"}
 */
public record Verdict(Status status, String reason) {
  public Verdict {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
  }

  public static Verdict of(Status status, String reason) {
    return new Verdict(status, reason);
  }
}
