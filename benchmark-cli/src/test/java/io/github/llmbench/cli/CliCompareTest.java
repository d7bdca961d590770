package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmbench compare} on runs made by the CLI against two simulators, one three times slower than the other:
 * a run against itself differs nowhere (exit 0), the slower run is slower (exit 3, the steps named), and files that
 * cannot be read are named in one line (exit 2).
 */
@Timeout(120)
class CliCompareTest {
  private static final String NL = System.lineSeparator();
  @TempDir static Path dir;
  private static Path fast;
  private static Path slow;

  @BeforeAll
  static void runBoth() throws Exception {
    fast = run(0.05, "fast");
    slow = run(0.15, "slow");
  }

  private static Path run(double timeScale, String name) throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(timeScale)
        .seed(1).build())) {
      Path out = dir.resolve(name);
      CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(),
          "--concurrency", "1,4", "--num-prompts", "40", "--input-len", "100", "--output-len", "20",
          "--output-dir", out.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      Path json = dir.resolve(name + ".json");
      Files.move(out.resolve(CliRunner.BASE + ".json"), json);
      return json;
    }
  }

  @Test
  void aRunComparedWithItselfHasNoSignificantDifference() throws Exception {
    CliRunner.Run run = CliRunner.run("compare", fast.toString(), fast.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("fast.json").endsWith("llmbench compare: no step of fast.json is significantly "
        + "slower" + NL);
    assertThat(run.out()).contains("2 steps in both runs: 0 slower, 0 faster, 2 no significant difference");
  }

  @Test
  void aSlowerRunExitsThreeNamingTheSlowerSteps() throws Exception {
    CliRunner.Run run = CliRunner.run("compare", fast.toString(), slow.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    assertThat(run.err()).startsWith("llmbench: compare: slow.json is significantly slower than fast.json in 2 "
        + "steps: c1 (").contains("; c4 (").contains("latency p50");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.out()).contains("2 slower");

    // The other way round nothing is slower.
    CliRunner.Run reverse = CliRunner.run("compare", slow.toString(), fast.toString());
    assertThat(reverse.exitCode()).as(reverse.err()).isZero();
    assertThat(reverse.out()).contains("2 faster");
  }

  @Test
  void outputWritesTheMarkdownToAFile() throws Exception {
    Path md = dir.resolve("comparison.md");
    CliRunner.Run run = CliRunner.run("compare", fast.toString(), fast.toString(), "--output", md.toString(),
        "--alpha", "0.01", "--no-correction", "--min-change", "5");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Comparison written to " + md + NL);
    assertThat(Files.readString(md)).contains("fast.json", "\u03b1 = 0.01 for each test");
  }

  @Test
  void unreadableFilesAreNamedInOneLine() throws Exception {
    Path missing = dir.resolve("missing.json");
    CliRunner.Run run = CliRunner.run("compare", fast.toString(), missing.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("llmbench: compare (" + missing + ") is not a file" + NL);

    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"results\": 12}");
    run = CliRunner.run("compare", garbage.toString(), fast.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("llmbench: compare (" + garbage + ") cannot be read as a benchmark result: ");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.out()).isEmpty();

    run = CliRunner.run("compare", fast.toString(), fast.toString(), "--alpha", "1.5");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("llmbench: --alpha (1.5) should be between 0 and 1, e.g. 0.05" + NL);
  }
}
