package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.Intensity;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.Presets;
import io.github.llmbench.api.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI, {@code --simulate --quick}, end to end: the JSON it writes follows the preset's step table. The
 * simulator runs 20 times faster than real time ({@code --sim-time-scale 0.05}) so the whole preset takes seconds.
 */
@Timeout(120)
class CliSimulateEndToEndTest {
  static final String FAST = "0.05";

  private static final List<String> SCRIPT_FIELDS = List.of("phase", "test_name", "test_type", "concurrency",
      "num_requests", "successful", "failed", "success_rate", "duration_sec", "latency_p50", "latency_p95",
      "latency_p99", "throughput_total", "throughput_output", "status");

  @TempDir Path dir;

  @Test
  void quickSimulatedRunWritesTheScriptsJsonAndReports() throws Exception {
    CliRunner.Run run = CliRunner.run(Map.of(), "--simulate", "--sim-time-scale", FAST, "--quick",
        "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Phase 1: WARMUP", "Phase 2: BASELINE", "Phase 3: SCALING", "Phase 4: STRESS",
        "Phase 5: SATURATION");
    Path json = dir.resolve("benchmark_20261129_120000.json");
    assertThat(run.out()).contains("Results saved to " + json);

    JsonNode results = new ObjectMapper().readTree(json.toFile()).get("results");
    Benchmark preset = Presets.unified(Intensity.QUICK).target("http://unused:1", "m").build();
    List<String[]> expected = expectedRows(preset, results);
    assertThat(results).hasSize(expected.size());
    int totalRequests = 0;
    for (int i = 0; i < results.size(); i++) {
      JsonNode step = results.get(i);
      List<String> fields = new ArrayList<>();
      step.fieldNames().forEachRemaining(fields::add);
      assertThat(fields.subList(0, SCRIPT_FIELDS.size())).as("field order of step %d", i).isEqualTo(SCRIPT_FIELDS);
      String[] row = expected.get(i);
      assertThat(step.get("phase").asText()).isEqualTo(row[0]);
      assertThat(step.get("test_name").asText()).isEqualTo(row[1]);
      assertThat(step.get("concurrency").asInt()).isEqualTo(Integer.parseInt(row[2]));
      int n = Integer.parseInt(row[3]);
      assertThat(step.get("num_requests").asInt()).isEqualTo(n);
      assertThat(step.get("successful").asInt() + step.get("failed").asInt()).isEqualTo(n);
      assertThat(step.get("success_rate").asDouble()).isEqualTo(step.get("successful").asDouble() / n);
      assertThat(step.get("test_type").asText()).isEqualTo("text");
      assertThat(step.get("status").asText()).isIn("OK", "DEGRADED", "SATURATED", "FAILING");
      totalRequests += n;
    }
    // The simulator runs fine at low load: warmup and baseline succeed entirely.
    assertThat(results.get(0).get("status").asText()).isEqualTo("OK");
    assertThat(results.get(1).get("successful").asInt()).isEqualTo(5);

    String base = "benchmark_20261129_120000";
    for (String file : new String[] {base + ".md", base + ".html", base + "_throughput.svg", base + "_latency.svg"}) {
      assertThat(dir.resolve(file)).isNotEmptyFile();
    }
    assertThat(Files.readAllLines(dir.resolve(base + "_requests.jsonl"))).hasSize(totalRequests);
  }

  @Test
  void streamingRunAddsStreamFiguresAndGoodput() throws Exception {
    CliRunner.Run run = CliRunner.run(Map.of(), "--simulate", "--sim-time-scale", FAST, "--quick", "--stream",
        "--skip-saturation",
        "--slo-ttft-ms", "2000", "--slo-e2e-ms", "30000", "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(dir.resolve("benchmark_20261129_120000.json").toFile());
    JsonNode results = root.get("results");
    assertThat(results).hasSize(10);
    for (JsonNode step : results) {
      String name = step.get("test_name").asText();
      assertThat(step.get("failed").asInt()).as(name).isZero();
      JsonNode stream = step.get("stream");
      assertThat(stream).as(name).isNotNull();
      assertThat(stream.toString()).contains("ttft", "itl", "tpot", "e2e");
      assertThat(step.get("goodput")).as(name).isNotNull();
    }
    assertThat(root.get("run").get("settings").get("stream").asText()).isEqualTo("true");
    assertThat(root.get("run").get("settings").get("slo").asText()).isEqualTo("ttft<=2000ms, e2e<=30000ms");
    assertThat(dir.resolve("benchmark_20261129_120000_stream.svg")).isNotEmptyFile();
    assertThat(Files.readString(dir.resolve("benchmark_20261129_120000.md"))).contains("TTFT");
  }

  /** The preset's steps, with SCALING cut after its first SATURATED or FAILING step as the script does. */
  private static List<String[]> expectedRows(Benchmark preset, JsonNode results) {
    Map<String, String> statusByStep = new java.util.HashMap<>();
    Iterator<JsonNode> it = results.elements();
    while (it.hasNext()) {
      JsonNode r = it.next();
      statusByStep.put(r.get("test_name").asText(), r.get("status").asText());
    }
    List<String[]> rows = new ArrayList<>();
    for (Phase phase : preset.phases()) {
      for (Step step : phase.steps()) {
        rows.add(new String[] {phase.name(), step.name(), String.valueOf(step.concurrency()),
            String.valueOf(step.numRequests())});
        String status = statusByStep.get(step.name());
        if (phase.name().equals("SCALING") && Set.of("SATURATED", "FAILING").contains(status)) break;
      }
    }
    return rows;
  }
}
