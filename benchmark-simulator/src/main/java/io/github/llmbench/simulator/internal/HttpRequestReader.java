package io.github.llmbench.simulator.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads HTTP/1.1 requests (Content-Length or chunked bodies, {@code Expect: 100-continue}) from a stream. */
final class HttpRequestReader {
  static final int MAX_LINE = 16 * 1024;
  static final int MAX_HEADERS = 200;
  static final int MAX_BODY = 64 * 1024 * 1024;

  /** A request that cannot be parsed; the connection answers 400 (or {@code status}) and closes. */
  static final class BadHttpRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    BadHttpRequest(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private HttpRequestReader() {}

  /** @return the next request, or null when the peer closed the connection between requests */
  static @Nullable HttpRequest read(InputStream in, OutputStream out) throws IOException, BadHttpRequest {
    String requestLine = readLine(in, true);
    while (requestLine != null && requestLine.isEmpty()) {
      requestLine = readLine(in, true); // tolerate stray CRLF between requests (RFC 9112 2.2)
    }
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new BadHttpRequest(400, "bad request line");
    }
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; ; i++) {
      String line = readLine(in, false);
      if (line == null) {
        throw new IOException("connection closed inside headers");
      }
      if (line.isEmpty()) {
        break;
      }
      if (i >= MAX_HEADERS) {
        throw new BadHttpRequest(431, "too many headers");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new BadHttpRequest(400, "bad header line");
      }
      headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    String expect = headers.get("expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue")) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    byte[] body = readBody(in, headers);
    String target = parts[1];
    int query = target.indexOf('?');
    String path = query >= 0 ? target.substring(0, query) : target;
    return new HttpRequest(parts[0], path, parts[2], Map.copyOf(headers), body, System.nanoTime());
  }

  private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException, BadHttpRequest {
    String transferEncoding = headers.get("transfer-encoding");
    if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = readLine(in, false);
        if (sizeLine == null) {
          throw new IOException("connection closed inside chunked body");
        }
        int semicolon = sizeLine.indexOf(';');
        String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
        int size;
        try {
          size = Integer.parseInt(hex, 16);
        } catch (NumberFormatException e) {
          throw new BadHttpRequest(400, "bad chunk size");
        }
        if (size < 0 || body.size() + (long) size > MAX_BODY) {
          throw new BadHttpRequest(413, "body too large");
        }
        if (size == 0) {
          String trailer;
          do {
            trailer = readLine(in, false);
          } while (trailer != null && !trailer.isEmpty());
          return body.toByteArray();
        }
        body.write(readExactly(in, size));
        readLine(in, false); // CRLF after the chunk data
      }
    }
    String contentLength = headers.get("content-length");
    if (contentLength == null) {
      return new byte[0];
    }
    long length;
    try {
      length = Long.parseLong(contentLength.trim());
    } catch (NumberFormatException e) {
      throw new BadHttpRequest(400, "bad content-length");
    }
    if (length < 0) {
      throw new BadHttpRequest(400, "bad content-length");
    }
    if (length > MAX_BODY) {
      throw new BadHttpRequest(413, "body too large");
    }
    return readExactly(in, (int) length);
  }

  private static byte[] readExactly(InputStream in, int length) throws IOException {
    byte[] data = in.readNBytes(length);
    if (data.length != length) {
      throw new IOException("connection closed inside body");
    }
    return data;
  }

  /** Reads one line ending in LF (a preceding CR is dropped); null on end of stream before any byte. */
  private static @Nullable String readLine(InputStream in, boolean betweenRequests) throws IOException, BadHttpRequest {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.length() == 0) {
          return null;
        }
        throw new IOException("connection closed inside a line");
      }
      if (b == '\n') {
        int len = line.length();
        if (len > 0 && line.charAt(len - 1) == '\r') {
          line.setLength(len - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new BadHttpRequest(431, "line too long");
      }
      line.append((char) b); // request line and headers are ASCII / ISO-8859-1
    }
  }
}
