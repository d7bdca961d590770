package io.github.llmbench.simulator.internal;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One parsed HTTP/1.1 request.
 *
 * @param method request method, e.g. {@code POST}
 * @param path the request target without its query string
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers header values by lower-case name (the first occurrence wins)
 * @param body the request body, empty when there is none
 * @param receivedNanos {@link System#nanoTime()} when the body had been read
 */
public record HttpRequest(
    String method, String path, String version, Map<String, String> headers, byte[] body, long receivedNanos) {

  /** @param name lower-case header name @return its value, or null */
  public @Nullable String header(String name) {
    return headers.get(name);
  }

  /** @return whether the connection may serve another request after this one */
  public boolean keepAlive() {
    String connection = headers.get("connection");
    if ("HTTP/1.0".equals(version)) {
      return connection != null && connection.equalsIgnoreCase("keep-alive");
    }
    return connection == null || !connection.equalsIgnoreCase("close");
  }
}
