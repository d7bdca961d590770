package io.github.llmbench.api;

/**
 * A step that is about to start, as told to sinks.
 *
 * @param phase the phase name
 * @param step the step name
 * @param concurrency requests in flight at once
 * @param numRequests requests to send
 */
public record StepInfo(String phase, String step, int concurrency, int numRequests) {}
