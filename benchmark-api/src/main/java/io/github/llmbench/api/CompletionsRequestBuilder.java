package io.github.llmbench.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/completions} with {@code {"model", "prompt", "max_tokens"}}, then {@code stream} and
 * {@code stream_options} when streaming, then the extra body fields. Immutable.
 */
public final class CompletionsRequestBuilder implements RequestBuilder {
  private final String prompt;
  private final int maxTokens;
  private final Map<String, Object> extraBody;
  private final @Nullable String model;

  CompletionsRequestBuilder(String prompt, int maxTokens, Map<String, Object> extraBody, @Nullable String model) {
    this.prompt = Objects.requireNonNull(prompt, "prompt");
    this.maxTokens = Checks.positive("maxTokens", maxTokens);
    this.extraBody = JsonBodies.copyOrdered(extraBody);
    this.model = model == null ? null : Checks.notBlank("model", model);
  }

  public CompletionsRequestBuilder prompt(String prompt) {
    return new CompletionsRequestBuilder(prompt, maxTokens, extraBody, model);
  }

  /**
   * {@code max_tokens}, always sent (vLLM's completions default is 16). @throws IllegalArgumentException if not
   * positive
   */
  public CompletionsRequestBuilder maxTokens(int maxTokens) {
    return new CompletionsRequestBuilder(prompt, maxTokens, extraBody, model);
  }

  public CompletionsRequestBuilder extraBody(Map<String, ?> extraBody) {
    return new CompletionsRequestBuilder(prompt, maxTokens, JsonBodies.copyOrdered(extraBody), model);
  }

  public CompletionsRequestBuilder model(String model) {
    return new CompletionsRequestBuilder(prompt, maxTokens, extraBody, model);
  }

  public String prompt() {
    return prompt;
  }

  public int maxTokens() {
    return maxTokens;
  }

  @Override
  public java.util.Optional<RequestShape> shape() {
    return java.util.Optional.of(new RequestShape(RequestShape.estimateTokens(prompt), maxTokens, 0));
  }

  @Override
  public PreparedRequest build(RequestBuilder.Context context) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model != null ? model : context.model());
    body.put("prompt", prompt);
    body.put("max_tokens", maxTokens);
    return new PreparedRequest("/v1/completions", JsonBodies.finish(body, context.stream(), extraBody),
        context.stream());
  }

  @Override
  public String toString() {
    return "CompletionsRequestBuilder[prompt=" + prompt.length() + " chars, maxTokens=" + maxTokens
        + ", extraBody=" + extraBody.keySet() + "]";
  }
}
