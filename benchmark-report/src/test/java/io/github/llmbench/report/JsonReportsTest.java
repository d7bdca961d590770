package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.TestType;
import io.github.llmbench.api.Verdict;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportsTest {
  @TempDir Path dir;

  @Test
  void roundTripThroughAFileLosesNothing() throws Exception {
    BenchmarkResult original = Fixtures.unifiedRun();
    Path file = ReportWriter.writeJson(original, dir, "benchmark_20250102_030405");
    BenchmarkResult read = JsonReports.read(file);
    assertThat(read).isEqualTo(original);
    assertThat(read.phase("SCALING").orElseThrow().stopReason()).isEqualTo("scale_50 was SATURATED");
    // Writing what was read gives the same bytes.
    assertThat(ReportFormats.toString(read, ReportFormats.json())).isEqualTo(Files.readString(file));
  }

  @Test
  void gammaArrivalsAndARampRoundTripAndABadShapeIsNamed() throws Exception {
    OpenLoopStatistics open = new OpenLoopStatistics(Load.Arrival.GAMMA, 0.5, 40, Optional.of(
        Load.Ramp.exponential(5, Duration.ofMillis(30_250))), 0, 38.5, LatencySummary.EMPTY);
    StepResult step = Fixtures.step("P", "rate_40", 0, 10, 10, 0.1, 0.2, 0.3, 0.3, 100, 200, 1.0,
        LatencySummary.EMPTY, Map.of(), Status.OK, "ok");
    step = new StepResult(step.phase(), step.testName(), step.testType(), 0, step.statistics().withExtras(
        Optional.empty(), Optional.of(open), Optional.empty()), step.verdict(), step.measurement());
    BenchmarkResult original = new BenchmarkResult("ramp", "http://h:1", "m", Map.of(), Map.of(),
        Instant.parse("2026-12-08T03:00:00Z"), Instant.parse("2026-12-08T03:01:00Z"),
        List.of(new BenchmarkResult.PhaseResult("P", List.of(step), "")), BenchmarkResult.AbortReason.of(""), 0,
        Optional.empty());
    String json = ReportFormats.toString(original, ReportFormats.json());
    assertThat(json).contains("\"arrival\": \"gamma\",", "\"burstiness\": 0.5,",
        "\"ramp\": {", "\"shape\": \"exponential\",",
        "\"from_rate\": 5.0,", "\"over_sec\": 30.25");
    BenchmarkResult read = JsonReports.read(new StringReader(json));
    assertThat(read).isEqualTo(original);
    assertThatThrownBy(() -> JsonReports.read(new StringReader(json.replaceFirst("\"exponential\"", "\"steep\""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("results[0].open_loop.ramp.shape (\"steep\") should be \"linear\" or \"exponential\"");
  }

  @Test
  void roundTripKeepsOddValuesAndEmptyPhases() throws Exception {
    StepStatistics noResult = StepStatistics.builder().requests(4, 0, 0).successRate(0.0).durationSec(1.0)
        .scriptLatencySec(0, 0, 0).throughput(0.0, 0.0).tokens(0, 0).wallClock(0.0, 0.0, 0.0)
        .latency(LatencySummary.EMPTY).failures(Map.of()).build();
    StepStatistics odd = StepStatistics.builder().requests(3, 3, 0).successRate(1.0).durationSec(-0.0)
        .scriptLatencySec(1e-7, 5e-324, 1e300).throughput(Double.NaN, Double.POSITIVE_INFINITY)
        .tokens(Long.MAX_VALUE, 1).wallClock(2.5, 0.1, 1 / 3.0)
        .latency(new LatencySummary(3, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9))
        .failures(Map.of("http", 0)).build();
    StepResult s1 = new StepResult("A", "s1", TestType.VISION, 2, noResult, Verdict.of(Status.FAILING, ""),
        StepMeasurement.UNRECORDED);
    StepResult s2 = new StepResult("A", "s2", TestType.TEXT, 3, odd, Verdict.of(Status.OK, "fine"),
        StepMeasurement.UNRECORDED);
    BenchmarkResult original = new BenchmarkResult("odd \"name\"\n\u00e9\ud83d\ude00", "http://h:1", "m/\u4e2d",
        Map.of("k", "v|*`"), Map.of(), Instant.parse("2025-01-02T03:04:05.123456789Z"),
        Instant.parse("2025-01-02T03:04:06Z"),
        List.of(new BenchmarkResult.PhaseResult("A", List.of(s1, s2), ""),
            new BenchmarkResult.PhaseResult("A", List.of(), "never started"),
            new BenchmarkResult.PhaseResult("B", List.of(), "")),
        BenchmarkResult.AbortReason.of("interrupted"), 7, java.util.Optional.empty());
    String json = ReportFormats.toString(original, ReportFormats.json());
    assertThat(json).contains("\"duration_sec\": 1,", "\"latency_p50\": 0,", "\"throughput_total\": NaN,",
        "\"duration_sec\": -0.0,");
    assertThat(JsonReports.read(new StringReader(json))).isEqualTo(original);
  }

  @Test
  void readsAPlainScriptFile() throws Exception {
    // Exactly what the unified script writes: only "results", script fields only, Python's int quirks.
    String script = """
        {
          "results": [
            {
              "phase": "WARMUP",
              "test_name": "single",
              "test_type": "text",
              "concurrency": 1,
              "num_requests": 1,
              "successful": 1,
              "failed": 0,
              "success_rate": 1.0,
              "duration_sec": 0.51,
              "latency_p50": 0.51,
              "latency_p95": 0.51,
              "latency_p99": 0.51,
              "throughput_total": 294.11764705882354,
              "throughput_output": 98.0392156862745,
              "status": "OK"
            },
            {
              "phase": "SCALING",
              "test_name": "scale_5",
              "test_type": "text",
              "concurrency": 5,
              "num_requests": 10,
              "successful": 0,
              "failed": 10,
              "success_rate": 0.0,
              "duration_sec": 0.002,
              "latency_p50": 0,
              "latency_p95": 0,
              "latency_p99": 0,
              "throughput_total": 0.0,
              "throughput_output": 0.0,
              "status": "FAILING"
            },
            {
              "phase": "SCALING",
              "test_name": "scale_10",
              "test_type": "text",
              "concurrency": 10,
              "num_requests": 20,
              "successful": 20,
              "failed": 0,
              "success_rate": 1.0,
              "duration_sec": 2.0,
              "latency_p50": 1.0,
              "latency_p95": 1.5,
              "latency_p99": 2.0,
              "throughput_total": 100.0,
              "throughput_output": 50.0,
              "status": "OK"
            }
          ]
        }""";
    BenchmarkResult r = JsonReports.read(new StringReader(script));
    assertThat(r.phases()).extracting(BenchmarkResult.PhaseResult::name).containsExactly("WARMUP", "SCALING");
    assertThat(r.phases().get(1).steps()).extracting(StepResult::testName).containsExactly("scale_5", "scale_10");
    StepResult failed = r.step("scale_5").orElseThrow();
    assertThat(failed.status()).isEqualTo(Status.FAILING);
    assertThat(failed.verdict().reason()).isEmpty();
    assertThat(failed.latencyP99Sec()).isZero();
    assertThat(failed.statistics().measured().latency()).isEqualTo(LatencySummary.EMPTY);
    assertThat(failed.statistics().measured().failures()).isEmpty();
    assertThat(r.step("single").orElseThrow().throughputTotal()).isEqualTo(294.11764705882354);
    assertThat(r.model()).isEmpty();
    assertThat(r.startedAt()).isEqualTo(Instant.EPOCH);
    // The script's fields come out exactly as they went in.
    String rewritten = ReportFormats.toString(r, ReportFormats.json());
    assertThat(scriptFieldsOnly(rewritten)).isEqualTo(script);
  }

  /** Drops the library's keys so the result can be compared with the script's file. */
  private static String scriptFieldsOnly(String json) {
    StringBuilder out = new StringBuilder();
    boolean skipping = false;
    for (String line : json.split("\n", -1)) {
      if (line.startsWith("      \"status_reason\"")) {
        skipping = true;
        out.setLength(out.length() - 2); // the comma after "status"
        out.append('\n');
      }
      if (skipping) {
        if (line.equals("    },") || line.equals("    }")) {
          skipping = false;
        } else {
          continue;
        }
      }
      if (line.equals("  ],")) {
        out.append("  ]\n}");
        break;
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }

  @Test
  void badFieldNamesTheFileAndTheField() throws Exception {
    Path file = dir.resolve("bad.json");
    String json = ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.json())
        .replaceFirst("\"concurrency\": 5,", "\"concurrency\": \"five\",");
    Files.writeString(file, json);
    assertThatThrownBy(() -> JsonReports.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("results[2].concurrency (\"five\") should be an integer");
  }

  @Test
  void unknownStatusAndMissingFieldAreNamed() {
    assertThatThrownBy(() -> JsonReports.read(new StringReader("{\"results\": [{\"phase\": \"A\"}]}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("results[0].successful is missing");
    String json = ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.json())
        .replaceFirst("\"status\": \"OK\"", "\"status\": \"GREAT\"");
    assertThatThrownBy(() -> JsonReports.read(new StringReader(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("results[0].status (\"GREAT\") should be one of [OK, DEGRADED, SATURATED, FAILING]");
    assertThatThrownBy(() -> JsonReports.read(new StringReader("[1, 2]")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("top level");
    assertThatThrownBy(() -> JsonReports.read(new StringReader("{\"results\": 3}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("results (3) should be an array");
  }

  @Test
  void truncatedFileIsAnIOExceptionNamingTheFile() throws Exception {
    Path file = dir.resolve("cut.json");
    String json = ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.json());
    Files.writeString(file, json.substring(0, json.length() / 2));
    assertThatThrownBy(() -> JsonReports.read(file)).isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON");
  }

  @Test
  void phaseStepCountsMustMatchTheResults() {
    String json = ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.json())
        .replace("\"step_count\": 4\n      },\n      {\n        \"name\": \"STRESS\"",
            "\"step_count\": 40\n      },\n      {\n        \"name\": \"STRESS\"");
    assertThatThrownBy(() -> JsonReports.read(new StringReader(json)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run.phases[2].step_count (40)");
  }
}
