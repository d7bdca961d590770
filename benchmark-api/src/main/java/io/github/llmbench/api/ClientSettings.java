package io.github.llmbench.api;

import java.util.Objects;

/**
 * How llmbench's own client behaves, as opposed to what it sends. Immutable.
 *
 * @param connectionMode whether latencies include connection set-up ({@link ConnectionMode#WARM} by default)
 * @param responseLimits bounds on one response ({@link ResponseLimits#DEFAULT})
 * @param preflight whether the pre-flight runs before the first phase (on by default): through the run's own client
 *     and threads it warms the JSON codec for every step's request shape, both response parsers and a connection
 *     ({@code GET /v1/models}), so that none of llmbench's start-up reaches a step's figures. Its cost is reported
 *     apart ({@link BenchmarkResult#preflight()}) and counted in no step.
 * @param preflightRequest whether the pre-flight also sends one real request of the first step's shape, which must
 *     succeed for the run to go on (off by default in the library, on in the command line): a wrong model, key or
 *     path then ends the run before any phase instead of filling every step with failures
 * @param clientBoundThresholds when the client's self-check marks a step client-bound
 *     ({@link ClientBoundThresholds#ofDefaults()})
 */
public record ClientSettings(ConnectionMode connectionMode, ResponseLimits responseLimits, boolean preflight,
    boolean preflightRequest, ClientBoundThresholds clientBoundThresholds) {
  /** Warm connections, default limits, pre-flight on without a real request, default client-bound thresholds. */
  public static final ClientSettings DEFAULT = new ClientSettings(ConnectionMode.WARM, ResponseLimits.DEFAULT, true,
      false, ClientBoundThresholds.ofDefaults());

  /** @throws IllegalArgumentException if a pre-flight request is asked for without the pre-flight */
  public ClientSettings {
    Objects.requireNonNull(connectionMode, "connectionMode");
    Objects.requireNonNull(responseLimits, "responseLimits");
    Objects.requireNonNull(clientBoundThresholds, "clientBoundThresholds");
    if (preflightRequest && !preflight) {
      throw new IllegalArgumentException("preflightRequest (true) needs preflight, which is false");
    }
  }

  public ClientSettings connectionMode(ConnectionMode mode) {
    return new ClientSettings(mode, responseLimits, preflight, preflightRequest, clientBoundThresholds);
  }

  public ClientSettings responseLimits(ResponseLimits limits) {
    return new ClientSettings(connectionMode, limits, preflight, preflightRequest, clientBoundThresholds);
  }

  /** With the pre-flight on or off; off also turns its request off. */
  public ClientSettings preflight(boolean on) {
    return new ClientSettings(connectionMode, responseLimits, on, on && preflightRequest, clientBoundThresholds);
  }

  public ClientSettings clientBoundThresholds(ClientBoundThresholds thresholds) {
    return new ClientSettings(connectionMode, responseLimits, preflight, preflightRequest, thresholds);
  }

  /** With the pre-flight's real request on or off; on also turns the pre-flight on. */
  public ClientSettings preflightRequest(boolean on) {
    return new ClientSettings(connectionMode, responseLimits, preflight || on, on, clientBoundThresholds);
  }
}
