package io.github.llmbench.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.ServerMetrics;
import io.github.llmbench.api.ServerMetrics.LatencyEstimate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ServerMetricsSummaryTest {
  static final String M = "model_name=\"m\"";

  /** A vLLM-like exposition with an e2e histogram of bounds 1, 2, +Inf. */
  static String body(double running, double waiting, double kv, double preemptions, double tokens,
      double[] e2eCumulative, double e2eSum) {
    return String.format(Locale.ROOT, String.join("\n",
        "# TYPE vllm:num_requests_running gauge",
        "vllm:num_requests_running{%1$s} %2$s",
        "vllm:num_requests_waiting{%1$s} %3$s",
        "vllm:kv_cache_usage_perc{%1$s} %4$s",
        "# TYPE vllm:num_preemptions_total counter",
        "vllm:num_preemptions_total{%1$s} %5$s",
        "vllm:generation_tokens_total{%1$s} %6$s",
        "# TYPE vllm:e2e_request_latency_seconds histogram",
        "vllm:e2e_request_latency_seconds_bucket{le=\"1.0\",%1$s} %7$s",
        "vllm:e2e_request_latency_seconds_bucket{le=\"2.0\",%1$s} %8$s",
        "vllm:e2e_request_latency_seconds_bucket{le=\"+Inf\",%1$s} %9$s",
        "vllm:e2e_request_latency_seconds_count{%1$s} %9$s",
        "vllm:e2e_request_latency_seconds_sum{%1$s} %10$s", ""),
        M, running, waiting, kv, preemptions, tokens, e2eCumulative[0], e2eCumulative[1], e2eCumulative[2], e2eSum);
  }

  static MetricsScrape at(long millis, String body) {
    return new MetricsScrape(Duration.ofMillis(millis).toNanos(), PrometheusTextParser.parse(body));
  }

  static ServerMetrics summarize(MetricsScrape... scrapes) {
    return new ScrapeWindow("step", "http://h/metrics", "m", List.of(scrapes)).summary().orElseThrow();
  }

  @Test
  void gaugesGiveTheMaxAndTheTimeWeightedMean() {
    double[] h = {0, 0, 0};
    ServerMetrics s = summarize(
        at(0, body(10, 0, 0.5, 0, 0, h, 0)),
        at(1000, body(20, 5, 0.9, 0, 0, h, 0)),   // held for 3 s
        at(4000, body(0, 0, 0.1, 0, 0, h, 0)));   // the last reading has no duration

    assertThat(s.scrapes()).isEqualTo(3);
    assertThat(s.window()).isEqualTo(Duration.ofSeconds(4));
    assertThat(s.runningRequestsMax()).hasValue(20.0);
    assertThat(s.runningRequestsMean()).hasValueCloseTo((10 * 1 + 20 * 3) / 4.0, within(1e-12));
    assertThat(s.waitingRequestsMax()).hasValue(5.0);
    assertThat(s.waitingRequestsMean()).hasValueCloseTo(15 / 4.0, within(1e-12));
    assertThat(s.kvCacheUsageMaxFraction()).hasValue(0.9);
    assertThat(s.kvCacheUsageMeanFraction()).hasValueCloseTo((0.5 + 0.9 * 3) / 4, within(1e-12));
  }

  @Test
  void countersAndHistogramsGiveTheirIncreaseAcrossAReset() {
    ServerMetrics s = summarize(
        at(0, body(0, 0, 0, 100, 5000, new double[] {10, 20, 20}, 25)),
        at(1000, body(0, 0, 0, 103, 5600, new double[] {14, 30, 30}, 40)),
        // The server restarted: counters count from 0 again.
        at(2000, body(0, 0, 0, 2, 300, new double[] {1, 4, 5}, 9)));

    assertThat(s.preemptions()).hasValue(3 + 2);
    assertThat(s.generationTokens()).hasValue(600 + 300);
    assertThat(s.promptTokens()).as("not exposed: absent, not 0").isEmpty();
    assertThat(s.succeededRequests()).isEmpty();
    assertThat(s.queueTime()).isEmpty();
    LatencyEstimate e2e = s.endToEnd().orElseThrow();
    // Increase: buckets (4, 10, 10) then (1, 4, 5): (5, 14, 15); sum 15 + 9.
    assertThat(e2e.count()).isEqualTo(15);
    assertThat(e2e.meanSec()).isCloseTo(24 / 15.0, within(1e-12));
    // p50: rank 7.5 in (1, 2].  p99: rank 14.85 in (2, +Inf]: only "above 2 s" is known.
    assertThat(e2e.p50()).isEqualTo(new ServerMetrics.BucketRange(1, 2));
    assertThat(e2e.p99()).isEqualTo(new ServerMetrics.BucketRange(2, Double.POSITIVE_INFINITY));
    assertThat(e2e.p99().hasUpper()).isFalse();
    assertThat(e2e.p99().describe()).isEqualTo("> 2");
  }

  @Test
  void oneScrapeGivesGaugesButNoIncrease() {
    ServerMetrics s = summarize(at(0, body(3, 1, 0.25, 7, 70, new double[] {1, 1, 1}, 0.5)));
    assertThat(s.window()).isZero();
    assertThat(s.runningRequestsMax()).hasValue(3.0);
    assertThat(s.runningRequestsMean()).hasValue(3.0);
    assertThat(s.preemptions()).isEmpty();
    assertThat(s.endToEnd()).isEmpty();
  }

  @Test
  void noObservationInTheWindowLeavesTheLatencyAbsent() {
    double[] h = {2, 3, 3};
    ServerMetrics s = summarize(at(0, body(0, 0, 0, 0, 0, h, 4)), at(1000, body(0, 0, 0, 0, 0, h, 4)));
    assertThat(s.endToEnd()).isEmpty();
    assertThat(s.preemptions()).hasValue(0);
  }

  @Test
  void aServerWithOtherNamesGivesOnlyAbsentFigures() {
    ServerMetrics s = summarize(at(0, "sglang:num_running_reqs{model_name=\"m\"} 4\n"),
        at(1000, "sglang:num_running_reqs{model_name=\"m\"} 5\n"));
    assertThat(s.runningRequestsMax()).isEmpty();
    assertThat(s.kvCacheUsageMaxFraction()).isEmpty();
    assertThat(s.generationTokens()).isEmpty();
    assertThat(s.reasonFragment()).isEmpty();
  }

  @Test
  void olderVllmNamesAreRead() {
    ServerMetrics s = summarize(at(0, "vllm:gpu_cache_usage_perc{model_name=\"m\"} 0.4\n"
        + "vllm:num_preemptions{model_name=\"m\"} 1\n"), at(1000, "vllm:gpu_cache_usage_perc{model_name=\"m\"} 0.6\n"
        + "vllm:num_preemptions{model_name=\"m\"} 4\n"));
    assertThat(s.kvCacheUsageMaxFraction()).hasValue(0.6);
    assertThat(s.preemptions()).hasValue(3);
  }

  @Test
  void anUndeclaredHistogramWithABadBoundIsAbsentNotAnError() {
    String bad = "vllm:e2e_request_latency_seconds_bucket{le=\"soon\",model_name=\"m\"} 1\n";
    ServerMetrics s = summarize(at(0, bad), at(1000, bad));
    assertThat(s.endToEnd()).isEmpty();
  }

  @Test
  void anEmptyWindowHasNoSummary() {
    assertThat(new ScrapeWindow("step", "http://h/metrics", "m", new ArrayList<>()).summary()).isEmpty();
  }

  @Test
  void theReasonFragmentNamesQueueKvCacheAndPreemptions() {
    ServerMetrics s = summarize(at(0, body(64, 0, 0.5, 0, 0, new double[] {0, 0, 0}, 0)),
        at(1000, body(64, 57, 0.968, 12, 0, new double[] {0, 0, 0}, 0)));
    assertThat(s.reasonFragment()).isEqualTo("server queue reached 57 waiting, KV cache 97 %, 12 preemptions");
    ServerMetrics calm = summarize(at(0, body(1, 0, 0.02, 0, 0, new double[] {0, 0, 0}, 0)));
    assertThat(calm.reasonFragment()).isEqualTo("server queue empty, KV cache 2 %");
  }
}
