package io.github.llmbench.cli;

import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.ImageSource;
import io.github.llmbench.api.LengthDistribution;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Shard;
import io.github.llmbench.api.Status;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one home of flag values: picocli converters that turn each value into its type once, at parse time. A bad
 * value is a {@link BadValue}, which {@link FlagErrors} prints as one line naming the flag and the value, so nothing
 * reaches the engine (or the network) that the engine would reject later as an internal error. Checks that need
 * several flags together come after parsing, as {@link UsageException}s.
 */
final class Flags {
  static final String LENGTH_FORMS = "N, uniform:MIN:MAX or normal:MEAN:STDDEV[:MIN:MAX]";
  private static final long BYTES_PER_MB = 1L << 20;

  private Flags() {}

  /** A value a converter refused; the flag is named by {@link FlagErrors}, which knows which option it was. */
  static final class BadValue extends TypeConversionException {
    private static final long serialVersionUID = 1L;
    private final @Nullable String value;
    private final String problem;

    /** {@code --flag (value) problem}: the one-line shape of every usage message. */
    BadValue(@Nullable String value, String problem) {
      super(problem);
      this.value = value;
      this.problem = problem;
    }

    /** {@code --flag problem}, for a value that must not be repeated (a URL's credentials). */
    static BadValue withoutValue(String problem) {
      return new BadValue(null, problem);
    }

    String line(String flag) {
      return value == null ? flag + " " + problem : flag + " (" + value + ") " + problem;
    }
  }

