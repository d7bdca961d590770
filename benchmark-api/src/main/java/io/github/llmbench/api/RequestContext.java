package io.github.llmbench.api;

/**
 * What a {@link RequestBuilder} knows when it builds one request.
 *
 * @param model the target's model name
 * @param phase the phase name
 * @param step the step name
 * @param requestIndex 0-based index of the request within its step
 * @param stream whether the benchmark asks for streaming responses
 */
public record RequestContext(String model, String phase, String step, int requestIndex, boolean stream) {}
