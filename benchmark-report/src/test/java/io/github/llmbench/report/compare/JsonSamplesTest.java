package io.github.llmbench.report.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepSamples;
import io.github.llmbench.report.JsonReports;
import io.github.llmbench.report.ReportFormats;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-request samples in the result JSON: after the script's fields, read back exactly. */
class JsonSamplesTest {
  @Test
  void samplesComeAfterTheScriptsFieldsAndReadBackFromAFile(@TempDir Path dir) throws Exception {
    StepResult s = CompareFixtures.run(1, 1.0, Set.of()).step("chat_stream").orElseThrow();
    BenchmarkResult one = CompareFixtures.result("one", List.of(s));
    String json = ReportFormats.toString(one, ReportFormats.json());

    int status = json.indexOf("\"status\": ");
    int samples = json.indexOf("\"samples\": {");
    assertThat(status).isPositive();
    assertThat(samples).isGreaterThan(status);
    assertThat(json.indexOf("\"goodput\"")).isEqualTo(-1);
    assertThat(json).contains("\"latency_nanos\": [\n          " + s.statistics().measured().samples().orElseThrow()
        .latencyNanos()[0] + ",\n");

    Path file = dir.resolve("run.json");
    Files.writeString(file, json);
    BenchmarkResult back = JsonReports.read(file);
    StepSamples read = back.steps().get(0).statistics().measured().samples().orElseThrow();
    assertThat(read).isEqualTo(s.statistics().measured().samples().orElseThrow());
    assertThat(read.ttftNanos()).hasSize(120);
    assertThat(read.outputTokens()).hasSize(120);
  }

  @Test
  void aStepWithoutSamplesWritesNoSamplesKey() {
    StepResult s = CompareFixtures.withoutSamples(CompareFixtures.run(1, 1.0, Set.of()).steps().get(1));
    String json = ReportFormats.toString(CompareFixtures.result("one", List.of(s)), ReportFormats.json());
    assertThat(json).doesNotContain("samples");
  }

  @Test
  void aBadSampleNamesItsPath() throws Exception {
    String json = "{\"results\": [{\"phase\": \"P\", \"test_name\": \"s\", \"test_type\": \"text\", "
        + "\"concurrency\": 1, \"num_requests\": 1, \"successful\": 1, \"failed\": 0, \"success_rate\": 1.0, "
        + "\"duration_sec\": 1.0, \"latency_p50\": 1.0, \"latency_p95\": 1.0, \"latency_p99\": 1.0, "
        + "\"throughput_total\": 1.0, \"throughput_output\": 1.0, \"status\": \"OK\", "
        + "\"samples\": {\"latency_nanos\": [1000, \"x\"]}}]}";
    assertThatThrownBy(() -> JsonReports.read(new StringReader(json)))
        .hasMessageContaining("results[0].samples.latency_nanos[1] (\"x\") should be an integer");
    String negative = json.replace("[1000, \"x\"]", "[1000, -5]");
    assertThatThrownBy(() -> JsonReports.read(new StringReader(negative)))
        .hasMessageContaining("results[0].samples: latencyNanos[1] (-5) should not be negative");
    String scriptOnly = json.replace(", \"samples\": {\"latency_nanos\": [1000, \"x\"]}", "");
    assertThat(read(scriptOnly).steps().get(0).statistics().measured().samples()).isEqualTo(Optional.empty());
  }

  private static BenchmarkResult read(String json) throws Exception {
    return JsonReports.read(new StringReader(json));
  }
}
