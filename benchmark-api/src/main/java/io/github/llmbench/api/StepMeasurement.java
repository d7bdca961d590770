package io.github.llmbench.api;

import java.util.Objects;

/**
 * How a step was measured, so a reader can tell whether its figures are the server's: how connections were handled,
 * how wide its start was and what was trimmed.
 *
 * @param connectionMode whether latencies include connection set-up
 * @param workers the threads that sent the step's requests (closed loop: {@code min(concurrency, numRequests)})
 * @param startSpreadNanos closed loop: from the first to the last of the workers' first requests leaving (how wide
 *     the step started; about a millisecond on loopback); open loop: 0
 * @param trim what the step asked to leave out of its figures
 * @param trimmedRequests how many requests were sent and counted but left out of the figures
 */
public record StepMeasurement(ConnectionMode connectionMode, int workers, long startSpreadNanos, Trim trim,
    int trimmedRequests) {
  /** A step measured with warm connections and nothing trimmed, for results built by hand. */
  public static final StepMeasurement UNRECORDED = new StepMeasurement(ConnectionMode.WARM, 0, 0, Trim.NONE, 0);

  public StepMeasurement {
    Objects.requireNonNull(connectionMode, "connectionMode");
    Objects.requireNonNull(trim, "trim");
    Checks.nonNegative("workers", workers);
    if (startSpreadNanos < 0) {
      throw new IllegalArgumentException("startSpreadNanos (" + startSpreadNanos + ") should not be negative");
    }
    Checks.nonNegative("trimmedRequests", trimmedRequests);
  }

  /** The start spread in milliseconds. */
  public double startSpreadMillis() {
    return startSpreadNanos / 1e6;
  }
}
