package io.github.llmbench.api;

/**
 * The body field that carries a chat request's output limit. OpenAI deprecated {@code max_tokens} for chat in favour
 * of {@code max_completion_tokens} (its reasoning models refuse the old one); vLLM accepts both.
 */
public enum MaxTokensField {
  /** {@code max_tokens}, as the unified script and vLLM's own benchmark send (the default). */
  MAX_TOKENS("max_tokens"),
  /** {@code max_completion_tokens}, the OpenAI chat API's current name. Chat only: completions know only max_tokens. */
  MAX_COMPLETION_TOKENS("max_completion_tokens");

  private final String jsonName;

  MaxTokensField(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The JSON key. */
  public String jsonName() {
    return jsonName;
  }
}
