package io.github.llmbench.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether and where the engine scrapes the target's Prometheus metrics while each step runs (vLLM serves them at
 * {@code /metrics}), so a step can report the server's own queue, KV cache use, preemptions and latencies beside
 * the client's. A server without metrics is noted once and costs nothing more. Immutable.
 *
 * @param enabled whether to scrape (on by default)
 * @param url where, when not {@code <baseUrl>/metrics}
 * @param interval how often, during a step (1 s by default)
 */
public record ServerMetricsSettings(boolean enabled, Optional<String> url, Duration interval) {
  /** On, at {@code <baseUrl>/metrics}, every second. */
  public static final ServerMetricsSettings DEFAULT =
      new ServerMetricsSettings(true, Optional.empty(), Duration.ofSeconds(1));
  /** Off. */
  public static final ServerMetricsSettings OFF = new ServerMetricsSettings(false, Optional.empty(),
      Duration.ofSeconds(1));

  /** @throws IllegalArgumentException if the interval is not positive or the URL is not http(s) */
  public ServerMetricsSettings {
    Objects.requireNonNull(url, "url");
    Checks.positive("interval", interval);
    url.ifPresent(u -> {
      String lower = u.toLowerCase(java.util.Locale.ROOT);
      if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
        throw new IllegalArgumentException("metrics url (\"" + u + "\") should start with http:// or https://");
      }
    });
  }

  /** Scraping on, at this URL. */
  public static ServerMetricsSettings at(String url) {
    return new ServerMetricsSettings(true, Optional.of(url), DEFAULT.interval());
  }

  /** The URL to scrape for a target at {@code baseUrl}. */
  public String urlFor(String baseUrl) {
    return url.orElse(baseUrl + "/metrics");
  }
}
