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

  /**
   * Sends a dataset's entries in a seeded order (seed 0), prompts to chat, {@code max_tokens} 100 for entries
   * without their own.
   */
  public static DatasetRequestBuilder dataset(Dataset dataset) {
    return new DatasetRequestBuilder(dataset, 0, true, Endpoint.CHAT_COMPLETIONS, LengthDistribution.fixed(100),
        MaxTokensField.MAX_TOKENS, Map.of(), null, null);
  }

  /**
   * Generated chat prompts of 500 tokens (4 characters a token until a tokenizer is given), {@code max_tokens} 100,
   * no shared prefix, seed 0.
   */
  public static SyntheticRequestBuilder synthetic() {
    return new SyntheticRequestBuilder(LengthDistribution.fixed(500), LengthDistribution.fixed(100), 0, 1, 0,
        Endpoint.CHAT_COMPLETIONS, MaxTokensField.MAX_TOKENS, Map.of(), null, null, null);
  }
}
