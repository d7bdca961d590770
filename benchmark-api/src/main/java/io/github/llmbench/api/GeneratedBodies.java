package io.github.llmbench.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bodies of the dataset and synthetic builders: the built-in builders' keys, in their order. */
final class GeneratedBodies {
  private GeneratedBodies() {}

  /** One user message holding this prompt, as {@link ChatRequestBuilder} sends it. */
  static List<Object> userMessage(String prompt) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "user");
    message.put("content", prompt);
    return List.of(java.util.Collections.unmodifiableMap(message));
  }

  /**
   * @param input the prompt (completions, embeddings), or the messages array (chat; a prompt becomes one user
   *     message)
   */
  static PreparedRequest request(Endpoint endpoint, String model, Object input, MaxTokensField field, int maxTokens,
      RequestBuilder.Context context, Map<String, Object> extraBody) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    if (endpoint == Endpoint.EMBEDDINGS) { // nothing generated: no output limit, no stream
      body.put("input", input);
      return new PreparedRequest(endpoint.path(), JsonBodies.finish(body, false, extraBody), false);
    }
    if (endpoint == Endpoint.COMPLETIONS) {
      body.put("prompt", input);
      body.put("max_tokens", maxTokens);
    } else {
      body.put("messages", input instanceof String prompt ? userMessage(prompt) : input);
      body.put(field.jsonName(), maxTokens);
    }
    return new PreparedRequest(endpoint.path(), JsonBodies.finish(body, context.stream(), extraBody), context.stream());
  }

  static void checkField(Endpoint endpoint, MaxTokensField field) {
    if (endpoint != Endpoint.CHAT_COMPLETIONS && field != MaxTokensField.MAX_TOKENS) {
      throw new IllegalArgumentException("maxTokensField (" + field + ") applies to chat; " + endpoint.path()
          + " knows no max_completion_tokens");
    }
  }

  /** {@code embeddings} for requests to {@code /v1/embeddings}, else text. */
  static TestType testType(Endpoint endpoint) {
    return endpoint == Endpoint.EMBEDDINGS ? TestType.EMBEDDINGS : TestType.TEXT;
  }
}
