package io.github.llmbench.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The simulator's Prometheus metrics, with vLLM's names, help texts, label sets and bucket boundaries (vLLM 0.11,
 * {@code vllm/v1/metrics/loggers.py}), rendered in the text exposition format 0.0.4 the way
 * {@code prometheus_client} writes it: labels sorted by name, values as floats, counters with {@code _total}.
 *
 * <p>Counters and histograms count from the server's start and are never reset (like a real server; the
 * statistics reset does not touch them). Times are seconds on the simulator's own {@link System#nanoTime()} clock,
 * as elapsed: {@code timeScale} shortens them and they are not scaled back. Thread-safe: the engine thread records,
 * connection threads render.
 */
public final class VllmMetrics {
  /** vLLM's {@code request_latency_buckets}: e2e and queue-time histograms. */
  static final double[] REQUEST_LATENCY_BUCKETS_SEC = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0,
      30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};
  /** vLLM's time-to-first-token buckets. */
  static final double[] TTFT_BUCKETS_SEC = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0,
      2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
  /** vLLM's FinishReason values, each exposed (at 0 until it happens) as vLLM does. */
  private static final String[] FINISH_REASONS = {"abort", "error", "length", "stop"};
  private static final int LENGTH = 2;
  /** The content type vLLM's /metrics answers with. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final String labels; // engine="0",model_name="..." (sorted, escaped)
  private final String engineLabel;
  private final String modelLabel;
  private long preemptions;
  private long promptTokens;
  private long generationTokens;
  private long prefixCacheQueries;
  private long prefixCacheHits;
  private final long[] successByReason = new long[FINISH_REASONS.length];
  private final Histogram queueTime = new Histogram(REQUEST_LATENCY_BUCKETS_SEC);
  private final Histogram ttft = new Histogram(TTFT_BUCKETS_SEC);
  private final Histogram e2e = new Histogram(REQUEST_LATENCY_BUCKETS_SEC);

  /** @param model the served model name, the {@code model_name} label of every series */
  public VllmMetrics(String model) {
    this.engineLabel = "engine=\"0\"";
    this.modelLabel = "model_name=\"" + escape(model) + "\"";
    this.labels = engineLabel + "," + modelLabel;
  }

  /** The engine preempted {@code count} sequences. */
  synchronized void preempted(int count) {
    preemptions += count;
  }

  /** One engine step produced {@code generated} tokens; {@code prefilled} prompt tokens got their first token. */
  synchronized void step(long generated, long prefilled) {
    generationTokens += generated;
    promptTokens += prefilled;
  }

  /** A prompt of {@code queried} tokens was looked up in the prefix cache, which held {@code hit} of them. */
  synchronized void prefixCache(long queried, long hit) {
    prefixCacheQueries += queried;
    prefixCacheHits += hit;
  }

  /** A sequence produced its first token {@code ttftNanos} after it arrived. */
  synchronized void firstToken(long ttftNanos) {
    ttft.observe(ttftNanos / 1e9);
  }

  /** A sequence finished by reaching its token limit ({@code finished_reason="length"}). */
  synchronized void finished(long queueNanos, long e2eNanos) {
    successByReason[LENGTH]++;
    queueTime.observe(queueNanos / 1e9);
    e2e.observe(e2eNanos / 1e9);
  }

  /** @return the whole exposition, given the engine's gauges at this moment */
  public byte[] render(int running, int waiting, double kvCacheUsage) {
    StringBuilder out = new StringBuilder(8192);
    synchronized (this) {
      gauge(out, "vllm:num_requests_running", "Number of requests in model execution batches.", running);
      gauge(out, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", waiting);
      gauge(out, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", kvCacheUsage);
      counter(out, "vllm:num_preemptions_total", "Cumulative number of preemption from the engine.", preemptions);
      counter(out, "vllm:prompt_tokens_total", "Number of prefill tokens processed.", promptTokens);
      counter(out, "vllm:generation_tokens_total", "Number of generation tokens processed.", generationTokens);
      counter(out, "vllm:prefix_cache_queries_total", "Prefix cache queries, in terms of number of queried tokens.",
          prefixCacheQueries);
      counter(out, "vllm:prefix_cache_hits_total", "Prefix cache hits, in terms of number of cached tokens.",
          prefixCacheHits);
      header(out, "vllm:request_success_total", "Count of successfully processed requests.", "counter");
      for (int i = 0; i < FINISH_REASONS.length; i++) {
        out.append("vllm:request_success_total{").append(engineLabel).append(",finished_reason=\"")
            .append(FINISH_REASONS[i]).append("\",").append(modelLabel).append("} ")
            .append(number(successByReason[i])).append('\n');
      }
      histogram(out, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", ttft);
      histogram(out, "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", e2e);
      histogram(out, "vllm:request_queue_time_seconds", "Histogram of time spent in WAITING phase for request.",
          queueTime);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void gauge(StringBuilder out, String name, String help, double value) {
    header(out, name, help, "gauge");
    out.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
  }

  private void counter(StringBuilder out, String name, String help, long value) {
    header(out, name, help, "counter");
    out.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
  }

  private void histogram(StringBuilder out, String name, String help, Histogram h) {
    header(out, name, help, "histogram");
    long cumulative = 0;
    for (int i = 0; i <= h.upperBounds.length; i++) {
      cumulative += h.counts[i];
      String le = i < h.upperBounds.length ? number(h.upperBounds[i]) : "+Inf";
      out.append(name).append("_bucket{").append(engineLabel).append(",le=\"").append(le).append("\",")
          .append(modelLabel).append("} ").append(number(cumulative)).append('\n');
    }
    out.append(name).append("_count{").append(labels).append("} ").append(number(cumulative)).append('\n');
    out.append(name).append("_sum{").append(labels).append("} ").append(number(h.sum)).append('\n');
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** Python's float repr for the values we write: {@code 3.0}, {@code 0.25}, {@code 1e-05}. */
  private static String number(double value) {
    return Double.toString(value).replace("E", "e").toLowerCase(Locale.ROOT);
  }

  /** Label value escaping of the text format: backslash, double quote and line feed. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** Non-cumulative bucket counts; rendered cumulatively like Prometheus. */
  private static final class Histogram {
    final double[] upperBounds;
    final long[] counts;
    double sum;

    Histogram(double[] upperBounds) {
      this.upperBounds = upperBounds;
      this.counts = new long[upperBounds.length + 1];
    }

    void observe(double value) {
      int i = 0;
      while (i < upperBounds.length && value > upperBounds[i]) {
        i++;
      }
      counts[i]++;
      sum += value;
    }
  }
}
