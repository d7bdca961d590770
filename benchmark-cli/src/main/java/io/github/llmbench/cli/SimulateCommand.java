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
final class SimulateCommand implements CliCommand {
  static final int DEFAULT_PORT = 8000;

  @Option(names = "--port", converter = Flags.Port.class, paramLabel = "N",
      description = "port to listen on; 0 picks a free one (default " + DEFAULT_PORT + ")")
  int port = DEFAULT_PORT;

  @Option(names = "--host", paramLabel = "ADDR", description = "address to bind (default 127.0.0.1)")
  String host = "127.0.0.1";

  @Option(names = "--model", paramLabel = "NAME",
      description = "served model name (default " + SimulatorConfig.DEFAULT_MODEL + ")")
  @Nullable String model;

  @Option(names = "--time-scale", converter = Flags.AnyNumber.class, paramLabel = "X",
      description = "multiply every engine time by X (default 1.0; 0.1 = 10x faster)")
  @Nullable Double timeScale;

  @Option(names = "--max-running", converter = Flags.AnyInt.class, paramLabel = "N",
      description = "most sequences in one batch (default 64)")
  @Nullable Integer maxRunning;

  @Option(names = "--max-waiting", converter = Flags.AnyInt.class, paramLabel = "N",
      description = "most queued requests before rejecting (default 64)")
  @Nullable Integer maxWaiting;

  @Option(names = "--reject-status", converter = Flags.AnyInt.class, paramLabel = "S",
      description = "status of a rejection: 503 (default) or 429")
  @Nullable Integer rejectStatus;

  @Option(names = "--max-model-len", converter = Flags.AnyInt.class, paramLabel = "TOKENS",
      description = "context length; longer requests get 400 (default 32768)")
  @Nullable Integer maxModelLen;

  @Option(names = "--default-max-tokens", converter = Flags.AnyInt.class, paramLabel = "N",
      description = "tokens generated when a request does not say (default 16)")
  @Nullable Integer defaultMaxTokens;

  @Option(names = "--jitter", converter = Flags.AnyNumber.class, paramLabel = "F",
      description = "relative step-time jitter in [0, 1) (default 0)")
  @Nullable Double jitter;

  @Option(names = "--seed", converter = Flags.AnyLong.class, paramLabel = "N",
      description = "seed of jitter, faults and ids (default 42)")
  @Nullable Long seed;

  @Option(names = "--require-api-key-env", paramLabel = "NAME",
      description = "answer 401 unless a request carries the key in this environment variable")
  @Nullable String requireApiKeyEnv;

  @Option(names = "--error-rate", converter = Flags.AnyNumber.class, paramLabel = "F",
      description = "fault: fraction of requests answered with HTTP 500")
  @Nullable Double errorRate;

  @Option(names = "--malformed-rate", converter = Flags.AnyNumber.class, paramLabel = "F",
      description = "fault: fraction answered 200 with broken JSON")
  @Nullable Double malformedRate;

  @Option(names = "--drop-rate", converter = Flags.AnyNumber.class, paramLabel = "F",
      description = "fault: fraction whose connection drops mid-body")
  @Nullable Double dropRate;

  @Option(names = "--stall-rate", converter = Flags.AnyNumber.class, paramLabel = "F",
      description = "fault: fraction that pause half-way for --stall-ms")
  @Nullable Double stallRate;

  @Option(names = "--stall-ms", converter = Flags.AnyMillis.class, paramLabel = "MS",
      description = "fault: how long a stall lasts (default 1000)")
  @Nullable Duration stall;

  @Option(names = "--slow-first-byte-ms", converter = Flags.AnyMillis.class, paramLabel = "MS",
      description = "fault: delay before every response's status line")
  @Nullable Duration slowFirstByte;

  @Option(names = "--omit-usage", description = "fault: leave usage out of bodies and streams")
  boolean omitUsage;

  @Option(names = "--kv-cache-tokens", converter = Flags.AnyLong.class, paramLabel = "TOKENS",
      description = "model a KV cache of this many tokens: admission waits for room, and the engine preempts when full "
          + "(default 0: none)")
  @Nullable Long kvCacheTokens;

  @Option(names = "--no-metrics", description = "answer GET /metrics with 404, like a server without metrics")
  boolean noMetrics;

