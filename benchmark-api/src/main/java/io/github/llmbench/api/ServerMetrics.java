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
   * ({@code _sum} / {@code _count} increases); the percentiles are estimates, interpolated linearly inside the
   * bucket that holds them as Prometheus' {@code histogram_quantile} does, so they are only as fine as the server's
   * buckets (vLLM's e2e buckets: 0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10 s, ...). A percentile in the last, unbounded
   * bucket is reported as the highest finite bound. Immutable.
   *
   * @param count observations in the window, at least 1
   * @param meanSec mean in seconds
   * @param p50EstimatedSec estimated median in seconds
   * @param p99EstimatedSec estimated 99th percentile in seconds
   */
  public record LatencyEstimate(long count, double meanSec, double p50EstimatedSec, double p99EstimatedSec) {
    /** @throws IllegalArgumentException if {@code count} is not positive or a time is negative or not finite */
    public LatencyEstimate {
      if (count < 1) {
        throw new IllegalArgumentException("count (" + count + ") should be positive");
      }
      seconds("meanSec", meanSec);
      seconds("p50EstimatedSec", p50EstimatedSec);
      seconds("p99EstimatedSec", p99EstimatedSec);
    }

    private static void seconds(String field, double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "%s (%s) should be finite and not negative", field, value));
      }
    }
  }
}
