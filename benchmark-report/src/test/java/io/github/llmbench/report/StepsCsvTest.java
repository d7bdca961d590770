package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The steps CSV, parsed back with an RFC 4180 reader written here. */
class StepsCsvTest {
  @TempDir Path dir;

  static final List<String> SCRIPT_FIELDS = List.of("phase", "test_name", "test_type", "concurrency",
      "num_requests", "successful", "failed", "success_rate", "duration_sec", "latency_p50", "latency_p95",
      "latency_p99", "throughput_total", "throughput_output", "status");

  @Test
  void oneRowPerStepWithEveryFigureScriptFieldsFirst() throws Exception {
    BenchmarkResult r = MeasuredFixtures.measured();
    String csv = ReportFormats.toString(r, ReportFormats.csv());
    assertThat(csv).endsWith("\r\n");
    assertThat(csv.replace("\r\n", "")).doesNotContain("\n"); // every line ends in CRLF
    List<List<String>> rows = parse(csv);
    List<String> header = rows.get(0);
    assertThat(header.subList(0, SCRIPT_FIELDS.size())).isEqualTo(SCRIPT_FIELDS);
    assertThat(header).contains("wall_throughput_output", "latency_hdr_p999_sec", "ttft_p99_sec", "goodput_share",
        "max_in_flight", "mean_in_flight", "client_bound", "server_waiting_max", "server_kv_cache_max_share",
        "server_preemptions", "server_ttft_p50_bucket_lower_sec", "server_e2e_p99_bucket_upper_sec")
        .doesNotContain("server_ttft_p50_est_sec").doesNotHaveDuplicates();
    assertThat(rows).hasSize(1 + r.steps().size()).allSatisfy(row -> assertThat(row).hasSameSizeAs(header));

    for (int i = 0; i < r.steps().size(); i++) {
      StepResult s = r.steps().get(i);
      Map<String, String> row = row(header, rows.get(i + 1));
      assertThat(row.get("phase")).isEqualTo(s.phase());
      assertThat(row.get("test_name")).isEqualTo(s.testName());
      assertThat(Integer.parseInt(row.get("concurrency"))).isEqualTo(s.concurrency());
      assertThat(Double.parseDouble(row.get("success_rate"))).isEqualTo(s.successRate());
      assertThat(Double.parseDouble(row.get("latency_p99"))).isEqualTo(s.latencyP99Sec());
      assertThat(Double.parseDouble(row.get("throughput_total"))).isEqualTo(s.throughputTotal());
      assertThat(row.get("status")).isEqualTo(s.status().name());
      assertThat(Double.parseDouble(row.get("wall_throughput_output")))
          .isEqualTo(s.statistics().measured().wallThroughputOutput());
      assertThat(Double.parseDouble(row.get("latency_hdr_p99_sec"))).isEqualTo(s.statistics().measured().latency().p99Sec());
      assertThat(Integer.parseInt(row.get("max_in_flight"))).isEqualTo(s.measurement().maxInFlight());
      assertThat(Double.parseDouble(row.get("mean_in_flight"))).isEqualTo(s.measurement().meanInFlight());
      assertThat(row.get("client_bound")).isEqualTo(Boolean.toString(s.measurement().clientBound()));
      assertThat(row.get("goodput_slo")).isEqualTo(MeasuredFixtures.SLO);
      assertThat(Double.parseDouble(row.get("goodput_share")))
          .isEqualTo(s.statistics().measured().goodput().orElseThrow().share());
      // Not streamed: empty cells, never 0.
      assertThat(row.get("ttft_p99_sec")).isEmpty();
      assertThat(row.get("stream_requests")).isEmpty();
      if (s.measurement().serverMetrics().isPresent()) {
        assertThat(Double.parseDouble(row.get("server_waiting_max")))
            .isEqualTo(s.measurement().serverMetrics().get().waitingRequestsMax().getAsDouble());
        // The bucket a server percentile lies in, its last bucket open above.
        assertThat(row.get("server_e2e_p50_bucket_lower_sec")).isEqualTo("0.5");
        assertThat(row.get("server_e2e_p50_bucket_upper_sec")).isEqualTo("0.8");
        assertThat(row.get("server_e2e_p99_bucket_lower_sec")).isEqualTo("10.0");
        assertThat(row.get("server_e2e_p99_bucket_upper_sec")).isEqualTo("Infinity");
      } else {
        assertThat(row.get("server_waiting_max")).isEmpty();
      }
    }
    Map<String, String> bound = row(header, rows.get(1 + indexOf(r, "extreme_300")));
    assertThat(bound.get("client_reasons")).isEqualTo(MeasuredFixtures.CLIENT_REASON);
    Map<String, String> shortStep = row(header, rows.get(1 + indexOf(r, "long_context")));
    assertThat(shortStep.get("sent_fewer_than_concurrency")).isEqualTo("true");
    assertThat(shortStep.get("failures")).isEqualTo("backpressure=2;timeout=1");
    assertThat(shortStep.get("workload_shape")).isEqualTo("STRESS long_context (text)");
  }

