/**
 * Server metrics: a strict parser of the Prometheus text exposition format 0.0.4, a scraper of a server's
 * {@code /metrics} during a step, and the pure summary of one step's scrapes. Not API.
 */
@NullMarked
package io.github.llmbench.core.internal.metrics;

import org.jspecify.annotations.NullMarked;
