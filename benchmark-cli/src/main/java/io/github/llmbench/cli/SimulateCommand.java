package io.github.llmbench.cli;

import io.github.llmbench.simulator.FaultConfig;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code llmbench simulate}: the simulated vLLM-like server on its own, until SIGINT or SIGTERM, so any
 * OpenAI-compatible client can be pointed at it. Every flag sets one field of {@link SimulatorConfig} or
 * {@link FaultConfig}, whose own checks decide what is valid; the CLI only names the flag.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run the simulated vLLM-like server until stopped (Ctrl-C or SIGTERM; exit code 0).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped by a signal (or --help)", "1:the port cannot be bound", "2:bad usage"})
final class SimulateCommand {
  @Option(names = "--port", paramLabel = "N", description = "port to listen on; 0 picks a free one (default 8000)")
  @Nullable String port;

  @Option(names = "--host", paramLabel = "ADDR", description = "address to bind (default 127.0.0.1)")
  String host = "127.0.0.1";

  @Option(names = "--model", paramLabel = "NAME", description = "served model name (default " + SimulatorConfig.DEFAULT_MODEL + ")")
  @Nullable String model;

  @Option(names = "--time-scale", paramLabel = "X", description = "multiply every engine time by X (default 1.0; 0.1 = 10x faster)")
  @Nullable String timeScale;

  @Option(names = "--max-running", paramLabel = "N", description = "most sequences in one batch (default 64)")
  @Nullable String maxRunning;

  @Option(names = "--max-waiting", paramLabel = "N", description = "most queued requests before rejecting (default 64)")
  @Nullable String maxWaiting;

  @Option(names = "--reject-status", paramLabel = "S", description = "status of a rejection: 503 (default) or 429")
  @Nullable String rejectStatus;

  @Option(names = "--max-model-len", paramLabel = "TOKENS", description = "context length; longer requests get 400 (default 32768)")
  @Nullable String maxModelLen;

  @Option(names = "--default-max-tokens", paramLabel = "N", description = "tokens generated when a request does not say (default 16)")
  @Nullable String defaultMaxTokens;

  @Option(names = "--jitter", paramLabel = "F", description = "relative step-time jitter in [0, 1) (default 0)")
  @Nullable String jitter;

  @Option(names = "--seed", paramLabel = "N", description = "seed of jitter, faults and ids (default 42)")
  @Nullable String seed;

  @Option(names = "--require-api-key-env", paramLabel = "NAME",
      description = "answer 401 unless a request carries the key in this environment variable")
  @Nullable String requireApiKeyEnv;

  @Option(names = "--error-rate", paramLabel = "F", description = "fault: fraction of requests answered with HTTP 500")
  @Nullable String errorRate;

  @Option(names = "--malformed-rate", paramLabel = "F", description = "fault: fraction answered 200 with broken JSON")
  @Nullable String malformedRate;

  @Option(names = "--drop-rate", paramLabel = "F", description = "fault: fraction whose connection drops mid-body")
  @Nullable String dropRate;

  @Option(names = "--stall-rate", paramLabel = "F", description = "fault: fraction that pause half-way for --stall-ms")
  @Nullable String stallRate;

  @Option(names = "--stall-ms", paramLabel = "MS", description = "fault: how long a stall lasts (default 1000)")
  @Nullable String stallMs;

  @Option(names = "--slow-first-byte-ms", paramLabel = "MS", description = "fault: delay before every response's status line")
  @Nullable String slowFirstByteMs;

  @Option(names = "--omit-usage", description = "fault: leave usage out of bodies and streams")
  boolean omitUsage;

  @Option(names = "--kv-cache-tokens", paramLabel = "TOKENS",
      description = "model a KV cache of this many tokens: admission waits for room, and the engine preempts when full "
          + "(default 0: none)")
  @Nullable String kvCacheTokens;

  @Option(names = "--no-metrics", description = "answer GET /metrics with 404, like a server without metrics")
  boolean noMetrics;

  private final CliContext cx;

  SimulateCommand(CliContext cx) {
    this.cx = cx;
  }

