/**
 * Micrometer integration: {@link io.github.llmbench.micrometer.MicrometerSink} records a benchmark's requests,
 * tokens, failures and step verdicts to a {@code MeterRegistry}. An optional module: only services that use
 * Micrometer add it.
 */
@NullMarked
package io.github.llmbench.micrometer;

import org.jspecify.annotations.NullMarked;
