package io.github.llmbench.cli;

import io.github.llmbench.api.MetricSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Runs the real CLI in-process with captured output, a fixed clock, a given environment and test signals. */
final class CliRunner {
  static final LocalDateTime FIXED_TIME = LocalDateTime.of(2026, 11, 29, 12, 0, 0);
  static final String BASE = "benchmark_20261129_120000";

  record Run(int exitCode, String out, String err) {}

  private Map<String, String> env = Map.of();
  private Supplier<LocalDateTime> clock = () -> FIXED_TIME;
  private final List<MetricSink> sinks = new ArrayList<>();
  private final TestSignals signals = new TestSignals();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  static Run run(Map<String, String> env, String... args) {
    return new CliRunner().env(env).go(args);
  }

  static Run run(String... args) {
    return new CliRunner().go(args);
  }

  CliRunner env(Map<String, String> env) {
    this.env = env;
    return this;
  }

  CliRunner clock(Supplier<LocalDateTime> clock) {
    this.clock = clock;
    return this;
  }

  CliRunner sink(MetricSink sink) {
    sinks.add(sink);
    return this;
  }

  TestSignals signals() {
    return signals;
  }

  /** What stderr holds so far (for asserting that a message came at once, not at the end). */
  String errSoFar() {
    return err.toString(StandardCharsets.UTF_8);
  }

  String outSoFar() {
    return out.toString(StandardCharsets.UTF_8);
  }

  Run go(String... args) {
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    CliContext cx = new CliContext(env, outStream, errStream, false, clock, signals, List.copyOf(sinks));
    int code = new LlmBenchCli(cx).run(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Stop signals a test sends itself. */
  static final class TestSignals implements StopSignals {
    private volatile Consumer<ExitCode> handler;
    private volatile int installs;

    @Override
    public Handle install(Consumer<ExitCode> onStop) {
      handler = onStop;
      installs++;
      return () -> handler = null;
    }

    /** Sends the signal; false when no command is listening. */
    boolean send(ExitCode code) {
      Consumer<ExitCode> h = handler;
      if (h == null) return false;
      h.accept(code);
      return true;
    }

    boolean listening() {
      return handler != null;
    }
  }
}
