package io.github.llmbench.core.internal.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;

/**
 * Where a target's requests go: its host, port, scheme, and each request path resolved against the base URL as
 * OkHttp's {@link HttpUrl} canonicalises it (so both transports put the same request target on the wire).
 * Thread-safe.
 */
public final class Endpoint {
  private static final int MAX_CACHED_PATHS = 64;

  private final String baseUrl;
  private final String host;
  private final int port;
  private final boolean tls;
  private final String hostHeader;
  /** The URL of each path, parsed once rather than for every request (a few, bounded). */
  private final Map<String, HttpUrl> urls = new ConcurrentHashMap<>();

  public Endpoint(String baseUrl) {
    HttpUrl base = HttpUrl.get(baseUrl);
    this.baseUrl = baseUrl;
    this.host = base.host();
    this.port = base.port();
    this.tls = base.isHttps();
    String bracketed = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    this.hostHeader = port == HttpUrl.defaultPort(base.scheme()) ? bracketed : bracketed + ":" + port;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public boolean tls() {
    return tls;
  }

  /** The {@code Host} header's value: the host, and the port unless it is the scheme's default. */
  public String hostHeader() {
    return hostHeader;
  }

  /** The URL of a request path under the base URL. */
  public HttpUrl url(String path) {
    HttpUrl url = urls.get(path);
    if (url != null) return url;
    url = HttpUrl.get(baseUrl + path);
    if (urls.size() < MAX_CACHED_PATHS) urls.put(path, url); // a builder with a new path per request gains nothing
    return url;
  }

  /** The request target (origin form) of a path: its encoded path and query. */
  public String requestTarget(String path) {
    HttpUrl url = url(path);
    String query = url.encodedQuery();
    return query == null ? url.encodedPath() : url.encodedPath() + "?" + query;
  }
}
