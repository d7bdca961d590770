package io.github.llmbench.core.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.FailureKind;
import java.io.IOException;
import okhttp3.Response;

/**
 * A non-streamed completion: a JSON object whose {@code usage.prompt_tokens} and {@code usage.completion_tokens}
 * are counted (missing usage counts 0 tokens and is still a success, as in the unified script).
 */
final class JsonResponseReader implements ResponseReader {
  private final ObjectMapper mapper;

  JsonResponseReader(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public Exchange read(Response response) throws IOException {
    byte[] bytes = response.body().bytes();
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (JacksonException e) {
      return Exchange.failed(response.code(), new Failure(FailureKind.MALFORMED_BODY,
          "the 200 response is not JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      String type = root == null ? "empty" : root.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
      return Exchange.failed(response.code(), new Failure(FailureKind.MALFORMED_BODY,
          "the 200 response is JSON but not an object (" + type + ")"));
    }
    JsonNode usage = root.get("usage");
    if (usage == null || !usage.isObject()) return new Exchange(response.code(), 0, 0, false, null);
    return new Exchange(response.code(), usage.path("prompt_tokens").asLong(0),
        usage.path("completion_tokens").asLong(0), true, null);
  }
}
