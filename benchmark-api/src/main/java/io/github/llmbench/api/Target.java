package io.github.llmbench.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server under test: its base URL ({@code /v1} at its end is dropped, as requests add it), the model name and an optional API key sent as a
 * bearer token. Immutable.
 *
 * <p>The API key never appears in {@link #toString()}, logs, reports or exception messages.
 *
 * <pre>{@code
 * Target target = Target.of("http://localhost:8000", "meta-llama/Llama-3.1-8B-Instruct");
 * }</pre>
 */
public final class Target {
  /** The script's per-request timeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(300);

  private final String baseUrl;
  private final String model;
  private final @Nullable String apiKey;
  private final Duration requestTimeout;

  private Target(Builder b) {
    this.baseUrl = checkBaseUrl(b.baseUrl);
    this.model = Checks.notBlank("model", Checks.required("model", b.model));
    this.apiKey = b.apiKey == null || b.apiKey.isEmpty() ? null : b.apiKey;
    if (b.requestTimeout.isZero() || b.requestTimeout.isNegative()) {
      throw new IllegalArgumentException("requestTimeout (" + b.requestTimeout + ") should be positive");
    }
    this.requestTimeout = b.requestTimeout;
  }

  public static Target of(String baseUrl, String model) {
    return builder().baseUrl(baseUrl).model(model).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().baseUrl(baseUrl).model(model).apiKey(apiKey).requestTimeout(requestTimeout);
  }

  /** The base URL without a trailing slash, e.g. {@code http://localhost:8000}. */
  public String baseUrl() {
    return baseUrl;
  }

  public String model() {
    return model;
  }

  /** The API key, if one was set. Handle with care: never log it. */
  public Optional<String> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  /** Per-request timeout covering the whole call; 300 s by default. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  private static String checkBaseUrl(@Nullable String url) {
    Checks.required("baseUrl", url);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("baseUrl (\"" + url + "\") is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException("baseUrl (\"" + url + "\") should start with http:// or https://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("baseUrl (\"" + url + "\") has no host");
    }
    if (uri.getUserInfo() != null) {
      // Credentials in the URL would end up in reports; ask for an API key instead.
      throw new IllegalArgumentException("baseUrl should not carry credentials; set an API key instead");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("baseUrl (\"" + url + "\") should have no query string or fragment");
    }
    String trimmed = url;
    while (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
    // The OpenAI SDKs take the base URL with /v1; requests add it, so it is dropped rather than doubled.
    if (trimmed.endsWith("/v1")) trimmed = trimmed.substring(0, trimmed.length() - 3);
    while (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
    return trimmed;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Target t && baseUrl.equals(t.baseUrl) && model.equals(t.model)
        && Objects.equals(apiKey, t.apiKey) && requestTimeout.equals(t.requestTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(baseUrl, model, apiKey, requestTimeout);
  }

  @Override
  public String toString() {
    return "Target[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "***")
        + ", requestTimeout=" + requestTimeout + "]";
  }

  /** Mutable, not thread-safe. Further updates to this builder do not affect targets already built. */
  public static final class Builder {
    private @Nullable String baseUrl;
    private @Nullable String model;
    private @Nullable String apiKey;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder() {}

    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Sent as {@code Authorization: Bearer <key>}; {@code null} or empty means none. */
    public Builder apiKey(@Nullable String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * @throws IllegalStateException if the base URL or model is missing
     * @throws IllegalArgumentException if the base URL is not http/https, the model is empty or the timeout is not positive
     */
    public Target build() {
      return new Target(this);
    }
  }
}
