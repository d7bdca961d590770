package io.github.llmbench.api;

import java.util.Objects;
import java.util.Optional;

/**
 * How a step was measured and what was seen beside it, so a reader can tell whether its figures are the server's:
 * how connections were handled, how wide it started, what was trimmed, the load it really reached, how the client
 * itself fared and what the server's own metrics said.
 *
 * @param connectionMode whether latencies include connection set-up
 * @param workers closed loop: the workers that sent the step's requests ({@code min(concurrency, numRequests)});
 *     open loop: the most requests it had sent and not yet seen answered at once
 * @param startSpreadNanos closed loop: from the first to the last of the workers' first requests leaving (how wide
 *     the step started; about a millisecond on loopback); open loop: 0
 * @param trim what the step asked to leave out of its figures
 * @param trimmedRequests how many requests were sent and counted but left out of the figures
 * @param maxInFlight the most requests in flight at once, measured from the requests' own start and end times
 * @param meanInFlight the time-weighted mean of requests in flight over the step's wall-clock time
 * @param clientHealth the client's self-check (send lag, JVM stalls, GC, CPU) and whether the step is
 *     client-bound; empty when it was not measured
 * @param serverMetrics the target's own Prometheus metrics over the step; empty when not scraped or not served
 * @param answersNotStreamed successful requests that asked for a stream and got one plain JSON body (or a stream
 *     without content): they have no time to first token or inter-token latency
 * @param answersWithoutUsage successful requests whose answer carried no {@code usage}: their token counts are
 *     unknown (the script's fields count them as 0; a stream's output is estimated from its content chunks)
 * @param requestShape what the step's requests asked for, when its request builder says
 * @param transport which client sent the step's requests; empty when not recorded (a result built by hand, or read
 *     from a file written before it was)
 */
public record StepMeasurement(ClientSettings.ConnectionMode connectionMode, int workers, long startSpreadNanos,
    Trim trim,
    int trimmedRequests, int maxInFlight, double meanInFlight, Optional<ClientHealth> clientHealth,
    Optional<ServerMetrics> serverMetrics, int answersNotStreamed, int answersWithoutUsage,
    Optional<RequestShape> requestShape, Optional<ClientSettings.TransportKind> transport) {
  /** A step measured with warm connections and nothing trimmed or observed, for results built by hand. */
  public static final StepMeasurement UNRECORDED = new StepMeasurement(ClientSettings.ConnectionMode.WARM, 0, 0,
      Trim.NONE, 0, 0,
      0, Optional.empty(), Optional.empty(), 0, 0, Optional.empty(), Optional.empty());

  public StepMeasurement {
    Objects.requireNonNull(connectionMode, "connectionMode");
    Objects.requireNonNull(trim, "trim");
    Checks.nonNegative("workers", workers);
    if (startSpreadNanos < 0) {
      throw new IllegalArgumentException("startSpreadNanos (" + startSpreadNanos + ") should not be negative");
    }
    Checks.nonNegative("trimmedRequests", trimmedRequests);
    Checks.nonNegative("maxInFlight", maxInFlight);
    if (!(meanInFlight >= 0)) {
      throw new IllegalArgumentException("meanInFlight (" + meanInFlight + ") should not be negative");
    }
    Objects.requireNonNull(clientHealth, "clientHealth");
    Objects.requireNonNull(serverMetrics, "serverMetrics");
    Checks.nonNegative("answersNotStreamed", answersNotStreamed);
    Checks.nonNegative("answersWithoutUsage", answersWithoutUsage);
    Objects.requireNonNull(requestShape, "requestShape");
    Objects.requireNonNull(transport, "transport");
  }

  /** The start spread in milliseconds. */
  public double startSpreadMillis() {
    return startSpreadNanos / 1e6;
  }

  /** Whether the client's self-check marked the step client-bound: its figures then include the client's time. */
  public boolean clientBound() {
    return clientHealth.map(ClientHealth::clientBound).orElse(false);
  }
}
