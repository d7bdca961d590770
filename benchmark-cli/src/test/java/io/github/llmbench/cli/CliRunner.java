package io.github.llmbench.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Map;

/** Runs the real CLI in-process with captured output, a fixed clock and a given environment. */
final class CliRunner {
  static final LocalDateTime FIXED_TIME = LocalDateTime.of(2026, 11, 29, 12, 0, 0);

  record Run(int exitCode, String out, String err) {}

  static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code = new LlmBenchCli(env, outStream, errStream, false, () -> FIXED_TIME, false).run(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private CliRunner() {}
}
