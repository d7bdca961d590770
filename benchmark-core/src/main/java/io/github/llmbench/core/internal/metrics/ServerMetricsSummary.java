package io.github.llmbench.core.internal.metrics;

import io.github.llmbench.api.ServerMetrics;
import io.github.llmbench.api.ServerMetrics.LatencyEstimate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns one step's scrapes into {@link ServerMetrics}: gauges as the most seen and the time-weighted mean,
 * counters and histograms as their increase over the window (resets counted from 0), latency percentiles
 * as the bucket of the histograms' increases they lie in. Only vLLM's names are read (the {@code _total} suffix of
 * counters is optional, and the pre-0.10 {@code vllm:gpu_cache_usage_perc} stands in for
 * {@code vllm:kv_cache_usage_perc}). Pure: no I/O, no clock.
 */
public final class ServerMetricsSummary {
  static final String RUNNING = "vllm:num_requests_running";
  static final String WAITING = "vllm:num_requests_waiting";
  static final String KV_CACHE = "vllm:kv_cache_usage_perc";
  static final String GPU_CACHE = "vllm:gpu_cache_usage_perc";
  static final String PREEMPTIONS = "vllm:num_preemptions";
  static final String PROMPT_TOKENS = "vllm:prompt_tokens";
  static final String GENERATION_TOKENS = "vllm:generation_tokens";
  static final String REQUEST_SUCCESS = "vllm:request_success";
  static final String PREFIX_CACHE_QUERIES = "vllm:prefix_cache_queries";
  static final String PREFIX_CACHE_HITS = "vllm:prefix_cache_hits";
  static final String QUEUE_TIME = "vllm:request_queue_time_seconds";
  static final String TTFT = "vllm:time_to_first_token_seconds";
  static final String E2E = "vllm:e2e_request_latency_seconds";

  private ServerMetricsSummary() {}

  /** @return the summary of {@code window}, empty if it holds no scrape */
  public static Optional<ServerMetrics> of(ScrapeWindow window) {
    List<MetricsScrape> scrapes = window.scrapes();
    if (scrapes.isEmpty()) {
      return Optional.empty();
    }
    @Nullable String model = window.model();
    long[] times = new long[scrapes.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = scrapes.get(i).monotonicNanos();
    }
    List<OptionalDouble> running = values(scrapes, e -> e.sum(RUNNING, model));
    List<OptionalDouble> waiting = values(scrapes, e -> e.sum(WAITING, model));
    List<OptionalDouble> kv = values(scrapes, e -> {
      OptionalDouble v = e.mean(KV_CACHE, model);
      return v.isPresent() ? v : e.mean(GPU_CACHE, model);
    });
    return Optional.of(new ServerMetrics(
        window.source(),
        scrapes.size(),
        Duration.ofNanos(Math.max(0, times[times.length - 1] - times[0])),
        max(running), timeWeightedMean(times, running),
        max(waiting), timeWeightedMean(times, waiting),
        max(kv), timeWeightedMean(times, kv),
        rounded(increase(values(scrapes, e -> counter(e, PREEMPTIONS, model)))),
        rounded(increase(values(scrapes, e -> counter(e, PROMPT_TOKENS, model)))),
        rounded(increase(values(scrapes, e -> counter(e, GENERATION_TOKENS, model)))),
        rounded(increase(values(scrapes, e -> counter(e, REQUEST_SUCCESS, model)))),
        rounded(increase(values(scrapes, e -> counter(e, PREFIX_CACHE_QUERIES, model)))),
        rounded(increase(values(scrapes, e -> counter(e, PREFIX_CACHE_HITS, model)))),
        latency(scrapes, QUEUE_TIME, model),
        latency(scrapes, TTFT, model),
        latency(scrapes, E2E, model)));
  }

  /** A counter by its name with {@code _total} (the text format's convention) or without it. */
  private static OptionalDouble counter(PrometheusExposition e, String name, @Nullable String model) {
    OptionalDouble total = e.sum(name + "_total", model);
    return total.isPresent() ? total : e.sum(name, model);
  }

  private static List<OptionalDouble> values(List<MetricsScrape> scrapes,
      Function<PrometheusExposition, OptionalDouble> read) {
    List<OptionalDouble> values = new ArrayList<>(scrapes.size());
    for (MetricsScrape s : scrapes) {
      values.add(read.apply(s.exposition()));
    }
    return values;
  }

  static OptionalDouble max(List<OptionalDouble> values) {
    return values.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).max();
  }

  /**
   * Each reading holds until the next scrape; the last reading only counts when it is the only one (or all
   * readings share one instant), then the mean is the plain mean.
   */
  static OptionalDouble timeWeightedMean(long[] times, List<OptionalDouble> values) {
    double weighted = 0;
    long weightNanos = 0;
    for (int i = 0; i + 1 < values.size(); i++) {
      if (values.get(i).isPresent()) {
        long dt = times[i + 1] - times[i];
        weighted += values.get(i).getAsDouble() * dt;
        weightNanos += dt;
      }
    }
    if (weightNanos > 0) {
      return OptionalDouble.of(weighted / weightNanos);
    }
    return values.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).average();
  }

  /**
   * The increase of a counter over consecutive scrapes where it was present in both; a decrease is a reset, after
   * which the counter counted from 0. Empty if no two consecutive scrapes had it.
   */
  static OptionalDouble increase(List<OptionalDouble> values) {
    double total = 0;
    boolean any = false;
    for (int i = 0; i + 1 < values.size(); i++) {
      OptionalDouble a = values.get(i);
      OptionalDouble b = values.get(i + 1);
      if (a.isPresent() && b.isPresent()) {
        double delta = b.getAsDouble() - a.getAsDouble();
        total += delta >= 0 ? delta : b.getAsDouble();
        any = true;
      }
    }
    return any ? OptionalDouble.of(total) : OptionalDouble.empty();
  }

  private static OptionalLong rounded(OptionalDouble value) {
    return value.isPresent() && Double.isFinite(value.getAsDouble())
        ? OptionalLong.of(Math.max(0, Math.round(value.getAsDouble()))) : OptionalLong.empty();
  }

  /** Mean, and the buckets of p50 and p99, of the histogram's increase; empty without two scrapes of it or without observations. */
  static Optional<LatencyEstimate> latency(List<MetricsScrape> scrapes, String family, @Nullable String model) {
    HistogramSnapshot total = null;
    HistogramSnapshot previous = null;
    for (MetricsScrape s : scrapes) {
      Optional<HistogramSnapshot> current = s.exposition().histogram(family, model);
      if (previous != null && current.isPresent()) {
        Optional<HistogramSnapshot> delta = current.get().increaseSince(previous);
        if (delta.isEmpty()) {
          return Optional.empty(); // the bucket bounds changed: the increase cannot be told
        }
        total = total == null ? delta.get() : total.plus(delta.get());
      }
      previous = current.orElse(null);
    }
    if (total == null || !(total.count() >= 1) || Double.isNaN(total.sum())) {
      return Optional.empty();
    }
    Optional<ServerMetrics.BucketRange> p50 = total.quantileBucket(0.50);
    Optional<ServerMetrics.BucketRange> p99 = total.quantileBucket(0.99);
    if (p50.isEmpty() || p99.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new LatencyEstimate(Math.round(total.count()), Math.max(0, total.sum() / total.count()),
        p50.get(), p99.get()));
  }
}