  ExitCode call() throws UsageException {
    SimulatorConfig config = config();
    int listenPort = port == null ? 8000 : Flags.integer("--port", port, 0, 65535);
    SimulatedLlmServer server;
    try {
      server = SimulatedLlmServer.builder().host(host).port(listenPort).config(config).build().start();
    } catch (UncheckedIOException | IllegalArgumentException e) {
      Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
      cx.err().println("llmbench: simulate: cannot listen on " + host + ":" + listenPort + ": " + cause.getMessage());
      return ExitCode.UNREACHABLE;
    }
    CountDownLatch stop = new CountDownLatch(1);
    try (server; StopSignals.Handle signals = cx.signals().install(code -> stop.countDown())) {
      cx.out().println("Simulated LLM server listening on " + server.baseUrl() + " (model " + server.model()
          + ", time scale " + config.timeScale() + (config.faults().anyEnabled() ? ", faults " + config.faults() : "")
          + "); stop it with Ctrl-C");
      cx.out().flush();
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cx.out().println("Simulated LLM server stopped");
    return ExitCode.COMPLETED;
  }

  /** Sets each given flag on the builders, checking after each so the message can name the flag. */
  SimulatorConfig config() throws UsageException {
    SimulatorConfig.Builder c = SimulatorConfig.builder();
    FaultConfig.Builder f = FaultConfig.builder();
    set(c, f, "--model", model, v -> c.model(v));
    set(c, f, "--time-scale", timeScale, v -> c.timeScale(num("--time-scale", v)));
    set(c, f, "--max-running", maxRunning, v -> c.maxRunningSequences(whole("--max-running", v)));
    set(c, f, "--max-waiting", maxWaiting, v -> c.maxWaitingRequests(whole("--max-waiting", v)));
    set(c, f, "--reject-status", rejectStatus, v -> c.rejectStatus(whole("--reject-status", v)));
    set(c, f, "--max-model-len", maxModelLen, v -> c.maxModelLen(whole("--max-model-len", v)));
    set(c, f, "--default-max-tokens", defaultMaxTokens, v -> c.defaultMaxTokens(whole("--default-max-tokens", v)));
    set(c, f, "--jitter", jitter, v -> c.jitter(num("--jitter", v)));
    set(c, f, "--seed", seed, v -> c.seed(wholeLong("--seed", v)));
    set(c, f, "--kv-cache-tokens", kvCacheTokens, v -> c.kvCacheTokens(wholeLong("--kv-cache-tokens", v)));
    c.metricsEnabled(!noMetrics);
    if (requireApiKeyEnv != null) {
      String key = cx.env().get(requireApiKeyEnv);
      if (key == null || key.isBlank()) {
        throw UsageException.of("--require-api-key-env", requireApiKeyEnv, "names an environment variable that is not set");
      }
      c.requireApiKey(key);
    }
    set(c, f, "--error-rate", errorRate, v -> f.errorRate(num("--error-rate", v)));
    set(c, f, "--malformed-rate", malformedRate, v -> f.malformedRate(num("--malformed-rate", v)));
    set(c, f, "--drop-rate", dropRate, v -> f.dropRate(num("--drop-rate", v)));
    set(c, f, "--stall-rate", stallRate, v -> f.stallRate(num("--stall-rate", v)));
    set(c, f, "--stall-ms", stallMs, v -> f.stallDuration(Duration.ofNanos(Math.round(num("--stall-ms", v) * 1e6))));
    set(c, f, "--slow-first-byte-ms", slowFirstByteMs,
        v -> f.slowFirstByte(Duration.ofNanos(Math.round(num("--slow-first-byte-ms", v) * 1e6))));
    f.omitUsage(omitUsage);
    return c.faults(f.build()).build();
  }

  private interface Setter {
    void set(String value) throws UsageException;
  }

  private static void set(SimulatorConfig.Builder c, FaultConfig.Builder f, String flag, @Nullable String value,
      Setter setter) throws UsageException {
    if (value == null) return;
    setter.set(value);
    try {
      c.faults(f.build()).build();
    } catch (IllegalArgumentException e) {
      throw UsageException.of(flag, value, "is refused by the simulator: " + e.getMessage());
    }
  }

  private static double num(String flag, String value) throws UsageException {
    try {
      double v = Double.parseDouble(value.strip());
      if (Double.isNaN(v) || Double.isInfinite(v)) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw UsageException.of(flag, value, "should be a number");
    }
  }

  private static int whole(String flag, String value) throws UsageException {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw UsageException.of(flag, value, "should be an integer");
    }
  }

  private static long wholeLong(String flag, String value) throws UsageException {
    return Flags.longValue(flag, value);
  }
}
