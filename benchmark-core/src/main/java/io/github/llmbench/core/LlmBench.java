package io.github.llmbench.core;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.CapacitySearch;
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

  /**
   * Runs a capacity search and concludes it, in one call: the benchmark carries its search
   * ({@link CapacitySearches#benchmark}), so nothing else needs keeping in step.
   *
   * <pre>{@code
   * CapacitySearch.Estimate answer = LlmBench.search(CapacitySearches.benchmark(search, slo, chat).target(target).build());
   * }</pre>
   *
   * @throws IllegalArgumentException if the benchmark is not a capacity search
   */
  public static io.github.llmbench.api.CapacitySearch.Estimate search(Benchmark benchmark, MetricSink... sinks) {
    io.github.llmbench.api.CapacitySearch search = benchmark.runPlan().search().orElseThrow(() ->
        new IllegalArgumentException("benchmark " + benchmark.name() + " is not a capacity search (build it with "
            + "CapacitySearches.benchmark)"));
    return CapacitySearches.conclude(search, run(benchmark, sinks));
  }
}
