/**
 * Examples: the workloads of real deployments, one class each, run through the public API. See
 * {@link io.github.llmbench.examples.workloads.ReasoningWithTools} for a reasoning model answering with text and tool
 * calls, and {@link io.github.llmbench.examples.workloads.TraceReplay} for a Mooncake trace replayed at its times.
 */
@NullMarked
package io.github.llmbench.examples.workloads;

import org.jspecify.annotations.NullMarked;
