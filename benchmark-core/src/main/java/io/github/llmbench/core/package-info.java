/**
 * The engine of llmbench: {@link io.github.llmbench.core.BenchmarkRunner} runs a
 * {@link io.github.llmbench.api.Benchmark} in closed loops over one shared OkHttp client and returns a
 * {@link io.github.llmbench.api.BenchmarkResult}; {@link io.github.llmbench.core.MetricSinks} holds the built-in
 * sinks. Everything under {@code io.github.llmbench.core.internal} is implementation, not API.
 */
@NullMarked
package io.github.llmbench.core;

import org.jspecify.annotations.NullMarked;
