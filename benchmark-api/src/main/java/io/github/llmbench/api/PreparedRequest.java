package io.github.llmbench.api;

import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request ready to send: a path under the target's base URL and a JSON body.
 *
 * @param path e.g. {@code /v1/chat/completions}
 * @param body a JSON tree made of {@link Map}, {@link java.util.List}, {@link String}, {@link Number},
 *     {@link Boolean} and {@code null}; key order is kept
 * @param stream whether the response is a server-sent event stream
 */
public record PreparedRequest(String path, Map<String, Object> body, boolean stream) {
  public PreparedRequest {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
    if (!path.startsWith("/")) throw new IllegalArgumentException("path (\"" + path + "\") should start with /");
  }
}
