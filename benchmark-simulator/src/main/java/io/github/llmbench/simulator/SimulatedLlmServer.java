package io.github.llmbench.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.simulator.internal.ApiHandler;
import io.github.llmbench.simulator.internal.Engine;
import io.github.llmbench.simulator.internal.SimHttpServer;
import io.github.llmbench.simulator.internal.StatisticsRecorder;
import io.github.llmbench.simulator.internal.VllmMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * An in-process, OpenAI-compatible LLM server on loopback that behaves like vLLM under load: continuous batching
 * with a bounded batch and queue, engine steps that slow down as the batch grows, prefill cost, one token per
 * running sequence per step, immediate rejection (503 or 429) beyond the queue limit. It serves
 * {@code POST /v1/chat/completions}, {@code POST /v1/completions} (whole and streamed), {@code GET /v1/models} and
 * {@code GET /health} with vLLM 0.11's bodies, {@code GET /metrics} with vLLM's Prometheus metrics, can inject faults, and records what it saw in
 * {@link #statistics()} so tests can compare a client's measurements with the truth. See {@link SimulatorConfig}
 * for the model and its defaults.
 *
 * <pre>{@code
 * try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build())) {
 *   String url = server.baseUrl() + "/v1/chat/completions";   // http://127.0.0.1:<free port>/v1/...
 *   // ... run a benchmark against it ...
 *   ServerStatistics truth = server.statistics();
 * }
 * }</pre>
 *
 * <p>Thread-safe. The server owns its threads (daemon threads: one accept thread, one engine thread, one thread
 * per connection) and stops them in {@link #close()}.
 */
public final class SimulatedLlmServer implements AutoCloseable {
  /** The served model name unless configured otherwise. */
  public static final String DEFAULT_MODEL = SimulatorConfig.DEFAULT_MODEL;

  private final String host;
  private final int requestedPort;
  private final SimulatorConfig config;
  private final StatisticsRecorder stats = new StatisticsRecorder();
  private final AtomicLong requestIds = new AtomicLong();
  private @Nullable SimHttpServer http;
  private @Nullable Engine engine;
  private boolean closed;

  private SimulatedLlmServer(Builder builder) {
    this.host = builder.host;
    this.requestedPort = builder.port;
    this.config = builder.config;
  }

  /** @return a builder: host 127.0.0.1, port 0 (a free port), {@link SimulatorConfig#defaults()} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds and starts a server on 127.0.0.1 and a free port.
   *
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static SimulatedLlmServer start(SimulatorConfig config) {
    return builder().config(config).build().start();
  }

  /**
   * Binds the port and starts serving; calling it again on a started server does nothing.
   *
   * @return this server
   * @throws UncheckedIOException if the address cannot be bound
   * @throws IllegalStateException if the server was closed
   */
  public synchronized SimulatedLlmServer start() {
    if (closed) {
      throw new IllegalStateException("server was closed");
    }
    if (http != null) {
      return this;
    }
    Engine newEngine = new Engine(config, stats, new VllmMetrics(config.model()), "llm-sim-engine");
    ApiHandler handler = new ApiHandler(config, newEngine, stats, new ObjectMapper(), requestIds);
    try {
      http = new SimHttpServer(host, requestedPort, config.maxConnections(), handler);
    } catch (IOException e) {
      newEngine.close();
      throw new UncheckedIOException("cannot listen on " + host + ":" + requestedPort, e);
    }
    engine = newEngine;
    return this;
  }

  /**
   * @return {@code http://<host>:<port>}, without {@code /v1}
   * @throws IllegalStateException if the server is not running
   */
  public String baseUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port();
  }

  /**
   * @return the bound port
   * @throws IllegalStateException if the server is not running
   */
  public synchronized int port() {
    if (http == null || closed) {
      throw new IllegalStateException("server is not running; call start()");
    }
    return http.port();
  }

  /** @return the served model name */
  public String model() {
    return config.model();
  }

  /** @return the configuration */
  public SimulatorConfig config() {
    return config;
  }

  /** @return a snapshot of what the server saw since start or the last {@link #resetStatistics()} */
  public ServerStatistics statistics() {
    return stats.snapshot();
  }

  /** Clears the statistics (request ids keep counting). */
  public void resetStatistics() {
    stats.reset();
  }

  /** Stops serving, fails requests in flight, closes every connection and frees the port. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (engine != null) {
      engine.close();
    }
    if (http != null) {
      http.close();
    }
  }

  @Override
  public String toString() {
    return "SimulatedLlmServer[" + host + ":" + requestedPort + ", model=" + config.model() + "]";
  }

  /** Mutable builder of a {@link SimulatedLlmServer}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private SimulatorConfig config = SimulatorConfig.defaults();

    private Builder() {}

    /** @param host address to bind (default 127.0.0.1) @return this builder */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * @param port port to bind, 0 (default) for a free one
     * @return this builder
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port (" + port + ") should be between 0 and 65535");
      }
      this.port = port;
      return this;
    }

    /** @param config what to simulate @return this builder */
    public Builder config(SimulatorConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** @return a server that is not started yet */
    public SimulatedLlmServer build() {
      return new SimulatedLlmServer(this);
    }
  }
}
