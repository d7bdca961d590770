package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.report.JsonReports;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --shard}, {@code --start-at} and {@code llmbench merge}, in-process against one simulated server. */
class CliShardFlagsTest {
  @TempDir Path dir;

  @Test
  void badShardFlagsAreOneLineAndExitCode2() {
    assertUsage(CliRunner.run("--model", "m", "--concurrency", "8", "--shard", "4/4"),
        "llmbench: --shard (4/4) should be I/N with 0 <= I < N, e.g. 0/4");
    assertUsage(CliRunner.run("--model", "m", "--concurrency", "8", "--shard", "x"),
        "llmbench: --shard (x) should be I/N with 0 <= I < N, e.g. 0/4");
    assertUsage(CliRunner.run("--model", "m", "--concurrency", "8", "--shard", "0/2", "--start-at", "soon"),
        "llmbench: --start-at (soon) should be an ISO-8601 instant like 2026-12-01T10:00:00Z or epoch milliseconds");
    // The instant as understood: epoch milliseconds 0 is the start of 1970.
    assertUsage(CliRunner.run("--model", "m", "--concurrency", "8", "--start-at", "0"),
        "llmbench: --start-at (1970-01-01T00:00:00Z) applies to a shard: add --shard I/N (or use --shards N)");
    assertUsage(CliRunner.run("--simulate", "--concurrency", "8", "--shard", "0/2"),
        "llmbench: --shard (0/2) needs the shards' common server: start 'llmbench simulate' and give its --base-url, "
            + "or use --shards N --simulate");
    assertUsage(CliRunner.run("--model", "m", "--shards", "0"), "llmbench: --shards (0) should be an integer between "
        + "1 and 64");
    assertUsage(CliRunner.run("merge", dir.resolve("none.json").toString(), "-o", dir.resolve("m.json").toString()),
        "llmbench: merge (" + dir.resolve("none.json") + ") is not a file");
  }

  @Test
  @Timeout(60)
  void shardsRunInProcessMergeAndTheMergeRefusesAMissingOrDuplicateShard() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder()
        .config(SimulatorConfig.builder().timeScale(0.05).build()).build().start()) {
      String start = Instant.now().plusMillis(300).toString();
      for (int i = 0; i < 2; i++) {
        CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(), "--concurrency",
            "4", "--num-prompts", "9", "--output-len", "8", "--shard", i + "/2", "--start-at", start, "--output-dir",
            Files.createDirectories(dir.resolve("s" + i)).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("llmbench: shard " + i + "/2 started ");
      }
      Path s0 = dir.resolve("s0").resolve(CliRunner.BASE + ".json");
      Path s1 = dir.resolve("s1").resolve(CliRunner.BASE + ".json");
      assertThat(dir.resolve("s0").resolve(CliRunner.BASE + ".hlog")).isRegularFile();
      BenchmarkResult first = JsonReports.read(s0);
      assertThat(first.settings()).containsEntry("shard", "0/2").containsKey("shard_start_lateness_ms");
      assertThat(first.steps().get(0).numRequests()).isEqualTo(5);
      assertThat(first.steps().get(0).concurrency()).isEqualTo(2);

      String merged = dir.resolve("merged.json").toString();
      assertUsage(CliRunner.run("merge", s0.toString(), "-o", merged),
          "llmbench: merge refused: missing shard 1/2 (1 of 2 given)");
      assertUsage(CliRunner.run("merge", s0.toString(), s0.toString(), s1.toString(), "-o", merged),
          "llmbench: merge refused: duplicate shard 0/2: " + s0 + " and " + s0);
      CliRunner.Run ok = CliRunner.run("merge", s0.toString(), s1.toString(), "-o", merged,
          "--max-start-lateness", "30");
      assertThat(ok.exitCode()).as(ok.err()).isZero();
      BenchmarkResult whole = JsonReports.read(Path.of(merged));
      assertThat(whole.steps().get(0).numRequests()).isEqualTo(9);
      assertThat(whole.steps().get(0).concurrency()).isEqualTo(4);
      assertThat(dir.resolve("merged.md")).isRegularFile();
      assertThat(dir.resolve("merged.hlog")).isRegularFile();
    }
  }

  @Test
  @Timeout(30)
  void aRunThatCannotBeSplitIsRefusedBeforeAnyRequest() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.builder().build().start()) {
      // A step of concurrency 1 runs on the first shard alone; a shard with no part of any step is refused.
      assertUsage(CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(), "--concurrency", "1",
          "--output-dir", dir.toString(), "--shard", "1/4"),
          "llmbench: --shard (1/4) cannot split this run: shard 1/4 has no part of any step: every step has fewer "
              + "requests or workers than 4 shards; use at most 1 shards");
      assertThat(server.statistics().requests()).as("requests the server saw").isEmpty();
    }
  }

  private static void assertUsage(CliRunner.Run run, String line) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo(line);
  }

  @Test
  void eachLocalShardGetsTheParsedOptionsAsWrittenWithoutTheLaunchersOwn() {
    CliContext cx = new CliContext(java.util.Map.of(), System.out, System.err, false, () -> CliRunner.FIXED_TIME,
        new CliRunner.TestSignals(), java.util.List.of());
    picocli.CommandLine.ParseResult top = new LlmBenchCli(cx).commandLine().parseArgs("run", "--shards", "2",
        "--simulate", "--sim-time-scale", "0.1", "--base-url", "http://h:1", "--output-dir", "x", "--seed=-1",
        "--request-rate", "5,10", "--stream", "--vision", "--image", "http://i/a.png", "--image", "http://i/b.png",
        "--dataset-path", "p.jsonl", "--max-start-lateness", "2", "--start-at", "0");
    picocli.CommandLine.ParseResult run = top.subcommand();
    LlmBenchCli.Run command = (LlmBenchCli.Run) run.commandSpec().userObject();
    java.util.List<String> child = new LocalShards(cx, command.run, command.shard, run).childArgs();
    // --base-url goes too: with --simulate the launcher's simulator is every shard's target.
    assertThat(child).containsExactly("--seed=-1", "--request-rate=5,10", "--stream", "--vision",
        "--image=http://i/a.png", "--image=http://i/b.png", "--dataset=p.jsonl");
  }
}
