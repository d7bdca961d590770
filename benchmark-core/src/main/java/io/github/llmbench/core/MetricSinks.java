package io.github.llmbench.core;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.core.internal.ConsoleSink;
import io.github.llmbench.core.internal.JsonLinesSink;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The built-in metric sinks. (The in-memory sink is {@link io.github.llmbench.api.InMemorySink} in the API.)
 * Each sink returned here serves one run.
 */
public final class MetricSinks {
  private MetricSinks() {}

  /**
   * One JSON object per request per line ({@code phase, step, request_index, request_id, start_offset_ms, latency_ms,
   * ttft_ms, success, http_status, prompt_tokens, completion_tokens, usage_reported, failure_reason,
   * failure_detail}; {@code request_id} is the {@code X-Request-Id} the request carried, {@code ttft_ms} is null
   * unless it was streamed), written off the engine's threads; the file is created or truncated now, and flushed and closed when the run completes.
   *
   * @throws IllegalArgumentException if the file cannot be opened for writing
   */
  public static MetricSink jsonLines(Path file) {
    Objects.requireNonNull(file, "file");
    Writer writer;
    try {
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalArgumentException("jsonLines file (" + file + ") cannot be opened for writing: " + e, e);
    }
    return new JsonLinesSink(writer, true);
  }

  /**
   * A factory of JSON-lines sinks, one file per run at {@code fileOfRun.apply(benchmark)}: what a runner that runs
   * several benchmarks (also at once) takes with {@code addSinkFactory}.
   */
  public static MetricSink.Factory jsonLinesPerRun(java.util.function.Function<Benchmark, Path> fileOfRun) {
    Objects.requireNonNull(fileOfRun, "fileOfRun");
    return benchmark -> jsonLines(fileOfRun.apply(benchmark));
  }

  /** Like {@link #jsonLines(Path)}, to a writer that is flushed when the run completes but never closed. */
  public static MetricSink jsonLines(Writer out) {
    return new JsonLinesSink(Objects.requireNonNull(out, "out"), false);
  }

  /**
   * The command line's progress display, 80 columns wide. With {@code live}, one line redrawn with {@code '\r'} at
   * most about 4 times a second ({@code "  [5/14] scale_50  done 37/100  in flight 50  12.3 s  1234.5 tok/s  ETA
   * ~1m05s"}); always one line per finished step ({@code "  scale_50     c=50   100/100  p50 1.234s  p99 2.345s
   *    1234.5 tok/s  DEGRADED marginal"}), then why (any status but OK, or a client-bound step) and the step's notes,
   * wrapped. Writes only to {@code out}, never closes it, prints no phase headers.
   */
  public static MetricSink console(PrintStream out, boolean live) {
    return new ConsoleSink(Objects.requireNonNull(out, "out"), live, TimeSource.SYSTEM);
  }
}
