package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmbench search} against a simulator with a known boundary: 8 sequences in a batch and no queue, so a
 * ninth worker's requests are rejected at once and attainment falls off a cliff past 8.
 */
@Timeout(90)
class CliSearchTest {
  @TempDir Path dir;

  @Test
  void findsTheBatchSizeAndWritesTheAnswerEverywhere() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.2)
        .maxRunningSequences(8).maxWaitingRequests(0).build())) {
      CliRunner.Run run = CliRunner.run("search", "--base-url", server.baseUrl(), "--model", server.model(),
          "--slo-e2e-ms", "2000", "--input-len", "16", "--output-len", "20", "--attainment", "80", "--start", "2",
          "--max", "32", "--min-probe-requests", "40", "--no-server-metrics", "--output-dir", dir.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("capacity_search benchmark against", "up to 30 probes")
          .contains("Capacity search: 8 concurrent (95 % CI 8\u20138), cliff boundary; converged after");

      JsonNode root = new ObjectMapper().readTree(dir.resolve(CliRunner.BASE + ".json").toFile());
      JsonNode answer = root.get("capacity_search");
      assertThat(answer.get("boundary").asDouble()).isEqualTo(8.0);
      assertThat(answer.get("first_missing").asDouble()).isEqualTo(9.0);
      assertThat(answer.get("shape").asText()).isEqualTo("cliff");
      assertThat(answer.get("end").asText()).isEqualTo("converged");
      assertThat(answer.get("probes").asInt()).isEqualTo(root.get("results").size());
      assertThat(root.get("run").get("plan").get("search").get("target_attainment").asDouble()).isEqualTo(0.8);
      assertThat(root.get("results").get(0).get("test_name").asText()).isEqualTo("c2");

      String markdown = Files.readString(dir.resolve(CliRunner.BASE + ".md"));
      assertThat(markdown).contains("## Capacity search", "8 concurrent (95 % CI 8\u20138)", "| judgement |");
      assertThat(Files.readString(dir.resolve(CliRunner.BASE + "_search.svg"))).startsWith("<svg").contains("80.0 % target");

      // The report read back from the JSON alone gives the same answer.
      Files.delete(dir.resolve(CliRunner.BASE + ".md"));
      CliRunner.Run report = CliRunner.run("report", dir.resolve(CliRunner.BASE + ".json").toString());
      assertThat(report.exitCode()).as(report.err()).isZero();
      assertThat(Files.readString(dir.resolve(CliRunner.BASE + ".md"))).contains("8 concurrent (95 % CI 8\u20138)");
    }
  }

  @Test
  void refusesWhatASearchCannotDoInOneLine() {
    assertUsage(new String[] {"search", "--simulate"}, "llmbench: search needs an objective: give --slo-ttft-ms");
    assertUsage(new String[] {"search", "--simulate", "--slo-e2e-ms", "500", "--concurrency", "4"},
        "llmbench: --concurrency (4) does not apply to a search");
    assertUsage(new String[] {"search", "--simulate", "--slo-e2e-ms", "500", "--axis", "users"},
        "llmbench: --axis (users) should be concurrency or rate");
    assertUsage(new String[] {"search", "--simulate", "--slo-e2e-ms", "500", "--attainment", "100"},
        "llmbench: --attainment (100) should be a percentage from 0 to below 100");
    assertUsage(new String[] {"search", "--simulate", "--slo-e2e-ms", "500", "--start", "64", "--max", "8"},
        "llmbench: --max (8) should be at least --start (64)");
    assertUsage(new String[] {"search", "--simulate", "--slo-e2e-ms", "500", "--max-requests", "0"},
        "llmbench: --max-requests (0) should be a positive integer");
    assertUsage(new String[] {"search", "--simulate", "--slo-e2e-ms", "500", "--start", "2000"},
        "llmbench: search: max (1024.0) should be at least start (2000.0)");
    assertUsage(new String[] {"search", "--simulate", "--slo-e2e-ms", "500", "--quick"},
        "llmbench: --quick applies to the unified benchmark, not to a search");
  }

  private void assertUsage(String[] args, String line) {
    String[] withDir = java.util.Arrays.copyOf(args, args.length + 2);
    withDir[args.length] = "--output-dir";
    withDir[args.length + 1] = dir.toString();
    CliRunner.Run run = CliRunner.run(withDir);
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith(line).doesNotContain("\n").doesNotContain("Exception");
  }
}