  @Test
  void unmeasuredFiguresAreEmptyAndAwkwardTextIsQuoted() throws Exception {
    BenchmarkResult base = Fixtures.unifiedRun();
    StepResult s = base.steps().get(0);
    StepResult odd = new StepResult(s.phase(), "we\"ird, name", s.testType(), s.concurrency(), s.statistics(),
        Verdict.of(s.status(), "line one\nline two, with a comma"), s.measurement());
    BenchmarkResult r = new BenchmarkResult(base.name(), base.baseUrl(), base.model(), base.settings(),
        base.environment(), base.startedAt(), base.finishedAt(),
        List.of(new BenchmarkResult.PhaseResult("WARMUP", List.of(odd), "")),
        io.github.llmbench.api.BenchmarkResult.AbortReason.of(""), 0, java.util.Optional.empty());
    String csv = ReportFormats.toString(r, ReportFormats.csv());
    assertThat(csv).contains(",\"we\"\"ird, name\",", "\"line one\nline two, with a comma\"");
    List<List<String>> rows = parse(csv);
    assertThat(rows).hasSize(2);
    Map<String, String> row = row(rows.get(0), rows.get(1));
    assertThat(row.get("test_name")).isEqualTo("we\"ird, name");
    assertThat(row.get("status_reason")).isEqualTo("line one\nline two, with a comma");
    for (String unmeasured : List.of("max_in_flight", "mean_in_flight", "workers", "connection_mode",
        "client_bound", "server_scrapes", "goodput_share", "open_loop_achieved_rate")) {
      assertThat(row.get(unmeasured)).as(unmeasured).isEmpty();
    }
    assertThat(row.get("sent_fewer_than_concurrency")).isEqualTo("false");

    // No step at all: the header alone.
    BenchmarkResult empty = new BenchmarkResult("e", base.baseUrl(), base.model(), Map.of(), Map.of(),
        base.startedAt(), base.finishedAt(), List.of(), io.github.llmbench.api.BenchmarkResult.AbortReason.of(""), 0,
        java.util.Optional.empty());
    List<List<String>> onlyHeader = parse(ReportFormats.toString(empty, ReportFormats.csv()));
    assertThat(onlyHeader).hasSize(1);
    assertThat(onlyHeader.get(0)).isEqualTo(rows.get(0));
  }

  @Test
  void writtenBesideTheReport() throws Exception {
    BenchmarkResult r = MeasuredFixtures.measured();
    ReportFiles files = ReportWriter.writeAll(r, dir, "run");
    Path csv = files.stepsCsv().orElseThrow();
    assertThat(csv).isEqualTo(dir.resolve("run_steps.csv"));
    assertThat(Files.readString(csv)).isEqualTo(ReportFormats.toString(r, ReportFormats.csv()));
    assertThat(files.attainmentSvg()).contains(dir.resolve("run_attainment.svg"));
    assertThat(Files.readString(files.markdown())).contains("(run_attainment.svg)",
        "(run_capacity_scaling_scale_text.svg)");
  }

  private static int indexOf(BenchmarkResult r, String testName) {
    List<StepResult> steps = r.steps();
    for (int i = 0; i < steps.size(); i++) if (steps.get(i).testName().equals(testName)) return i;
    throw new AssertionError(testName);
  }

  private static Map<String, String> row(List<String> header, List<String> values) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) m.put(header.get(i), values.get(i));
    return m;
  }

  /** RFC 4180: records end in CRLF; quoted fields may hold commas, CRLF, LF and doubled quotes. */
  static List<List<String>> parse(String csv) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < csv.length()) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          field.append('"');
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
        i++;
        continue;
      }
      if (c == '"') {
        assertThat(field).as("a quote opens a field").isEmpty();
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        assertThat(c).as("bare line break outside quotes at %d", i).isNotIn('\r', '\n');
        field.append(c);
      }
      i++;
    }
    assertThat(quoted).as("unterminated quote").isFalse();
    assertThat(field).as("text after the last CRLF").isEmpty();
    return rows;
  }
}