  @Option(names = "--reasoning-tokens", converter = Flags.AnyInt.class, paramLabel = "N",
      description = "act as a reasoning model: each chat answer starts with N reasoning tokens (vLLM's "
          + "reasoning_content deltas), counted against its max_tokens (default 0: no reasoning)")
  @Nullable Integer reasoningTokens;

  @Option(names = "--reasoning-field", paramLabel = "NAME",
      description = "the delta field reasoning goes in: reasoning_content (vLLM 0.11, the default) or reasoning "
          + "(vLLM 0.16 and later)")
  @Nullable String reasoningField;

  private final CliContext cx;

  SimulateCommand(CliContext cx) {
    this.cx = cx;
  }

  @Override
  public ExitCode run() throws UsageException {
    SimulatorConfig config = config();
    SimulatedLlmServer server;
    try {
      server = SimulatedLlmServer.builder().host(host).port(port).config(config).build().start();
    } catch (UncheckedIOException | IllegalArgumentException e) {
      Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
      cx.err().println("llmbench: simulate: cannot listen on " + host + ":" + port + ": " + cause.getMessage());
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

  /**
   * The simulator's configuration: each given value set on the builders, which decide what is valid; checked after
   * each so the message can name the flag.
   */
  SimulatorConfig config() throws UsageException {
    SimulatorConfig.Builder c = SimulatorConfig.builder();
    FaultConfig.Builder f = FaultConfig.builder();
    Checked set = (flag, value, setter) -> {
      if (value == null) return;
      try {
        setter.run();
        c.faults(f.build()).build();
      } catch (IllegalArgumentException e) {
        throw UsageException.of(flag, value, "is refused by the simulator: " + e.getMessage());
      }
    };
    set.apply("--model", model, () -> c.model(model));
    set.apply("--time-scale", number(timeScale), () -> c.timeScale(timeScale));
    set.apply("--max-running", maxRunning, () -> c.maxRunningSequences(maxRunning));
    set.apply("--max-waiting", maxWaiting, () -> c.maxWaitingRequests(maxWaiting));
    set.apply("--reject-status", rejectStatus, () -> c.rejectStatus(rejectStatus));
    set.apply("--max-model-len", maxModelLen, () -> c.maxModelLen(maxModelLen));
    set.apply("--default-max-tokens", defaultMaxTokens, () -> c.defaultMaxTokens(defaultMaxTokens));
    set.apply("--jitter", number(jitter), () -> c.jitter(jitter));
    set.apply("--seed", seed, () -> c.seed(seed));
    set.apply("--kv-cache-tokens", kvCacheTokens, () -> c.kvCacheTokens(kvCacheTokens));
    set.apply("--reasoning-tokens", reasoningTokens, () -> c.reasoningTokens(reasoningTokens));
    set.apply("--reasoning-field", reasoningField, () -> c.reasoningField(reasoningField));
    c.metricsEnabled(!noMetrics);
    if (requireApiKeyEnv != null) {
      String key = cx.env().get(requireApiKeyEnv);
      if (key == null || key.isBlank()) {
        throw UsageException.of("--require-api-key-env", requireApiKeyEnv, "names an environment variable that is not set");
      }
      c.requireApiKey(key);
    }
    set.apply("--error-rate", number(errorRate), () -> f.errorRate(errorRate));
    set.apply("--malformed-rate", number(malformedRate), () -> f.malformedRate(malformedRate));
    set.apply("--drop-rate", number(dropRate), () -> f.dropRate(dropRate));
    set.apply("--stall-rate", number(stallRate), () -> f.stallRate(stallRate));
    set.apply("--stall-ms", stall == null ? null : Flags.millis(stall), () -> f.stallDuration(stall));
    set.apply("--slow-first-byte-ms", slowFirstByte == null ? null : Flags.millis(slowFirstByte),
        () -> f.slowFirstByte(slowFirstByte));
    f.omitUsage(omitUsage);
    return c.faults(f.build()).build();
  }

  /** Sets one flag's value, if given, and names the flag when the simulator refuses it. */
  @FunctionalInterface
  private interface Checked {
    void apply(String flag, @Nullable Object value, Runnable setter) throws UsageException;
  }

  private static @Nullable String number(@Nullable Double value) {
    return value == null ? null : Flags.format(value);
  }
}
