package io.github.llmbench.api;

import java.util.Objects;

/**
 * How an open-loop step kept to its schedule: a client or server that falls behind shows up here as a lower
 * achieved rate and late sends, and in the latencies, which count from the scheduled time.
 *
 * @param arrival how arrivals were spaced
 * @param targetRatePerSec the requested arrival rate
 * @param maxConcurrency the ceiling on requests in flight, 0 for none
 * @param achievedRatePerSec requests actually sent per second: {@code (sent - 1) / (last send - first send)}, 0
 *     when fewer than two were sent
 * @param sendDelay how late each request was sent after its scheduled time
 */
public record OpenLoopStatistics(Load.Arrival arrival, double targetRatePerSec, int maxConcurrency,
    double achievedRatePerSec, LatencySummary sendDelay) {
  public OpenLoopStatistics {
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(sendDelay, "sendDelay");
  }
}
