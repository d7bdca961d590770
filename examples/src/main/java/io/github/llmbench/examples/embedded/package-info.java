/**
 * Example: a custom benchmark run from inside a service, with its own phases, request builder and metric sink.
 * See {@link io.github.llmbench.examples.embedded.CustomServiceBenchmark}.
 */
@NullMarked
package io.github.llmbench.examples.embedded;

import org.jspecify.annotations.NullMarked;
