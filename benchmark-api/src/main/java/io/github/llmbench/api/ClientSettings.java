package io.github.llmbench.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How llmbench's own client behaves, as opposed to what it sends. Immutable.
 *
 * @param connectionMode whether latencies include connection set-up ({@link ConnectionMode#WARM} by default)
 * @param responseLimits bounds on one response ({@link ResponseLimits#DEFAULT})
 * @param preflight whether the pre-flight runs before the first phase (on by default): it checks {@code GET
 *     /v1/models}, and drives the whole timed path (encode, write, read, SSE, JSON) against an in-process loopback
 *     responder until the JIT has compiled it, so that none of llmbench's start-up reaches a step's figures. It sends
 *     no completion to the target unless {@code preflightRequest} asks for one; its cost is reported apart
 *     ({@link BenchmarkResult#preflight()}) and counted in no step.
 * @param preflightRequest whether the pre-flight also sends one real request of the first step's shape, which must
 *     succeed for the run to go on (off by default, and in the unified benchmark, whose first step is the first
 *     request the script sends; on for custom runs and searches on the command line): a wrong model, key or path
 *     then ends the run before any phase instead of filling every step with failures
 * @param clientBoundThresholds when the client's self-check marks a step client-bound
 *     ({@link ClientBoundThresholds#ofDefaults()})
 * @param transport which client sends the timed requests ({@link TransportKind#NETTY} by default)
 * @param eventLoops Netty event loops; 0 (the default) for one per available processor
 * @param trustedCertificates a PEM file of the certificates to trust for {@code https} targets instead of the JDK's
 *     trust store (a self-signed server's own certificate, or its CA); empty for the JDK's
 */
public record ClientSettings(ConnectionMode connectionMode, ResponseLimits responseLimits, boolean preflight,
    boolean preflightRequest, ClientBoundThresholds clientBoundThresholds, TransportKind transport, int eventLoops,
    Optional<Path> trustedCertificates) {
  /**
   * Warm connections, default limits, pre-flight on without a real request, default client-bound thresholds, Netty
   * with one event loop per processor, the JDK's trust store.
   */
  public static final ClientSettings DEFAULT = new ClientSettings(ConnectionMode.WARM, ResponseLimits.DEFAULT, true,
      false, ClientBoundThresholds.ofDefaults(), TransportKind.NETTY, 0, Optional.empty());

  /**
   * @throws IllegalArgumentException if a pre-flight request is asked for without the pre-flight, or the event loops
   *     are negative
   */
  public ClientSettings {
    Objects.requireNonNull(connectionMode, "connectionMode");
    Objects.requireNonNull(responseLimits, "responseLimits");
    Objects.requireNonNull(clientBoundThresholds, "clientBoundThresholds");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(trustedCertificates, "trustedCertificates");
    if (preflightRequest && !preflight) {
      throw new IllegalArgumentException("preflightRequest (true) needs preflight, which is false");
    }
    Checks.nonNegative("eventLoops", eventLoops);
  }

  public ClientSettings connectionMode(ConnectionMode mode) {
    return new ClientSettings(mode, responseLimits, preflight, preflightRequest, clientBoundThresholds, transport,
        eventLoops, trustedCertificates);
  }

  public ClientSettings responseLimits(ResponseLimits limits) {
    return new ClientSettings(connectionMode, limits, preflight, preflightRequest, clientBoundThresholds, transport,
        eventLoops, trustedCertificates);
  }

  /** With the pre-flight on or off; off also turns its request off. */
  public ClientSettings preflight(boolean on) {
    return new ClientSettings(connectionMode, responseLimits, on, on && preflightRequest, clientBoundThresholds,
        transport, eventLoops, trustedCertificates);
  }

  public ClientSettings clientBoundThresholds(ClientBoundThresholds thresholds) {
    return new ClientSettings(connectionMode, responseLimits, preflight, preflightRequest, thresholds, transport,
        eventLoops, trustedCertificates);
  }

  /** With the pre-flight's real request on or off; on also turns the pre-flight on. */
  public ClientSettings preflightRequest(boolean on) {
    return new ClientSettings(connectionMode, responseLimits, preflight || on, on, clientBoundThresholds, transport,
        eventLoops, trustedCertificates);
  }

  public ClientSettings transport(TransportKind kind) {
    return new ClientSettings(connectionMode, responseLimits, preflight, preflightRequest, clientBoundThresholds, kind,
        eventLoops, trustedCertificates);
  }

  /** @param loops Netty event loops, 0 for one per available processor */
  public ClientSettings eventLoops(int loops) {
    return new ClientSettings(connectionMode, responseLimits, preflight, preflightRequest, clientBoundThresholds,
        transport, loops, trustedCertificates);
  }

  /** @param pemFile the certificates to trust for {@code https} targets instead of the JDK's trust store */
  public ClientSettings trustedCertificates(Path pemFile) {
    return new ClientSettings(connectionMode, responseLimits, preflight, preflightRequest, clientBoundThresholds,
        transport, eventLoops, Optional.of(pemFile));
  }
}
