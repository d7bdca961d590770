package io.github.llmbench.api;

/** The OpenAI endpoint a generated request goes to. */
public enum Endpoint {
  /** {@code POST /v1/chat/completions}: a prompt becomes one user message. */
  CHAT_COMPLETIONS("/v1/chat/completions"),
  /** {@code POST /v1/completions}: the prompt is sent as it is (no chat template). */
  COMPLETIONS("/v1/completions"),
  /**
   * {@code POST /v1/embeddings}: the prompt is the {@code input}; nothing is generated, so there is no output limit
   * and no stream.
   */
  EMBEDDINGS("/v1/embeddings");

  private final String path;

  Endpoint(String path) {
    this.path = path;
  }

  /** The request path under the base URL. */
  public String path() {
    return path;
  }
}
