package io.github.llmbench.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/chat/completions} with one user message, optionally with images (then the step is a
 * {@code "vision"} step). Immutable: every method returns a new builder.
 *
 * <p>Body: {@code {"model", "messages": [{"role": "user", "content": PROMPT or parts}], "max_tokens"}}, then
 * {@code stream} and {@code stream_options} when streaming, then the extra body fields.
 *
 * <pre>{@code
 * RequestBuilders.chat().prompt("Hello").maxTokens(100).extraBody(Map.of("ignore_eos", true))
 * }</pre>
 */
public final class ChatRequestBuilder implements RequestBuilder {
  private final String prompt;
  private final int maxTokens;
  private final List<ImageSource> images;
  private final Map<String, Object> extraBody;
  private final @Nullable String model;
  private final MaxTokensField maxTokensField;
  /** The messages array is the same for every request, so it is built once. */
  private final List<Object> messages;

  ChatRequestBuilder(String prompt, int maxTokens, List<ImageSource> images, Map<String, Object> extraBody,
      @Nullable String model) {
    this(prompt, maxTokens, images, extraBody, model, MaxTokensField.MAX_TOKENS);
  }

  private ChatRequestBuilder(String prompt, int maxTokens, List<ImageSource> images, Map<String, Object> extraBody,
      @Nullable String model, MaxTokensField maxTokensField) {
    this.maxTokensField = Objects.requireNonNull(maxTokensField, "maxTokensField");
    this.prompt = Objects.requireNonNull(prompt, "prompt");
    this.maxTokens = Checks.positive("maxTokens", maxTokens);
    this.images = List.copyOf(images);
    this.extraBody = JsonBodies.copyOrdered(extraBody);
    this.model = model == null ? null : Checks.notBlank("model", model);
    this.messages = List.of(message(this.prompt, this.images));
  }

  private static Map<String, Object> message(String prompt, List<ImageSource> images) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "user");
    if (images.isEmpty()) {
      message.put("content", prompt);
    } else {
      List<Object> parts = new ArrayList<>();
      Map<String, Object> text = new LinkedHashMap<>();
      text.put("type", "text");
      text.put("text", prompt);
      parts.add(Collections.unmodifiableMap(text));
      for (ImageSource image : images) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "image_url");
        part.put("image_url", Map.of("url", image.url()));
        parts.add(Collections.unmodifiableMap(part));
      }
      message.put("content", List.copyOf(parts));
    }
    return Collections.unmodifiableMap(message);
  }

  public ChatRequestBuilder prompt(String prompt) {
    return new ChatRequestBuilder(prompt, maxTokens, images, extraBody, model, maxTokensField);
  }

  /** {@code max_tokens}, always sent. @throws IllegalArgumentException if not positive */
  public ChatRequestBuilder maxTokens(int maxTokens) {
    return new ChatRequestBuilder(prompt, maxTokens, images, extraBody, model, maxTokensField);
  }

  public ChatRequestBuilder addImage(ImageSource image) {
    List<ImageSource> more = new ArrayList<>(images);
    more.add(Objects.requireNonNull(image, "image"));
    return new ChatRequestBuilder(prompt, maxTokens, more, extraBody, model, maxTokensField);
  }

  public ChatRequestBuilder images(List<ImageSource> images) {
    return new ChatRequestBuilder(prompt, maxTokens, images, extraBody, model, maxTokensField);
  }

  /** Server-specific fields added after the typed ones, e.g. vLLM's {@code ignore_eos} or {@code min_tokens}. */
  public ChatRequestBuilder extraBody(Map<String, ?> extraBody) {
    return new ChatRequestBuilder(prompt, maxTokens, images, JsonBodies.copyOrdered(extraBody), model, maxTokensField);
  }

  /** Overrides the target's model name for this builder's requests. */
  public ChatRequestBuilder model(String model) {
    return new ChatRequestBuilder(prompt, maxTokens, images, extraBody, model, maxTokensField);
  }

  /**
   * Which field carries the output limit: {@code max_tokens} (the default, as the unified script sends) or
   * {@code max_completion_tokens} (the OpenAI chat API's current name).
   */
  public ChatRequestBuilder maxTokensField(MaxTokensField maxTokensField) {
    return new ChatRequestBuilder(prompt, maxTokens, images, extraBody, model, maxTokensField);
  }

  public MaxTokensField maxTokensField() {
    return maxTokensField;
  }

  public String prompt() {
    return prompt;
  }

  public int maxTokens() {
    return maxTokens;
  }

  public List<ImageSource> images() {
    return images;
  }

  @Override
  public PreparedRequest build(RequestBuilder.Context context) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model != null ? model : context.model());
    body.put("messages", messages);
    body.put(maxTokensField.jsonName(), maxTokens);
    return new PreparedRequest("/v1/chat/completions", JsonBodies.finish(body, context.stream(), extraBody),
        context.stream());
  }

  @Override
  public java.util.Optional<RequestShape> shape() {
    return java.util.Optional.of(new RequestShape(RequestShape.estimateTokens(prompt), maxTokens, images.size()));
  }

  @Override
  public TestType testType() {
    return images.isEmpty() ? TestType.TEXT : TestType.VISION;
  }

  @Override
  public String toString() {
    return "ChatRequestBuilder[prompt=" + prompt.length() + " chars, maxTokens=" + maxTokens + ", images="
        + images.size() + ", extraBody=" + extraBody.keySet()
        + (maxTokensField == MaxTokensField.MAX_TOKENS ? "" : ", maxTokensField=" + maxTokensField.jsonName()) + "]";
  }
}
