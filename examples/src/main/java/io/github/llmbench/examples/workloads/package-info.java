/**
 * Examples: the workloads of real deployments, one class each, run through the public API. See
 * {@link io.github.llmbench.examples.workloads.ReasoningWithTools} for a reasoning model answering with text and tool
 * calls, {@link io.github.llmbench.examples.workloads.TraceReplay} for a Mooncake trace replayed at its times, and
 * {@link io.github.llmbench.examples.workloads.LoadShapes} for ramps, bursts and embeddings.
 */
@NullMarked
package io.github.llmbench.examples.workloads;

import org.jspecify.annotations.NullMarked;