  /** A number as a user writes it: {@code 5}, not {@code 5.0}; {@code 0.5}. */
  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }

  /** A duration in seconds as a user writes it: {@code 30}, {@code 0.5}. */
  static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
  }

  /** A duration in milliseconds as a user writes it: {@code 500}, {@code 0.25}. */
  static String millis(Duration d) {
    return BigDecimal.valueOf(d.toNanos(), 6).stripTrailingZeros().toPlainString();
  }

  // URLs and names.

  /**
   * A base URL the HTTP client accepts: http(s), a host, a port in range, no credentials, query or fragment. A
   * trailing {@code /v1} (or {@code /v1/}), as the OpenAI SDKs take it, is dropped, since llmbench adds it.
   */
  static final class BaseUrl implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      URI uri = uri(value);
      if (uri.getRawQuery() != null) {
        throw new BadValue(value, "has a query string; give the server's base URL without ?...");
      }
      if (uri.getRawFragment() != null) {
        throw new BadValue(value, "has a fragment; give the server's base URL without #...");
      }
      return withoutV1(value);
    }
  }

  /** An http(s) URL with a host, a port in range and no credentials (a path and query are allowed). */
  static final class HttpUrl implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      uri(value);
      return value;
    }
  }

  /** {@code http://h:8000/v1/} and {@code http://h:8000/v1} become {@code http://h:8000}; anything else is kept. */
  static String withoutV1(String url) {
    String trimmed = url;
    while (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
    return trimmed.endsWith("/v1") ? trimmed.substring(0, trimmed.length() - 3) : url;
  }

  private static URI uri(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new BadValue(value, "is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new BadValue(value, "should start with http:// or https://");
    }
    if (uri.getRawAuthority() != null && uri.getHost() == null) {
      // java.net.URI falls back to a registry authority when the port is out of range or not a number.
      throw new BadValue(value, "has no valid host:port (the port should be between 1 and 65535)");
    }
    if (uri.getHost() == null) throw new BadValue(value, "has no host");
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw new BadValue(value, "has port " + uri.getPort() + "; it should be between 1 and 65535");
    }
    if (uri.getRawUserInfo() != null) {
      // The URL is written into every report; a key belongs in --api-key-env.
      throw BadValue.withoutValue("should not carry credentials; put the key in an environment variable named by "
          + "--api-key-env");
    }
    return uri;
  }

  /** A name that is not blank, e.g. {@code --model}. */
  static final class NotEmpty implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.isBlank()) throw new BadValue("\"" + value + "\"", "should not be empty");
      return value;
    }
  }

  /** The name of an environment variable, e.g. {@code --api-key-env}. */
  static final class VariableName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.isBlank()) throw new BadValue("\"" + value + "\"", "should name an environment variable");
      return value;
    }
  }

  // Numbers.

  private static double number(String value, String what) {
    try {
      double v = Double.parseDouble(value.strip());
      if (Double.isNaN(v) || Double.isInfinite(v)) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw new BadValue(value, "should be " + what);
    }
  }

  /** Any finite number; what is valid is the receiver's to say (the simulator's builders). */
  static final class AnyNumber implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      return number(value, "a number");
    }
  }

  /** A positive finite number. */
  static final class Positive implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double v = number(value, "a positive number");
      if (!(v > 0)) throw new BadValue(value, "should be a positive number");
      return v;
    }
  }

  /** A percentage in {@code [0, 100)}, kept in percent. */
  static final class Percent implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double v = number(value, "a percentage from 0 to below 100");
      if (!(v >= 0 && v < 100)) throw new BadValue(value, "should be a percentage from 0 to below 100");
      return v;
    }
  }

  /** A percentage strictly between 0 and 100, kept in percent. */
  static final class PercentAboveZero implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double v = new Percent().convert(value);
      if (v <= 0) throw new BadValue(value, "should be a percentage above 0 and below 100");
      return v;
    }
  }

  /** A percentage in {@code (0, 100]}: a share of requests that must meet the objectives. */
  static final class GoodputPercent implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double v = new Positive().convert(value);
      if (v > 100) throw new BadValue(value, "should be a percentage up to 100");
      return v;
    }
  }

  /** A significance level strictly between 0 and 1. */
  static final class Alpha implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double v = new Positive().convert(value);
      if (!(v < 1)) throw new BadValue(value, "should be between 0 and 1, e.g. 0.05");
      return v;
    }
  }

  /** An integer in {@code [min, max]}; each range is a subclass, since picocli makes converters by class. */
  abstract static class IntIn implements ITypeConverter<Integer> {
    private final int min;
    private final int max;

    IntIn(int min, int max) {
      this.min = min;
      this.max = max;
    }

    @Override
    public Integer convert(String value) {
      try {
        int v = Integer.parseInt(value.strip());
        if (v >= min && v <= max) return v;
      } catch (NumberFormatException e) {
        // reported below
      }
      String range = max == Integer.MAX_VALUE ? (min == 1 ? "a positive integer" : "an integer of at least " + min)
          : "an integer between " + min + " and " + max;
      throw new BadValue(value, "should be " + range);
    }
  }

  static final class PositiveInt extends IntIn {
    PositiveInt() {
      super(1, Integer.MAX_VALUE);
    }
  }

  static final class Count extends IntIn {
    Count() {
      super(0, Integer.MAX_VALUE);
    }
  }

  static final class EventLoops extends IntIn {
    EventLoops() {
      super(1, 1024);
    }
  }

  static final class Port extends IntIn {
    Port() {
      super(0, 65535);
    }
  }

  static final class ShardCount extends IntIn {
    ShardCount() {
      super(1, LocalShards.MAX_SHARDS);
    }
  }

  static final class PrefixTokens extends IntIn {
    PrefixTokens() {
      super(0, 10_000_000);
    }
  }

  static final class PrefixGroups extends IntIn {
    PrefixGroups() {
      super(1, 1_000_000);
    }
  }

  static final class RequestsPerWorker extends IntIn {
    RequestsPerWorker() {
      super(1, 1_000_000);
    }
  }

  static final class MaxRepeats extends IntIn {
    MaxRepeats() {
      super(0, 100);
    }
  }

  static final class MaxProbes extends IntIn {
    MaxProbes() {
      super(1, 10_000);
    }
  }

  /** Any int; what is valid is the receiver's to say (the simulator's builders). */
  static final class AnyInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        return Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new BadValue(value, "should be an integer");
      }
    }
  }

  static final class AnyLong implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        throw new BadValue(value, "should be an integer");
      }
    }
  }

  static final class PositiveLong implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      long v = new AnyLong().convert(value);
      if (v <= 0) throw new BadValue(value, "should be a positive integer");
      return v;
    }
  }

  /** Comma-separated values, e.g. the steps of {@code --concurrency 1,8,32}; printed as a user writes them. */
  record Levels<T extends Number>(List<T> values) {
    Levels {
      values = List.copyOf(values);
    }

    @Override
    public String toString() {
      return values.stream().map(v -> format(v.doubleValue())).collect(Collectors.joining(","));
    }
  }

  /** Positive integers, none repeated, e.g. {@code 1,8,32}. */
  static final class Concurrencies implements ITypeConverter<Levels<Integer>> {
    @Override
    public Levels<Integer> convert(String value) {
      List<Integer> list = new ArrayList<>();
      for (String part : value.split(",", -1)) {
        try {
          int v = Integer.parseInt(part.strip());
          if (v <= 0) throw new NumberFormatException();
          list.add(v);
        } catch (NumberFormatException e) {
          throw new BadValue(value, "should be a comma-separated list of positive integers, like 1,8,32");
        }
      }
      if (new HashSet<>(list).size() < list.size()) throw new BadValue(value, "should not repeat a value");
      return new Levels<>(list);
    }
  }

  /** Positive numbers, none repeated, e.g. {@code 5,10,20} or {@code 0.5,2.5}. */
  static final class Rates implements ITypeConverter<Levels<Double>> {
    @Override
    public Levels<Double> convert(String value) {
      List<Double> list = new ArrayList<>();
      for (String part : value.split(",", -1)) {
        try {
          double v = Double.parseDouble(part.strip());
          if (!(v > 0) || Double.isInfinite(v)) throw new NumberFormatException();
          list.add(v);
        } catch (NumberFormatException e) {
          throw new BadValue(value, "should be a comma-separated list of positive numbers, like 5,10,20");
        }
      }
      if (new HashSet<>(list).size() < list.size()) throw new BadValue(value, "should not repeat a value");
      return new Levels<>(list);
    }
  }

  /** A size in megabytes of 2^20 bytes, fractions allowed; printed in megabytes as given. */
  record Megabytes(double megabytes, long bytes) {
    @Override
    public String toString() {
      return format(megabytes);
    }
  }

  /** At least one byte and at most {@code maxBytes}; a subclass per limit, since picocli makes converters by class. */
  abstract static class MegabytesUpTo implements ITypeConverter<Megabytes> {
    private final long maxBytes;

    MegabytesUpTo(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public Megabytes convert(String value) {
      double mb = new Positive().convert(value);
      double bytes = Math.floor(mb * BYTES_PER_MB);
      if (bytes < 1) throw new BadValue(value, "should be at least one byte (0.000001 MB)");
      if (bytes > maxBytes) throw new BadValue(value, "should be at most " + (maxBytes / BYTES_PER_MB) + " MB");
      return new Megabytes(mb, (long) bytes);
    }
  }

  static final class ResponseMegabytes extends MegabytesUpTo {
    ResponseMegabytes() {
      super(Long.MAX_VALUE);
    }
  }

  static final class EventMegabytes extends MegabytesUpTo {
    EventMegabytes() {
      super(Integer.MAX_VALUE);
    }
  }

  // Time.

  /** A positive number of milliseconds that is at least one nanosecond once converted. */
  static final class Millis implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      double ms = number(value, "a positive number of milliseconds");
      long nanos = Math.round(ms * 1e6);
      if (!(ms > 0) || nanos <= 0) {
        throw new BadValue(value, "should be a positive number of milliseconds, at least 0.000001");
      }
      return Duration.ofNanos(nanos);
    }
  }

  /** A positive number of seconds, at least one millisecond. */
  static final class Seconds implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      double sec = number(value, "a positive number of seconds");
      if (!(sec >= 0.001)) throw new BadValue(value, "should be a positive number of seconds, at least 0.001");
      return Duration.ofNanos(Math.round(sec * 1e9));
    }
  }

  /** Zero or more seconds: how late a shard may start. */
  static final class Lateness implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        double sec = Double.parseDouble(value.strip());
        if (sec >= 0 && !Double.isInfinite(sec)) return Duration.ofNanos(Math.round(sec * 1e9));
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new BadValue(value, "should be a number of seconds, 0 or more");
    }
  }

  /** A fault's duration in milliseconds; what is valid is the simulator's to say. */
  static final class AnyMillis implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Duration.ofNanos(Math.round(new AnyNumber().convert(value) * 1e6));
    }
  }

  /** An ISO-8601 instant ({@code 2026-12-01T10:00:00Z}, or with an offset) or epoch milliseconds. */
  static final class WallClockInstant implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      String v = value.strip();
      try {
        if (v.chars().allMatch(Character::isDigit) && !v.isEmpty()) return Instant.ofEpochMilli(Long.parseLong(v));
        return OffsetDateTime.parse(v).toInstant();
      } catch (DateTimeParseException | NumberFormatException e) {
        throw new BadValue(value, "should be an ISO-8601 instant like 2026-12-01T10:00:00Z or epoch milliseconds");
      }
    }
  }

  // The rest.

  /** {@code I/N} with {@code 0 <= I < N}. */
  static final class ShardOf implements ITypeConverter<Shard> {
    @Override
    public Shard convert(String value) {
      String[] parts = value.strip().split("/", -1);
      if (parts.length == 2) {
        try {
          int index = Integer.parseInt(parts[0].strip());
          int count = Integer.parseInt(parts[1].strip());
          if (count >= 1 && index >= 0 && index < count) return new Shard(index, count);
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      throw new BadValue(value, "should be I/N with 0 <= I < N, e.g. 0/4");
    }
  }

  static final class Transport implements ITypeConverter<ClientSettings.TransportKind> {
    @Override
    public ClientSettings.TransportKind convert(String value) {
      for (ClientSettings.TransportKind kind : ClientSettings.TransportKind.values()) {
        if (kind.label().equals(value.strip().toLowerCase(Locale.ROOT))) return kind;
      }
      throw new BadValue(value, "should be netty or okhttp");
    }
  }

  static final class RampShape implements ITypeConverter<Load.Ramp.Shape> {
    @Override
    public Load.Ramp.Shape convert(String value) {
      for (Load.Ramp.Shape shape : Load.Ramp.Shape.values()) {
        if (shape.label().equals(value.strip().toLowerCase(Locale.ROOT))) return shape;
      }
      throw new BadValue(value, "should be linear or exponential");
    }
  }

  /** The statuses of {@code --fail-on}; printed sorted, as the gate's line names them. */
  record Statuses(Set<Status> values) {
    static final Statuses NONE = new Statuses(Set.of());

    Statuses {
      values = Set.copyOf(values);
    }

    @Override
    public String toString() {
      return values.stream().sorted().map(Status::name).collect(Collectors.joining(","));
    }
  }

  /** {@code FAILING,DEGRADED}, in any case. */
  static final class StatusList implements ITypeConverter<Statuses> {
    @Override
    public Statuses convert(String value) {
      Set<Status> statuses = EnumSet.noneOf(Status.class);
      for (String part : value.split(",", -1)) {
        try {
          statuses.add(Status.valueOf(part.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new BadValue(value, "should be a comma-separated list of statuses among OK, DEGRADED, SATURATED, "
              + "FAILING");
        }
      }
      return new Statuses(statuses);
    }
  }

  static final class Axis implements ITypeConverter<io.github.llmbench.api.CapacitySearch.Axis> {
    @Override
    public io.github.llmbench.api.CapacitySearch.Axis convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "concurrency" -> io.github.llmbench.api.CapacitySearch.Axis.CONCURRENCY;
        case "rate" -> io.github.llmbench.api.CapacitySearch.Axis.RATE;
        default -> throw new BadValue(value, "should be concurrency or rate");
      };
    }
  }

  /** A readable file, e.g. {@code --ca-cert}'s PEM file. */
  static final class PemFile implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path file = Path.of(value.strip());
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new BadValue(value, "should be a readable PEM file");
      }
      return file;
    }
  }

  /** {@code N}, {@code uniform:MIN:MAX} or {@code normal:MEAN:STDDEV[:MIN:MAX]} (default bounds: 3 stddev). */
  static final class Length implements ITypeConverter<LengthDistribution> {
    @Override
    public LengthDistribution convert(String value) {
      String[] parts = value.strip().split(":", -1);
      try {
        switch (parts[0]) {
          case "uniform" -> {
            if (parts.length != 3) break;
            return LengthDistribution.uniform(tokens(value, parts[1]), tokens(value, parts[2]));
          }
          case "normal" -> {
            if (parts.length != 3 && parts.length != 5) break;
            double mean = lengthNumber(value, parts[1]);
            double stddev = lengthNumber(value, parts[2]);
            int min = parts.length == 5 ? tokens(value, parts[3]) : (int) Math.max(1, Math.round(mean - 3 * stddev));
            int max = parts.length == 5 ? tokens(value, parts[4])
                : (int) Math.min(10_000_000, Math.round(mean + 3 * stddev));
            return LengthDistribution.normal(mean, stddev, min, max);
          }
          default -> {
            if (parts.length != 1) break;
            return LengthDistribution.fixed(tokens(value, parts[0]));
          }
        }
      } catch (BadValue e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new BadValue(value, "has " + e.getMessage());
      }
      throw new BadValue(value, "should be " + LENGTH_FORMS + " (token counts)");
    }

    private static int tokens(String value, String part) {
      try {
        int v = Integer.parseInt(part.strip());
        if (v >= 1 && v <= 10_000_000) return v;
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new BadValue(value, "should be " + LENGTH_FORMS + " with token counts from 1 to 10000000");
    }

    private static double lengthNumber(String value, String part) {
      try {
        double v = Double.parseDouble(part.strip());
        if (Double.isFinite(v)) return v;
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new BadValue(value, "should be " + LENGTH_FORMS + " with numbers for MEAN and STDDEV");
    }
  }

  /**
   * An image by URL ({@code http}, {@code https}, {@code data}) or a local file whose first bytes are a PNG, JPEG,
   * GIF or WebP signature (the name does not matter), sent as a {@code data:} URL.
   */
  static final class Image implements ITypeConverter<ImageSource> {
    @Override
    public ImageSource convert(String value) {
      String lower = value.toLowerCase(Locale.ROOT);
      if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("data:")) {
        try {
          return ImageSource.url(value);
        } catch (IllegalArgumentException e) {
          throw new BadValue(value, "is not a usable image URL: " + e.getMessage());
        }
      }
      Path file = Path.of(value);
      if (!Files.isRegularFile(file)) throw new BadValue(value, "is not a file (nor an http(s) or data URL)");
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new BadValue(value, "cannot be read: " + e.getMessage());
      }
      if (bytes.length == 0) throw new BadValue(value, "is empty");
      String mime = imageType(bytes);
      if (mime == null) throw new BadValue(value, "is not a PNG, JPEG, GIF or WebP image");
      return ImageSource.url("data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes));
    }
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
