package io.github.llmbench.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  /** Whether a request's latency includes opening its connection. */
  public enum ConnectionMode {
    /**
     * The default: before a closed-loop step's clock starts, every worker holds an open connection, and requests
     * reuse pooled connections, so latency is the server's answer plus the network, never llmbench's connection
     * set-up.
     */
    WARM,
    /**
     * Every request opens its own connection and closes it ({@code Connection: close}), as the unified script's
     * client does: TCP (and TLS) set-up is inside every latency.
     */
    NEW_PER_REQUEST
  }

  /**
   * Bounds on what one response may make llmbench hold, so that a server that never stops sending cannot exhaust the
   * client. A response past a bound is a failure of its own cause ({@link
   * RequestOutcome.FailureKind#RESPONSE_TOO_LARGE}, {@link RequestOutcome.FailureKind#EVENT_TOO_LARGE}); below them,
   * any valid body is accepted, however long its strings.
   *
   * <p>A non-streamed body is parsed as it arrives and not kept, so its size costs no memory; a stream keeps one
   * event at a time plus one timestamp per content chunk.
   *
   * @param maxResponseBytes the most bytes read from one response body, streamed or not (default 1 GiB)
   * @param maxEventBytes the most bytes of one server-sent event (default 8 MiB)
   */
  public record ResponseLimits(long maxResponseBytes, int maxEventBytes) {
    /** 1 GiB per response, 8 MiB per stream event. */
    public static final ResponseLimits DEFAULT = new ResponseLimits(1L << 30, 8 << 20);

    /** @throws IllegalArgumentException if a bound is not positive */
    public ResponseLimits {
      if (maxResponseBytes <= 0) {
        throw new IllegalArgumentException("maxResponseBytes (" + maxResponseBytes + ") should be positive");
      }
      Checks.positive("maxEventBytes", maxEventBytes);
    }
  }

  /**
   * Which client sends the timed requests. Both send the same bytes and are held to the same tests; they differ in
   * how close to the wire their timestamps are and in what they cost.
   */
  public enum TransportKind {
    /**
     * The default: Netty event loops (native epoll on Linux, NIO elsewhere), one per core, each connection pinned to
     * one loop; connections are opened before a step's clock by connecting, timestamps are read at the I/O edge, and a
     * closed-loop worker is a sequence of exchanges on its connection, not a thread.
     */
    NETTY("netty"),
    /**
     * OkHttp's blocking calls, one worker thread per closed-loop worker (virtual threads on Java 21+), through the
     * runner's {@code OkHttpClient}, so its interceptors, proxy and TLS settings apply. Connections open with their
     * first request; that connect is left out of the latency.
     */
    OKHTTP("okhttp");

    private final String label;

    TransportKind(String label) {
      this.label = label;
    }

    /** The lower-case name used on the command line and in reports. */
    public String label() {
      return label;
    }
  }

  /**
   * When a step counts as {@link ClientHealth client-bound}: when llmbench's own delays could have moved one of its
   * reported figures ({@link ClientHealth#bounds()}) by more than {@code max(minShift, minShare × figure)}. By
   * default ({@link #ofDefaults()}) that is max(1 ms, 1 %): a 25 ms stall during a step whose requests take 2.2 s is
   * not enough, unless it fell on enough requests to move a percentile by more than 22 ms.
   *
   * @param minShift the largest shift that never marks a step, however small the figure
   * @param minShare the largest shift, as a share of the figure, that never marks a step, in (0, 1)
   */
  public record ClientBoundThresholds(Duration minShift, double minShare) {
    private static final ClientBoundThresholds DEFAULTS = new ClientBoundThresholds(Duration.ofMillis(1), 0.01);

    public ClientBoundThresholds {
      Checks.positive("minShift", minShift);
      if (!(minShare > 0 && minShare < 1)) {
        throw new IllegalArgumentException("minShare (" + minShare + ") should be in (0, 1)");
      }
    }

    /** max(1 ms, 1 %). */
    public static ClientBoundThresholds ofDefaults() {
      return DEFAULTS;
    }

    /** Whether a figure could have moved by more than these thresholds allow. */
    public boolean exceeded(ClientHealth.FigureBound bound) {
      double allowed = Math.max(minShift.toNanos() / 1e6, minShare * bound.valueMillis());
      return bound.boundMillis() > allowed;
    }

    /**
     * The reasons {@code health} is client-bound under these thresholds, one per figure that could have moved too
     * much, each naming it and the bound: {@code "p99 latency could be 4.2 ms (2.1 %) too high"}. Empty when none could.
     */
    public List<String> reasons(ClientHealth health) {
      List<String> reasons = new ArrayList<>();
      for (ClientHealth.FigureBound b : health.bounds()) {
        if (!exceeded(b)) continue;
        reasons.add(b.figure().label() + " could be " + ms(b.boundMillis()) + " ("
            + String.format(Locale.ROOT, "%.1f %%", 100 * b.share()) + ") too high");
      }
      return reasons;
    }

    /** {@code health} with its verdict decided by these thresholds. */
    public ClientHealth classify(ClientHealth health) {
      return health.withReasons(reasons(health));
    }

    /** One decimal below 100 ms, so a bound just above 1 ms does not read as equal to it ("1.2 ms"). */
    private static String ms(double millis) {
      return String.format(Locale.ROOT, millis >= 100 ? "%.0f ms" : "%.1f ms", millis);
    }
  }
}
