package io.github.llmbench.cli;

import io.github.llmbench.api.MetricSink;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a command sees of the world: the environment, the two output streams, whether the terminal shows live
 * progress, the clock that names result files, and where stop signals come from. Tests give their own.
 *
 * @param extraSinks sinks added to every run after the CLI's own (tests use them to act between steps)
 */
record CliContext(Map<String, String> env, PrintStream out, PrintStream err, boolean liveProgress,
    Supplier<LocalDateTime> clock, StopSignals signals, List<MetricSink> extraSinks) {

  static CliContext system() {
    return new CliContext(System.getenv(), System.out, System.err, System.console() != null, LocalDateTime::now,
        StopSignals.process(), List.of());
  }
}
