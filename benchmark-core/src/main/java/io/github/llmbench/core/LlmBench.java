package io.github.llmbench.core;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.MetricSink;
import java.util.List;

/**
 * One-liners for JShell and scripts; they delegate to {@link BenchmarkRunner}.
 *
 * <pre>{@code
 * BenchmarkResult r = LlmBench.run(Presets.unified(Intensity.QUICK).target("http://localhost:8000", "m").build(),
 *     MetricSinks.console(System.out, true));
 * }</pre>
 */
public final class LlmBench {
  private LlmBench() {}

  /** Runs the benchmark with a default runner and these sinks, on the calling thread. */
  public static BenchmarkResult run(Benchmark benchmark, MetricSink... sinks) {
    return BenchmarkRunner.builder().sinks(List.of(sinks)).build().run(benchmark);
  }
}
