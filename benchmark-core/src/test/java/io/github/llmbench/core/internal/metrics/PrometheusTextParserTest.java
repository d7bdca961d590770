package io.github.llmbench.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.ServerMetrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusTextParserTest {
  static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";

  static String resource(String name) throws IOException {
    try (InputStream in = PrometheusTextParserTest.class.getResourceAsStream("/metrics/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsVllmsExposition() throws IOException {
    PrometheusExposition e = PrometheusTextParser.parse(resource("vllm-0.11-metrics.txt"));

    assertThat(e.types()).containsEntry("vllm:num_requests_running", MetricType.GAUGE)
        .containsEntry("vllm:num_preemptions_total", MetricType.COUNTER)
        .containsEntry("vllm:num_preemptions_created", MetricType.GAUGE)
        .containsEntry("vllm:e2e_request_latency_seconds", MetricType.HISTOGRAM);
    assertThat(e.help()).containsEntry("vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.");
    assertThat(e.sum("vllm:num_requests_running", MODEL)).hasValue(57.0);
    assertThat(e.sum("vllm:num_requests_waiting", MODEL)).hasValue(12.0);
    assertThat(e.mean("vllm:kv_cache_usage_perc", MODEL)).hasValue(0.9731206804390298);
    assertThat(e.sum("vllm:num_preemptions_created", MODEL)).hasValue(1.7588512053513298e9);
    assertThat(e.sum("vllm:request_success_total", MODEL)).hasValue(1440.0); // 310 stop + 1130 length
    assertThat(e.sum("process_resident_memory_bytes", null)).hasValue(1.318862848e9);
    assertThat(e.sum("vllm:num_requests_running", "another/model")).isEmpty();
    assertThat(e.sum("vllm:no_such_metric", MODEL)).isEmpty();

    HistogramSnapshot e2e = e.histogram("vllm:e2e_request_latency_seconds", MODEL).orElseThrow();
    assertThat(e2e.count()).isEqualTo(1440.0);
    assertThat(e2e.sum()).isEqualTo(4630.912374973297);
    assertThat(e2e.cumulativeByUpperBound()).hasSize(22).containsEntry(2.5, 301.0).containsEntry(5.0, 1288.0)
        .containsEntry(Double.POSITIVE_INFINITY, 1440.0);
    // Rank 720 lies in (2.5, 5.0]: 301 observations at or below 2.5, 1288 at or below 5. That is all the histogram
    // says (histogram_quantile's 3.561 is a linear guess inside the bucket).
    assertThat(e2e.quantileBucket(0.5)).hasValue(new ServerMetrics.BucketRange(2.5, 5.0));
    assertThat(e2e.quantileBucket(0.5).orElseThrow().describe()).isEqualTo("[2.5, 5]");
    // Rank 1425.6 lies in (5, 10].
    assertThat(e2e.quantileBucket(0.99)).hasValue(new ServerMetrics.BucketRange(5.0, 10.0));
    assertThat(e.histogram("vllm:time_to_first_token_seconds", MODEL).orElseThrow().cumulativeByUpperBound())
        .hasSize(23).containsEntry(2560.0, 1440.0);
  }

  @Test
  void unescapesLabelValuesAndHelp() {
    PrometheusExposition e = PrometheusTextParser.parse(
        "# HELP m A \\\\ back\\nslash\n# TYPE m gauge\nm{a=\"x\\\"y\\\\z\\nw\",b=\"\",} 1\n");
    PrometheusSample s = e.samples().get(0);
    assertThat(s.labels()).containsExactly(Map.entry("a", "x\"y\\z\nw"), Map.entry("b", ""));
    assertThat(e.help()).containsEntry("m", "A \\ back\nslash");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "+Inf | Infinity", "-Inf | -Infinity", "inf | Infinity", "NaN | NaN", "1.5e+09 | 1.5E9", "-0.25 | -0.25",
      "7 | 7.0", ".5 | 0.5", "3E-3 | 0.003"})
  void readsGoFloats(String written, double expected) {
    assertThat(Double.valueOf(PrometheusTextParser.parse("m " + written + "\n").samples().get(0).value()))
        .isEqualTo(Double.valueOf(expected));
  }

  @Test
  void acceptsTimestampsBlanksCommentsAndCrLf() {
    PrometheusExposition e = PrometheusTextParser.parse(
        "# just a comment\r\n\n  m{ a = \"1\" }   2   1700000000000\r\nn 3\n");
    assertThat(e.samples()).extracting(PrometheusSample::name, PrometheusSample::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("m", 2.0), org.assertj.core.groups.Tuple.tuple("n", 3.0));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "m 1.0f                                 | line 1: '1.0f' is not a number",
      "m                                      | line 1: sample m has no value",
      "m{a=\"x\\t\"} 1                         | line 1: invalid escape '\\t' in a label value",
      "m{a=\"x} 1                             | line 1: unterminated label value",
      "m{a=x} 1                               | line 1: expected '\"'",
      "m{a=\"1\",a=\"2\"} 1                    | line 1: label a appears twice",
      "m{a=\"1\" b=\"2\"} 1                    | line 1: expected ',' or '}' after label a",
      "m 1 12x                                | line 1: '12x' is not a timestamp",
      "m 1 2 3                                | line 1: unexpected text after the timestamp",
      "1m 1                                   | line 1: invalid metric name",
      "<!DOCTYPE html>                        | line 1: invalid metric name",
      "{\"object\":\"list\"}                  | line 1: invalid metric name",
      "# TYPE m gauges                        | line 1: unknown metric type 'gauges' for m",
  })
  void rejectsWhatIsNotTheTextFormat(String text, String message) {
    assertThatThrownBy(() -> PrometheusTextParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message.strip());
  }

  @Test
  void rejectsBrokenStructure() {
    assertThatThrownBy(() -> PrometheusTextParser.parse("m{a=\"1\",b=\"2\"} 1\nm{b=\"2\",a=\"1\"} 2\n"))
        .hasMessage("line 2: series m{b=2, a=1} appears twice");
    assertThatThrownBy(() -> PrometheusTextParser.parse("m 1\n# TYPE m gauge\n"))
        .hasMessage("line 2: # TYPE for m after its samples");
    assertThatThrownBy(() -> PrometheusTextParser.parse("# TYPE m gauge\n# TYPE m counter\n"))
        .hasMessage("line 2: second # TYPE for m");
    assertThatThrownBy(() -> PrometheusTextParser.parse("# TYPE h histogram\nh 1\n"))
        .hasMessage("line 2: histogram h has a sample without _bucket, _sum or _count");
    assertThatThrownBy(() -> PrometheusTextParser.parse("# TYPE h histogram\nh_bucket{x=\"1\"} 1\n"))
        .hasMessage("line 2: h_bucket needs an 'le' label that is a number, got null");
    assertThatThrownBy(() -> PrometheusTextParser.parse("# TYPE s summary\ns_bucket{le=\"1\"} 1\n"))
        .hasMessage("line 2: summary s cannot have a _bucket sample");
  }

  @Test
  void matchesSeriesByModelAndAddsEngines() {
    PrometheusExposition e = PrometheusTextParser.parse(String.join("\n",
        "vllm:num_requests_running{engine=\"0\",model_name=\"a\"} 2",
        "vllm:num_requests_running{engine=\"1\",model_name=\"a\"} 3",
        "vllm:num_requests_running{engine=\"0\",model_name=\"b\"} 7",
        "vllm:kv_cache_usage_perc{engine=\"0\",model_name=\"a\"} 0.5",
        "vllm:kv_cache_usage_perc{engine=\"1\",model_name=\"a\"} 0.75",
        "unlabelled 4",
        ""));
    assertThat(e.sum("vllm:num_requests_running", "a")).hasValue(5.0);
    assertThat(e.sum("vllm:num_requests_running", "b")).hasValue(7.0);
    assertThat(e.sum("vllm:num_requests_running", null)).as("two models and no target: a guess").isEmpty();
    assertThat(e.mean("vllm:kv_cache_usage_perc", "a")).hasValue(0.625);
    assertThat(e.mean("vllm:kv_cache_usage_perc", null)).hasValue(0.625); // only one model has it
    assertThat(e.sum("unlabelled", "a")).as("a server that does not label by model").hasValue(4.0);
  }
}
