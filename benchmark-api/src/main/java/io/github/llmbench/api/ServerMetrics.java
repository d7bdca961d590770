package io.github.llmbench.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the target server said about itself during one step, from its Prometheus {@code /metrics} (vLLM's names)
 * scraped at a fixed interval over the step's window. It splits the client's latency into the server's queue,
 * its time to first token and its end-to-end time, and explains saturation (queue, KV cache, preemptions).
 *
 * <p>A figure is empty when the server does not expose that metric for the target model, or when the window held
 * too few scrapes for it (gauges need one scrape, counter and histogram deltas need two): empty never means 0.
 * Gauges give the most seen at a scrape and the time-weighted mean between the first and last scrape (each
 * reading holds until the next). Counters and histograms give the increase over the window, counter resets
 * included (a reset counts from 0, as Prometheus' {@code increase()}). When the server runs several engines for
 * the model (vLLM's {@code engine} label) their series are added, except KV cache usage, which is averaged.
 *
 * <pre>{@code
 * String why = step.measurement().serverMetrics().map(ServerMetrics::reasonFragment).orElse("");
 * // server queue reached 57 waiting, KV cache 97 %, 12 preemptions
 * }</pre>
 *
 * <p>Immutable.
 *
 * @param source the URL scraped
 * @param scrapes scrapes that answered during the window
 * @param window time from the first to the last answered scrape
 * @param runningRequestsMax most requests running at a scrape ({@code vllm:num_requests_running})
 * @param runningRequestsMean time-weighted mean of running requests
 * @param waitingRequestsMax most requests waiting at a scrape ({@code vllm:num_requests_waiting})
 * @param waitingRequestsMean time-weighted mean of waiting requests
 * @param kvCacheUsageMaxFraction highest KV cache usage at a scrape, 0..1 ({@code vllm:kv_cache_usage_perc}, or
 *     the older {@code vllm:gpu_cache_usage_perc})
 * @param kvCacheUsageMeanFraction time-weighted mean KV cache usage, 0..1
 * @param preemptions preemptions during the window ({@code vllm:num_preemptions_total})
 * @param promptTokens prompt tokens the server prefilled during the window ({@code vllm:prompt_tokens_total})
 * @param generationTokens tokens the server generated during the window ({@code vllm:generation_tokens_total})
 * @param succeededRequests requests the server finished during the window, every {@code finished_reason}
 *     ({@code vllm:request_success_total})
 * @param prefixCacheQueries prompt tokens the server looked up in its prefix cache during the window
 *     ({@code vllm:prefix_cache_queries_total})
 * @param prefixCacheHits of those, the tokens its prefix cache held ({@code vllm:prefix_cache_hits_total})
 * @param queueTime the server's queue time of requests finished in the window
 *     ({@code vllm:request_queue_time_seconds})
 * @param timeToFirstToken the server's time to first token ({@code vllm:time_to_first_token_seconds})
 * @param endToEnd the server's end-to-end request latency ({@code vllm:e2e_request_latency_seconds})
 */
public record ServerMetrics(
    String source,
    int scrapes,
    Duration window,
    OptionalDouble runningRequestsMax,
    OptionalDouble runningRequestsMean,
    OptionalDouble waitingRequestsMax,
    OptionalDouble waitingRequestsMean,
    OptionalDouble kvCacheUsageMaxFraction,
    OptionalDouble kvCacheUsageMeanFraction,
    OptionalLong preemptions,
    OptionalLong promptTokens,
    OptionalLong generationTokens,
    OptionalLong succeededRequests,
    OptionalLong prefixCacheQueries,
    OptionalLong prefixCacheHits,
    Optional<LatencyEstimate> queueTime,
    Optional<LatencyEstimate> timeToFirstToken,
    Optional<LatencyEstimate> endToEnd) {

  /**
   * @throws IllegalArgumentException if {@code scrapes} is not positive, {@code window} is negative, or a count is
   *     negative
   * @throws NullPointerException if a field is null
   */
  public ServerMetrics {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(window, "window");
    if (scrapes < 1) {
      throw new IllegalArgumentException("scrapes (" + scrapes + ") should be positive");
    }
    if (window.isNegative()) {
      throw new IllegalArgumentException("window (" + window + ") should not be negative");
    }
    notNegative("preemptions", preemptions);
    notNegative("promptTokens", promptTokens);
    notNegative("generationTokens", generationTokens);
    notNegative("succeededRequests", succeededRequests);
    notNegative("prefixCacheQueries", prefixCacheQueries);
    notNegative("prefixCacheHits", prefixCacheHits);
    Objects.requireNonNull(runningRequestsMax, "runningRequestsMax");
    Objects.requireNonNull(runningRequestsMean, "runningRequestsMean");
    Objects.requireNonNull(waitingRequestsMax, "waitingRequestsMax");
    Objects.requireNonNull(waitingRequestsMean, "waitingRequestsMean");
    Objects.requireNonNull(kvCacheUsageMaxFraction, "kvCacheUsageMaxFraction");
    Objects.requireNonNull(kvCacheUsageMeanFraction, "kvCacheUsageMeanFraction");
    Objects.requireNonNull(queueTime, "queueTime");
    Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
    Objects.requireNonNull(endToEnd, "endToEnd");
  }

  /** Prefix cache hits as a share of the tokens looked up, 0..1; empty without both counters or any lookup. */
  public OptionalDouble prefixCacheHitRate() {
    if (prefixCacheQueries.isEmpty() || prefixCacheHits.isEmpty() || prefixCacheQueries.getAsLong() == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((double) prefixCacheHits.getAsLong() / prefixCacheQueries.getAsLong());
  }

  private static void notNegative(String field, OptionalLong value) {
    Objects.requireNonNull(value, field);
    if (value.isPresent() && value.getAsLong() < 0) {
      throw new IllegalArgumentException(field + " (" + value.getAsLong() + ") should not be negative");
    }
  }

  /**
   * One line for a verdict's reason, e.g. {@code "server queue reached 57 waiting, KV cache 97 %, 12 preemptions"}:
   * the waiting queue's maximum (or "server queue empty"), the KV cache's highest usage and the preemptions when
   * there were any. Figures the server did not report are left out; empty if it reported none of them.
   */
  public String reasonFragment() {
    List<String> parts = new ArrayList<>(3);
    if (waitingRequestsMax.isPresent()) {
      long waiting = Math.round(waitingRequestsMax.getAsDouble());
      parts.add(waiting > 0 ? "server queue reached " + waiting + " waiting" : "server queue empty");
    }
    if (kvCacheUsageMaxFraction.isPresent()) {
      parts.add(String.format(Locale.ROOT, "KV cache %d %%", Math.round(kvCacheUsageMaxFraction.getAsDouble() * 100)));
    }
    if (preemptions.isPresent() && preemptions.getAsLong() > 0) {
      long n = preemptions.getAsLong();
      parts.add(n + (n == 1 ? " preemption" : " preemptions"));
    }
    return String.join(", ", parts);
  }

  /**
   * A latency the server measured, from the increase of one of its histograms over the window. The mean is exact
   * ({@code _sum} / {@code _count} increases); a percentile is known only to lie in one bucket, so it is given as
   * that bucket's bounds, never as a point interpolated inside it (vLLM's e2e buckets: 0.3, 0.5, 0.8, 1, 1.5, 2,
   * 2.5, 5, 10 s, ...: a median "in [0.5, 0.8] s" is all the histogram says). Immutable.
   *
   * @param count observations in the window, at least 1
   * @param meanSec mean in seconds
   * @param p50 the bucket the median lies in, in seconds
   * @param p99 the bucket the 99th percentile lies in, in seconds
   */
  public record LatencyEstimate(long count, double meanSec, BucketRange p50, BucketRange p99) {
    /** @throws IllegalArgumentException if {@code count} is not positive or the mean is negative or not finite */
    public LatencyEstimate {
      if (count < 1) {
        throw new IllegalArgumentException("count (" + count + ") should be positive");
      }
      if (!(meanSec >= 0) || Double.isInfinite(meanSec)) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "meanSec (%s) should be finite and not negative", meanSec));
      }
      Objects.requireNonNull(p50, "p50");
      Objects.requireNonNull(p99, "p99");
    }
  }

  /**
   * The bounds of the histogram bucket a quantile lies in, in seconds: the previous bucket's upper bound (0 for the
   * first bucket) and this bucket's ({@code le}); {@code +∞} when the quantile is in the last, unbounded bucket
   * (only "above the highest finite bound" is known). Immutable.
   *
   * @param lowerSec the lower bound, finite, not negative
   * @param upperSec the upper bound, at least {@code lowerSec}; {@code +∞} for the last bucket
   */
  public record BucketRange(double lowerSec, double upperSec) {
    /** @throws IllegalArgumentException if a bound is NaN or negative, the lower is infinite or above the upper */
    public BucketRange {
      if (!(lowerSec >= 0) || Double.isInfinite(lowerSec) || !(upperSec >= lowerSec)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "bucket [%s, %s] should have 0 <= lowerSec <= upperSec and a finite lowerSec", lowerSec, upperSec));
      }
    }

    /** Whether the bucket has a finite upper bound (it is not the last one). */
    public boolean hasUpper() {
      return Double.isFinite(upperSec);
    }

    /**
     * {@code "[0.5, 0.8]"}, the bounds as the server's {@code le} labels give them (shortest form), {@code "> 10"}
     * for the last bucket.
     */
    public String describe() {
      return hasUpper() ? "[" + shortest(lowerSec) + ", " + shortest(upperSec) + "]" : "> " + shortest(lowerSec);
    }

    private static String shortest(double v) {
      return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
          : new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
  }

  /**
   * Whether and where the engine scrapes the target's Prometheus metrics while each step runs (vLLM serves them at
   * {@code /metrics}), so a step can report the server's own queue, KV cache use, preemptions and latencies beside
   * the client's. A server without metrics is noted once and costs nothing more. Immutable.
   *
   * @param enabled whether to scrape (on by default)
   * @param url where, when not {@code <baseUrl>/metrics}
   * @param interval how often, during a step (1 s by default)
   */
  public record Settings(boolean enabled, Optional<String> url, Duration interval) {
    /** On, at {@code <baseUrl>/metrics}, every second. */
    public static final Settings DEFAULT =
        new Settings(true, Optional.empty(), Duration.ofSeconds(1));
    /** Off. */
    public static final Settings OFF = new Settings(false, Optional.empty(),
        Duration.ofSeconds(1));

    /** @throws IllegalArgumentException if the interval is not positive or the URL is not http(s) */
    public Settings {
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
    public static Settings at(String url) {
      return new Settings(true, Optional.of(url), DEFAULT.interval());
    }

    /** The URL to scrape for a target at {@code baseUrl}. */
    public String urlFor(String baseUrl) {
      return url.orElse(baseUrl + "/metrics");
    }
  }
}
