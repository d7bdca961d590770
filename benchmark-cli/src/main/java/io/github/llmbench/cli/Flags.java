package io.github.llmbench.cli;

import io.github.llmbench.api.ImageSource;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Parses and checks flag values. Every failure is a {@link UsageException} whose one line names the flag and the
 * value, so nothing reaches the engine (or the network) that the engine would reject later as an internal error.
 */
final class Flags {
  private Flags() {}

  /**
   * A base URL the HTTP client accepts: http(s), a host, a port in range, no credentials, query or fragment. A
   * trailing {@code /v1} (or {@code /v1/}), as the OpenAI SDKs take it, is dropped, since llmbench adds it.
   */
  static String baseUrl(String flag, String value) throws UsageException {
    URI uri = uri(flag, value);
    if (uri.getRawQuery() != null) {
      throw UsageException.of(flag, value, "has a query string; give the server's base URL without ?...");
    }
    if (uri.getRawFragment() != null) {
      throw UsageException.of(flag, value, "has a fragment; give the server's base URL without #...");
    }
    return withoutV1(value);
  }

  /** {@code http://h:8000/v1/} and {@code http://h:8000/v1} become {@code http://h:8000}; anything else is kept. */
  static String withoutV1(String url) {
    String trimmed = url;
    while (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
    return trimmed.endsWith("/v1") ? trimmed.substring(0, trimmed.length() - 3) : url;
  }

  private static URI uri(String flag, String value) throws UsageException {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw UsageException.of(flag, value, "is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw UsageException.of(flag, value, "should start with http:// or https://");
    }
    if (uri.getRawAuthority() != null && uri.getHost() == null) {
      // java.net.URI falls back to a registry authority when the port is out of range or not a number.
      throw UsageException.of(flag, value, "has no valid host:port (the port should be between 1 and 65535)");
    }
    if (uri.getHost() == null) throw UsageException.of(flag, value, "has no host");
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw UsageException.of(flag, value, "has port " + uri.getPort() + "; it should be between 1 and 65535");
    }
    if (uri.getRawUserInfo() != null) {
      // The URL is written into every report; a key belongs in --api-key-env.
      throw new UsageException(flag + " should not carry credentials; put the key in an environment variable "
          + "named by --api-key-env");
    }
    return uri;
  }

  /** An http(s) URL with a host, a port in range and no credentials (a path and query are allowed). */
  static String httpUrl(String flag, String value) throws UsageException {
    uri(flag, value);
    return value;
  }

  /** A percentage in {@code [0, 100)}, as a share in {@code [0, 1)}. */
  static double percent(String flag, String value) throws UsageException {
    double v = number(flag, value, "a percentage from 0 to below 100");
    if (!(v >= 0 && v < 100)) throw UsageException.of(flag, value, "should be a percentage from 0 to below 100");
    return v / 100;
  }

  /** A positive number of milliseconds that is at least one nanosecond once converted. */
  static Duration millis(String flag, String value) throws UsageException {
    double ms = number(flag, value, "a positive number of milliseconds");
    long nanos = Math.round(ms * 1e6);
    if (!(ms > 0) || nanos <= 0) {
      throw UsageException.of(flag, value, "should be a positive number of milliseconds, at least 0.000001");
    }
    return Duration.ofNanos(nanos);
  }

  /** A positive number of seconds, at least one millisecond. */
  static Duration seconds(String flag, String value) throws UsageException {
    double sec = number(flag, value, "a positive number of seconds");
    if (!(sec >= 0.001)) throw UsageException.of(flag, value, "should be a positive number of seconds, at least 0.001");
    return Duration.ofNanos(Math.round(sec * 1e9));
  }

  /** A positive finite number. */
  static double positive(String flag, String value) throws UsageException {
    double v = number(flag, value, "a positive number");
    if (!(v > 0)) throw UsageException.of(flag, value, "should be a positive number");
    return v;
  }

  private static double number(String flag, String value, String what) throws UsageException {
    try {
      double v = Double.parseDouble(value.strip());
      if (Double.isNaN(v) || Double.isInfinite(v)) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw UsageException.of(flag, value, "should be " + what);
    }
  }

  /** An integer in {@code [min, max]}. */
  static int integer(String flag, String value, int min, int max) throws UsageException {
    try {
      int v = Integer.parseInt(value.strip());
      if (v >= min && v <= max) return v;
    } catch (NumberFormatException e) {
      // reported below
    }
    String range = max == Integer.MAX_VALUE ? (min == 1 ? "a positive integer" : "an integer of at least " + min)
        : "an integer between " + min + " and " + max;
    throw UsageException.of(flag, value, "should be " + range);
  }

  static long longValue(String flag, String value) throws UsageException {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw UsageException.of(flag, value, "should be an integer");
    }
  }

  /** A comma-separated list of positive integers, e.g. {@code 1,8,32}. */
  static List<Integer> integers(String flag, String value) throws UsageException {
    List<Integer> list = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      try {
        int v = Integer.parseInt(part.strip());
        if (v <= 0) throw new NumberFormatException();
        list.add(v);
      } catch (NumberFormatException e) {
        throw UsageException.of(flag, value, "should be a comma-separated list of positive integers, like 1,8,32");
      }
    }
    return list;
  }

  /** A comma-separated list of positive numbers, e.g. {@code 5,10,20} or {@code 0.5,2.5}. */
  static List<Double> numbers(String flag, String value) throws UsageException {
    List<Double> list = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      try {
        double v = Double.parseDouble(part.strip());
        if (!(v > 0) || Double.isInfinite(v)) throw new NumberFormatException();
        list.add(v);
      } catch (NumberFormatException e) {
        throw UsageException.of(flag, value, "should be a comma-separated list of positive numbers, like 5,10,20");
      }
    }
    return list;
  }

  /**
   * An image by URL ({@code http}, {@code https}, {@code data}) or a local file whose first bytes are a PNG, JPEG,
   * GIF or WebP signature (the name does not matter), sent as a {@code data:} URL.
   */
  static ImageSource image(String flag, String value) throws UsageException {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("data:")) {
      try {
        return ImageSource.url(value);
      } catch (IllegalArgumentException e) {
        throw UsageException.of(flag, value, "is not a usable image URL: " + e.getMessage());
      }
    }
    Path file = Path.of(value);
    if (!Files.isRegularFile(file)) throw UsageException.of(flag, value, "is not a file (nor an http(s) or data URL)");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw UsageException.of(flag, value, "cannot be read: " + e.getMessage());
    }
    if (bytes.length == 0) throw UsageException.of(flag, value, "is empty");
    String mime = imageType(bytes);
    if (mime == null) throw UsageException.of(flag, value, "is not a PNG, JPEG, GIF or WebP image");
    return ImageSource.url("data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes));
  }

  /** The MIME type from the file signature, or null. */
  static @Nullable String imageType(byte[] b) {
    if (starts(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "image/png";
    if (starts(b, 0, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
    if (starts(b, 0, 'G', 'I', 'F', '8', '7', 'a') || starts(b, 0, 'G', 'I', 'F', '8', '9', 'a')) return "image/gif";
    if (starts(b, 0, 'R', 'I', 'F', 'F') && starts(b, 8, 'W', 'E', 'B', 'P')) return "image/webp";
    return null;
  }

  private static boolean starts(byte[] bytes, int offset, int... signature) {
    if (bytes.length < offset + signature.length) return false;
    for (int i = 0; i < signature.length; i++) {
      if ((bytes[offset + i] & 0xFF) != signature[i]) return false;
    }
    return true;
  }
}
