package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.report.JsonReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmbench run --shards 4}: four real processes against one simulated server, merged, compared with one
 * process sending the same load, and with a histogram of every request the shards logged.
 */
class CliShardsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  @Timeout(60)
  void fourProcessesOfAStreamedClosedLoopSendWhatOneProcessSends() throws IOException {
    compare(new String[] {"--concurrency", "4,8", "--num-prompts", "48", "--stream"});
  }

  @Test
  @Timeout(60)
  void fourProcessesOfAnOpenLoopSendWhatOneProcessSends() throws IOException {
    compare(new String[] {"--request-rate", "80", "--num-prompts", "50", "--seed", "3"});
  }

  /**
   * The unified preset shards: single (1 request) and baseline (concurrency 1) run on the first shard alone, every
   * other step on all three, and the merge has every step with the single run's requests, workers and tokens asked.
   * A barrier makes the shards start each step together, so no step of the merge overlapped another.
   */
  @Test
  @Timeout(240)
  void theUnifiedPresetRunsOnThreeShardsAndMergesToTheSingleRunsRequests() throws IOException {
    List<String> load = List.of("--simulate", "--sim-time-scale", "0.02", "--quick");
    Path shardedDir = Files.createDirectories(dir.resolve("sharded"));
    Path singleDir = Files.createDirectories(dir.resolve("single"));
    List<String> sharded = new ArrayList<>(List.of("run", "--shards", "3", "--max-start-lateness", "60",
        "--output-dir", shardedDir.toString()));
    sharded.addAll(load);
    CliRunner.Run run = CliRunner.run(sharded.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    BenchmarkResult merged = JsonReports.read(shardedDir.resolve(CliRunner.BASE + "_merged.json"));
    List<String> single = new ArrayList<>(List.of("run", "--output-dir", singleDir.toString()));
    single.addAll(load);
    CliRunner.Run one = CliRunner.run(single.toArray(String[]::new));
    assertThat(one.exitCode()).as(one.err()).isZero();
    BenchmarkResult whole = JsonReports.read(singleDir.resolve(CliRunner.BASE + ".json"));

    assertThat(merged.steps()).extracting(StepResult::testName)
        .containsExactlyElementsOf(whole.steps().stream().map(StepResult::testName).toList())
        .contains("single", "baseline", "scale_5", "extreme_500");
    for (int k = 0; k < whole.steps().size(); k++) {
      StepResult m = merged.steps().get(k);
      StepResult w = whole.steps().get(k);
      assertThat(m.phase()).isEqualTo(w.phase());
      assertThat(m.numRequests()).as(m.testName()).isEqualTo(w.numRequests());
      assertThat(m.concurrency()).as(m.testName()).isEqualTo(w.concurrency());
      assertThat(m.statistics().successful() + m.statistics().failed()).isEqualTo(w.numRequests());
      assertThat(m.measurement().requestShape()).as(m.testName()).isEqualTo(w.measurement().requestShape());
    }
    // The first shard ran single and baseline alone; the other two named them as skipped.
    Map<String, String> skipped = new HashMap<>();
    try (Stream<Path> files = Files.walk(shardedDir.resolve(CliRunner.BASE + "_shards"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        JsonNode settings = JSON.readTree(f.toFile()).get("run").get("settings");
        skipped.put(settings.get("shard").asText(), settings.get(io.github.llmbench.api.Shard.SKIPPED_STEPS_SETTING)
            .asText());
      }
    }
    assertThat(skipped).containsEntry("0/3", "").containsEntry("1/3", "WARMUP/single,BASELINE/baseline")
        .containsEntry("2/3", "WARMUP/single,BASELINE/baseline");
    // The shards start each step together (--shards gives them a barrier): while the first runs baseline, the others
    // wait, so no step's requests overlap another's, and the steps start within the start tolerance.
    assertThat(merged.steps()).allSatisfy(s -> assertThat(s.verdict().reason()).as(s.testName())
        .doesNotContain("overlapped", "started this step"));
    try (Stream<Path> markers = Files.list(shardedDir.resolve(CliRunner.BASE + "_shards").resolve("barrier"))) {
      assertThat(markers.map(p -> p.getFileName().toString()).toList())
          .contains("single.0.done", "baseline.0.done", "scale_5.2.done", "run.1.ended")
          .doesNotContain("single.1.done", "baseline.2.done");
    }
  }

  private void compare(String[] steps) throws IOException {
    List<String> load = new ArrayList<>(List.of("--simulate", "--sim-time-scale", "0.05", "--input-len", "40",
        "--output-len", "12"));
    load.addAll(List.of(steps));
    Path shardedDir = dir.resolve("sharded");
    Path singleDir = dir.resolve("single");
    Files.createDirectories(shardedDir);
    Files.createDirectories(singleDir);

    // A loaded build machine may start the four JVMs seconds late; lateness is tested in ShardMergerTest.
    List<String> sharded = new ArrayList<>(List.of("run", "--shards", "4", "--max-start-lateness", "60",
        "--output-dir", shardedDir.toString()));
    sharded.addAll(load);
    CliRunner.Run run = CliRunner.run(sharded.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("Merged 4 shards into");
    BenchmarkResult merged = JsonReports.read(shardedDir.resolve(CliRunner.BASE + "_merged.json"));
    assertThat(shardedDir.resolve(CliRunner.BASE + "_merged.md")).isRegularFile();
    assertThat(shardedDir.resolve(CliRunner.BASE + "_merged.hlog")).isRegularFile();

    List<String> single = new ArrayList<>(List.of("run", "--output-dir", singleDir.toString()));
    single.addAll(load);
    CliRunner.Run one = CliRunner.run(single.toArray(String[]::new));
    assertThat(one.exitCode()).as(one.err()).isZero();
    BenchmarkResult whole = JsonReports.read(singleDir.resolve(CliRunner.BASE + ".json"));

    assertThat(merged.settings()).containsEntry("merged_shards", "4").doesNotContainKey("merge_invalid");
    assertThat(merged.settings().get("merge_start_lateness_ms")).matches("0:[0-9.]+,1:[0-9.]+,2:[0-9.]+,3:[0-9.]+");
    assertThat(merged.steps()).extracting(StepResult::testName)
        .containsExactlyElementsOf(whole.steps().stream().map(StepResult::testName).toList());
    Map<String, List<Long>> raw = shardsRequests(shardedDir.resolve(CliRunner.BASE + "_shards"));
    for (int k = 0; k < whole.steps().size(); k++) {
      StepResult m = merged.steps().get(k);
      StepResult w = whole.steps().get(k);
      assertThat(m.numRequests()).isEqualTo(w.numRequests());
      assertThat(m.statistics().successful()).isEqualTo(w.statistics().successful()).isEqualTo(w.numRequests());
      assertThat(m.statistics().failed()).isEqualTo(w.statistics().failed());
      assertThat(m.concurrency()).isEqualTo(w.concurrency());
      assertThat(m.statistics().completionTokens()).isEqualTo(w.statistics().completionTokens());
      assertThat(m.statistics().measured().stream().isPresent()).isEqualTo(w.statistics().measured().stream().isPresent());
      if (w.statistics().measured().stream().isPresent()) {
        var ms = m.statistics().measured().stream().orElseThrow();
        var ws = w.statistics().measured().stream().orElseThrow();
        assertThat(ms.requests()).isEqualTo(ws.requests());
        assertThat(ms.ttft().count()).isEqualTo(ws.ttft().count());
        assertThat(ms.itl().count()).isEqualTo(ws.itl().count()).isPositive();
        assertThat(ms.e2e().count()).isEqualTo(ws.e2e().count());
      }

      // Against every request the shards logged, from their own request files.
      long[] latencies = raw.get(m.testName()).stream().mapToLong(Long::longValue).sorted().toArray();
      assertThat(latencies).hasSize(m.statistics().successful());
      Histogram all = new Histogram(3);
      for (long v : latencies) all.recordValue(v);
      for (double[] p : new double[][] {{50, m.statistics().measured().latency().p50Sec()}, {90,
          m.statistics().measured().latency().p90Sec()},
          {99, m.statistics().measured().latency().p99Sec()}}) {
        long fromRaw = all.getValueAtPercentile(p[0]);
        assertThat(p[1] * 1e9).as("p%s of %s", p[0], m.testName())
            .isCloseTo(fromRaw, org.assertj.core.api.Assertions.within(all.sizeOfEquivalentValueRange(fromRaw) + 1.0));
      }
      // The script's lower-sample p99 and its duration, exactly.
      int f = (int) ((long) (latencies.length - 1) * 99 / 100);
      assertThat(m.latencyP99Sec()).isEqualTo(latencies[f] / 1e9, org.assertj.core.api.Assertions.within(1e-9));
      assertThat(m.statistics().script().durationSec()).isEqualTo(latencies[latencies.length - 1] / 1e9,
          org.assertj.core.api.Assertions.within(1e-9));
    }
  }

  /** The successful latencies in nanoseconds, by step, of every shard's requests file. */
  private static Map<String, List<Long>> shardsRequests(Path shards) throws IOException {
    Map<String, List<Long>> out = new HashMap<>();
    List<Path> files;
    try (Stream<Path> all = Files.walk(shards)) {
      files = all.filter(p -> p.getFileName().toString().endsWith("_requests.jsonl")).toList();
    }
    assertThat(files).hasSize(4);
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        JsonNode n = JSON.readTree(line);
        if (!n.get("success").asBoolean()) continue;
        out.computeIfAbsent(n.get("step").asText(), s -> new ArrayList<>())
            .add(Math.round(n.get("latency_ms").asDouble() * 1e6));
      }
    }
    return out;
  }

}
