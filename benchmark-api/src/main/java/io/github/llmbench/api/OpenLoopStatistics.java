package io.github.llmbench.api;

import java.util.Objects;
import java.util.Optional;

/**
 * How an open-loop step kept to its schedule: a client or server that falls behind shows up here as a lower
 * achieved rate and late sends, and in the latencies, which count from the scheduled time.
 *
 * @param arrival how arrivals were spaced
 * @param burstiness the gamma shape of {@link Load.Arrival#GAMMA} arrivals; 1 for the others
 * @param targetRatePerSec the requested arrival rate (after the ramp, when there was one)
 * @param ramp how the rate rose to the target from the step's start, when it did
 * @param maxConcurrency the ceiling on requests in flight, 0 for none
 * @param achievedRatePerSec requests actually sent per second: {@code (sent - 1) / (last send - first send)}, 0
 *     when fewer than two were sent
 * @param sendDelay how late each request was sent after its scheduled time
 */
public record OpenLoopStatistics(Load.Arrival arrival, double burstiness, double targetRatePerSec,
    Optional<Load.Ramp> ramp, int maxConcurrency, double achievedRatePerSec, LatencySummary sendDelay) {
  public OpenLoopStatistics {
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(ramp, "ramp");
    Objects.requireNonNull(sendDelay, "sendDelay");
  }

  /** How arrivals were spaced, as a table cell: {@code "poisson"}, {@code "gamma 0.5"} (with its burstiness). */
  public String arrivalLabel() {
    return arrival == Load.Arrival.GAMMA
        ? arrival.label() + " " + java.math.BigDecimal.valueOf(burstiness).stripTrailingZeros().toPlainString()
        : arrival.label();
  }
}
