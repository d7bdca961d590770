package io.github.llmbench.api;

import java.util.List;
import java.util.Map;

/** The built-in request builders. Each is immutable; configure it with its fluent methods. */
public final class RequestBuilders {
  private RequestBuilders() {}

  /** A chat request with an empty prompt and {@code max_tokens} 100. */
  public static ChatRequestBuilder chat() {
    return new ChatRequestBuilder("", 100, List.of(), Map.of(), null);
  }

  /** A chat request with this prompt and {@code max_tokens}. */
  public static ChatRequestBuilder chat(String prompt, int maxTokens) {
    return new ChatRequestBuilder(prompt, maxTokens, List.of(), Map.of(), null);
  }

  /** A completions request with an empty prompt and {@code max_tokens} 100. */
  public static CompletionsRequestBuilder completions() {
    return new CompletionsRequestBuilder("", 100, Map.of(), null);
  }

  public static CompletionsRequestBuilder completions(String prompt, int maxTokens) {
    return new CompletionsRequestBuilder(prompt, maxTokens, Map.of(), null);
  }

  /**
   * A multi-image chat request.
   *
   * @throws IllegalArgumentException if no image is given
   */
  public static ChatRequestBuilder vision(String prompt, int maxTokens, List<ImageSource> images) {
    if (images.isEmpty()) throw new IllegalArgumentException("images ([]) should hold at least one image");
    return new ChatRequestBuilder(prompt, maxTokens, images, Map.of(), null);
  }
}
