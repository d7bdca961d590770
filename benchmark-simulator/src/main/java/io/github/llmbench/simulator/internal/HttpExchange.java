package io.github.llmbench.simulator.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Writes one HTTP/1.1 response: either fixed-length ({@link #send}) or chunked ({@link #startChunked},
 * {@link #writeChunk}, {@link #endChunked}). {@link #drop()} asks the connection to close the socket without
 * finishing the response. Not thread-safe: one exchange belongs to one connection thread.
 */
public final class HttpExchange {
  private final OutputStream out;
  private final boolean keepAliveRequested;
  private boolean headersSent;
  private boolean dropped;

  HttpExchange(OutputStream out, boolean keepAliveRequested) {
    this.out = out;
    this.keepAliveRequested = keepAliveRequested;
  }

  /** Sends a complete response with a Content-Length. */
  public void send(int status, @Nullable String contentType, byte[] body) throws IOException {
    writeHead(status, contentType, body.length, null);
    out.write(body);
    out.flush();
  }

  /** Sends a complete response with one extra header. */
  public void send(int status, String contentType, byte[] body, String extraName, String extraValue)
      throws IOException {
    writeHead(status, contentType, body.length, extraName + ": " + extraValue);
    out.write(body);
    out.flush();
  }

  /** Sends a Content-Length header for {@code declaredLength} bytes but only the first bytes of {@code body}. */
  public void sendHeadAndPart(int status, String contentType, int declaredLength, byte[] body, int partLength)
      throws IOException {
    writeHead(status, contentType, declaredLength, null);
    out.write(body, 0, partLength);
    out.flush();
  }

  /** Writes raw body bytes after {@link #sendHeadAndPart} and flushes. */
  public void writeRaw(byte[] body, int offset, int length) throws IOException {
    out.write(body, offset, length);
    out.flush();
  }

  /** Sends the status line and headers of a chunked response and flushes them. */
  public void startChunked(int status, String contentType) throws IOException {
    writeHead(status, contentType, -1, null);
    out.flush();
  }

  /** Writes one chunk and flushes it, so the client sees it at once. */
  public void writeChunk(byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    out.write(Integer.toHexString(data.length).getBytes(StandardCharsets.US_ASCII));
    out.write(CRLF);
    out.write(data);
    out.write(CRLF);
    out.flush();
  }

  /** Writes the last (empty) chunk. */
  public void endChunked() throws IOException {
    out.write(LAST_CHUNK);
    out.flush();
  }

  /** Flushes what was written and asks the connection to close the socket without completing the response. */
  public void drop() {
    try {
      out.flush();
    } catch (IOException ignored) {
      // the socket is closed right after anyway
    }
    dropped = true;
  }

  boolean dropped() {
    return dropped;
  }

  boolean keepAlive() {
    return keepAliveRequested && !dropped;
  }

  private void writeHead(int status, @Nullable String contentType, long contentLength, @Nullable String extraHeader)
      throws IOException {
    if (headersSent) {
      throw new IllegalStateException("headers already sent");
    }
    headersSent = true;
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    head.append("date: ").append(DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
    head.append("server: llmbench-simulator\r\n");
    if (contentType != null) {
      head.append("content-type: ").append(contentType).append("\r\n");
    }
    if (contentLength >= 0) {
      head.append("content-length: ").append(contentLength).append("\r\n");
    } else {
      head.append("transfer-encoding: chunked\r\n");
    }
    if (extraHeader != null) {
      head.append(extraHeader).append("\r\n");
    }
    if (!keepAlive()) {
      head.append("connection: close\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  static String reason(int status) {
    switch (status) {
      case 200: return "OK";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 413: return "Payload Too Large";
      case 429: return "Too Many Requests";
      case 431: return "Request Header Fields Too Large";
      case 500: return "Internal Server Error";
      case 503: return "Service Unavailable";
      default: return "Status";
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
}
