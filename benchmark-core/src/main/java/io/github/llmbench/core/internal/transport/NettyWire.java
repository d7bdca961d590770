package io.github.llmbench.core.internal.transport;

import io.github.llmbench.api.ClientSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A request in the Netty transport's wire form: the HTTP/1.1 head as bytes and the body beside it, written
 * together with one write. Built off the timed path; immutable.
 *
 * @param head the request line and headers, up to and including the empty line
 * @param body the JSON body (a body equal to the previous request's is the same array, so a step of identical
 *     requests holds one body, not one per request)
 */
record NettyWire(byte[] head, byte[] body) {
  int length() {
    return head.length + body.length;
  }

  /**
   * Writes heads: the headers every request of a target shares are put together once. Each request then adds its
   * target, {@code Accept} for a stream, its {@code X-Request-Id} and its {@code Content-Length}.
   */
  static final class Heads {
    private final byte[] shared;

    /**
     * @throws IOException when the API key has a character a header cannot carry (the message does not show it)
     */
    Heads(Endpoint endpoint, Optional<String> apiKey, ClientSettings.ConnectionMode mode,
        String userAgent) throws IOException {
      StringBuilder h = new StringBuilder(256);
      h.append("Host: ").append(endpoint.hostHeader()).append("\r\n");
      h.append("User-Agent: ").append(userAgent).append("\r\n");
      h.append("Content-Type: application/json\r\n");
      if (apiKey.isPresent()) {
        if (!visibleAscii(apiKey.get())) {
          throw new IOException("the API key has a character an HTTP header cannot carry");
        }
        h.append("Authorization: Bearer ").append(apiKey.get()).append("\r\n");
      }
      if (mode == ClientSettings.ConnectionMode.NEW_PER_REQUEST) h.append("Connection: close\r\n");
      this.shared = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    byte[] head(String requestTarget, boolean stream, String requestId, int contentLength) throws IOException {
      if (!visibleAscii(requestTarget) || !visibleAscii(requestId)) {
        throw new IOException("the request target or id has a character HTTP cannot carry");
      }
      StringBuilder line = new StringBuilder(requestTarget.length() + 20);
      line.append("POST ").append(requestTarget).append(" HTTP/1.1\r\n");
      StringBuilder tail = new StringBuilder(96);
      if (stream) tail.append("Accept: text/event-stream\r\n");
      tail.append("X-Request-Id: ").append(requestId).append("\r\n");
      tail.append("Content-Length: ").append(contentLength).append("\r\n\r\n");
      byte[] first = line.toString().getBytes(StandardCharsets.ISO_8859_1);
      byte[] last = tail.toString().getBytes(StandardCharsets.ISO_8859_1);
      byte[] head = new byte[first.length + shared.length + last.length];
      System.arraycopy(first, 0, head, 0, first.length);
      System.arraycopy(shared, 0, head, first.length, shared.length);
      System.arraycopy(last, 0, head, first.length + shared.length, last.length);
      return head;
    }

    private static boolean visibleAscii(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x21 || c > 0x7e) return false;
      }
      return true;
    }
  }
}
