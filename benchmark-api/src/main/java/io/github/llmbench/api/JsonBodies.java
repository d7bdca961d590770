package io.github.llmbench.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers shared by the built-in request builders. */
final class JsonBodies {
  private JsonBodies() {}

  /** Adds the streaming keys (only when streaming: vLLM rejects stream_options otherwise), then the extras. */
  static Map<String, Object> finish(Map<String, Object> body, boolean stream, Map<String, Object> extraBody) {
    if (stream) {
      body.put("stream", true);
      body.put("stream_options", Map.of("include_usage", true));
    }
    body.putAll(extraBody);
    return Collections.unmodifiableMap(body);
  }

  static Map<String, Object> copyOrdered(Map<String, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> {
      if (k == null) throw new IllegalArgumentException("extraBody has a null key: " + map.keySet());
      copy.put(k, v);
    });
    return Collections.unmodifiableMap(copy);
  }
}
