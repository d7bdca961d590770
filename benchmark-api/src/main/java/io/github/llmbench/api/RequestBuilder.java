package io.github.llmbench.api;

/**
 * Builds the request a step sends. Called on worker threads, once per request: must be thread-safe and fast. The
 * pre-flight also calls it once per step, for request 0 with the phase {@code "preflight"}, to warm the JSON codec;
 * that request is never sent.
 * The built-in builders come from {@link RequestBuilders}; a lambda is enough for a custom one:
 *
 * <pre>{@code
 * RequestBuilder custom = ctx -> new PreparedRequest("/v1/completions",
 *     Map.of("model", ctx.model(), "prompt", "Hello", "max_tokens", 64, "ignore_eos", true), false);
 * }</pre>
 */
@FunctionalInterface
public interface RequestBuilder {
  PreparedRequest build(Context context);

  /** The step's {@code test_type} in reports: {@code "vision"} when requests carry images, else {@code "text"}. */
  /** What its requests ask for, when the builder knows (the built-in ones do; a lambda does not). */
  default java.util.Optional<RequestShape> shape() {
    return java.util.Optional.empty();
  }

  default TestType testType() {
    return TestType.TEXT;
  }

  /**
   * What a {@link RequestBuilder} knows when it builds one request.
   *
   * @param model the target's model name
   * @param phase the phase name
   * @param step the step name
   * @param requestIndex 0-based index of the request within its step
   * @param stream whether the benchmark asks for streaming responses
   */
  public record Context(String model, String phase, String step, int requestIndex, boolean stream) {}
}
