package io.github.llmbench.report.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.StatusPolicy;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Verdict;
import io.github.llmbench.core.internal.StepAggregator;
import io.github.llmbench.report.JsonReports;
import io.github.llmbench.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardMergerTest {
  private static final Duration TOLERANCE = Duration.ofSeconds(1);
  @TempDir Path dir;

  private ShardMerger.Merged merge(List<Path> files) throws IOException {
    List<ShardResult> shards = new ArrayList<>();
    for (Path f : files) shards.add(ShardResult.read(f));
    return ShardMerger.merge(shards, TOLERANCE, StatusPolicy.unified());
  }

  @Test
  void mergedFiguresAreThoseOfOneProcessThatSentEveryRequest() throws IOException {
    for (int count : new int[] {1, 2, 3, 4, 7}) {
      Map<String, List<RequestOutcome>> all = ShardFixtures.outcomes(count, 501);
      Path shardDir = dir.resolve("n" + count);
      BenchmarkResult merged = merge(ShardFixtures.saveShards(shardDir, all, count)).result();
      assertThat(merged.steps()).extracting(StepResult::testName).containsExactlyElementsOf(ShardFixtures.STEPS);
      for (StepResult step : merged.steps()) {
        List<RequestOutcome> outcomes = all.get(step.testName());
        StepStatistics single = StepAggregator.aggregate(outcomes, outcomes.size());
        StepStatistics m = step.statistics();
        assertThat(m.numRequests()).isEqualTo(single.numRequests());
        assertThat(m.successful()).isEqualTo(single.successful());
        assertThat(m.failed()).isEqualTo(single.failed());
        assertThat(m.measured().failures()).isEqualTo(single.measured().failures());
        assertThat(m.successRate()).isEqualTo(single.successRate());
        assertThat(m.promptTokens()).isEqualTo(single.promptTokens());
        assertThat(m.completionTokens()).isEqualTo(single.completionTokens());
        // The script's figures: exact.
        assertThat(m.script().durationSec()).isEqualTo(single.script().durationSec());
        assertThat(m.script().latencyP50Sec()).isEqualTo(single.script().latencyP50Sec());
        assertThat(m.script().latencyP95Sec()).isEqualTo(single.script().latencyP95Sec());
        assertThat(m.script().latencyP99Sec()).isEqualTo(single.script().latencyP99Sec());
        assertThat(m.script().throughputTotal()).isEqualTo(single.script().throughputTotal());
        assertThat(m.script().throughputOutput()).isEqualTo(single.script().throughputOutput());
        // HdrHistogram percentiles: the same histogram, so the same values; moments to rounding.
        assertThat(m.measured().latency().count()).isEqualTo(single.measured().latency().count());
        assertThat(m.measured().latency().minSec()).isEqualTo(single.measured().latency().minSec());
        assertThat(m.measured().latency().maxSec()).isEqualTo(single.measured().latency().maxSec());
        assertThat(m.measured().latency().p50Sec()).isEqualTo(single.measured().latency().p50Sec());
        assertThat(m.measured().latency().p90Sec()).isEqualTo(single.measured().latency().p90Sec());
        assertThat(m.measured().latency().p99Sec()).isEqualTo(single.measured().latency().p99Sec());
        assertThat(m.measured().latency().p999Sec()).isEqualTo(single.measured().latency().p999Sec());
        assertThat(m.measured().latency().meanSec()).isCloseTo(single.measured().latency().meanSec(), within(1e-12));
        assertThat(m.measured().latency().stddevSec()).isCloseTo(single.measured().latency().stddevSec(),
            within(1e-12));
        assertThat(m.measured().samples().orElseThrow().size()).isEqualTo(single.successful());
      }
      assertThat(merged.settings()).containsEntry("merged_shards", String.valueOf(count))
          .doesNotContainKey(ShardSettings.SHARD).containsKey("merge_bounds").doesNotContainKey("merge_invalid");
      assertThat(merged.steps().get(0).measurement().maxInFlight()).isEqualTo(4 * count);
    }
  }

  /**
   * The merge judges as the single run judges (one PhaseJudge for both): the statuses, reasons and rule decisions of
   * the merged steps are those of the steps one process would have aggregated from the same requests.
   */
  @Test
  void mergedVerdictsAreThoseOfTheSingleRunJudgedOnTheSameRequests() throws IOException {
    Map<String, List<RequestOutcome>> all = ShardFixtures.outcomes(9, 300); // about 10 % fail: FAILING
    Map<String, List<RequestOutcome>> few = ShardFixtures.outcomes(9, 20); // too few to decide firmly: marginal
    List<String> reasons = new ArrayList<>();
    for (Map<String, List<RequestOutcome>> requests : List.of(all, few)) {
      Path shardDir = dir.resolve("v" + System.identityHashCode(requests));
      BenchmarkResult merged = merge(ShardFixtures.saveShards(shardDir, requests, 3)).result();
      io.github.llmbench.core.PhaseJudge judge = new io.github.llmbench.core.PhaseJudge(StatusPolicy.unified());
      io.github.llmbench.core.PhaseJudge.Course course = judge.begin(new io.github.llmbench.api.Phase.Rules(
          ShardFixtures.PHASE, false, false, true, java.util.Set.of()));
      for (StepResult m : merged.steps()) {
        List<RequestOutcome> outcomes = requests.get(m.testName());
        StepResult single = course.judge(m.testName(), m.testType(), m.concurrency(),
            StepAggregator.aggregate(outcomes, outcomes.size()), m.measurement());
        assertThat(m.status()).as(m.testName()).isEqualTo(single.status());
        assertThat(m.verdict().reason()).as(m.testName()).isEqualTo(single.verdict().reason());
        assertThat(m.verdict().rules()).as(m.testName()).isEqualTo(single.verdict().rules());
        reasons.add(m.verdict().reason());
      }
    }
    // The notes the policy cannot know are the judge's too: a marginal decision says so in a merged step's reason.
    assertThat(reasons).anyMatch(r -> r.contains("(marginal)"));
  }

  @Test
  void streamedStepsMergeTheirStreamFigures() throws IOException {
    Map<String, List<RequestOutcome>> all = ShardFixtures.streamed(21, 400);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int index = i;
      Map<String, List<RequestOutcome>> mine = new LinkedHashMap<>();
      all.forEach((step, list) -> mine.put(step, ShardFixtures.shardOf(list, index, 3)));
      files.add(ShardFixtures.saveRecorded(dir, "s" + i, mine,
          ShardFixtures.result(mine, ShardFixtures.shardSettings(i, 3, 0), "m")));
    }
    ShardMerger.Merged merged = merge(files);
    assertThat(merged.latency()).extracting(Histogram::getTag)
        .containsExactly("c8", "c8#ttft", "c8#itl", "c8#tpot", "c8#e2e", "c16", "c16#ttft", "c16#itl", "c16#tpot",
            "c16#e2e");
    for (StepResult step : merged.result().steps()) {
      var single = StepAggregator.aggregate(all.get(step.testName()), all.get(step.testName()).size())
          .measured().stream().orElseThrow();
      var m = step.statistics().measured().stream().orElseThrow();
      assertThat(m.requests()).isEqualTo(single.requests());
      // TTFT and TPOT from the merged samples: as one process computes them.
      assertThat(m.ttft().p99Sec()).isEqualTo(single.ttft().p99Sec());
      assertThat(m.ttft().meanSec()).isCloseTo(single.ttft().meanSec(), within(1e-12));
      assertThat(m.tpot().p50Sec()).isEqualTo(single.tpot().p50Sec());
      // Reasoning: counts summed, time to first output token from the merged samples, as one process has them.
      var singleReasoning = StepAggregator.aggregate(all.get(step.testName()), all.get(step.testName()).size())
          .measured().reasoning().orElseThrow();
      var mergedReasoning = step.statistics().measured().reasoning().orElseThrow();
      assertThat(mergedReasoning.requests()).isEqualTo(singleReasoning.requests()).isPositive();
      assertThat(mergedReasoning.reasoningTokens()).isEqualTo(singleReasoning.reasoningTokens());
      assertThat(mergedReasoning.answerTokens()).isEqualTo(singleReasoning.answerTokens());
      assertThat(mergedReasoning.unanswered()).isEqualTo(singleReasoning.unanswered()).isPositive();
      assertThat(mergedReasoning.unansweredAtLimit()).isEqualTo(singleReasoning.unansweredAtLimit());
      assertThat(mergedReasoning.firstOutput()).isEqualTo(singleReasoning.firstOutput());
      assertThat(mergedReasoning.unansweredIds()).hasSize(singleReasoning.unansweredIds().size())
          .allMatch(id -> all.get(step.testName()).stream().anyMatch(o -> o.requestId().equals(id)
              && !o.reasoning().answered()));
      // ITL and e2e from the added histograms: within their resolution (0.1 %).
      for (var pair : List.of(List.of(m.itl(), single.itl()), List.of(m.e2e(), single.e2e()))) {
        assertThat(pair.get(0).count()).isEqualTo(pair.get(1).count());
        for (var f : List.<java.util.function.ToDoubleFunction<io.github.llmbench.api.LatencySummary>>of(
            l -> l.p50Sec(), l -> l.p90Sec(), l -> l.p99Sec(), l -> l.meanSec(), l -> l.maxSec(), l -> l.minSec())) {
          double expected = f.applyAsDouble(pair.get(1));
          assertThat(f.applyAsDouble(pair.get(0))).isCloseTo(expected, within(expected * 1e-3 + 1e-9));
        }
      }
    }
  }

  @Test
  void mergedHistogramsEqualAHistogramOfTheUnionBucketForBucket() throws IOException {
    Map<String, List<RequestOutcome>> all = ShardFixtures.outcomes(77, 2_000);
    List<Histogram> merged = merge(ShardFixtures.saveShards(dir, all, 4)).latency();
    assertThat(merged).extracting(Histogram::getTag).containsExactlyElementsOf(ShardFixtures.STEPS);
    for (Histogram h : merged) {
      Histogram union = new Histogram(3);
      for (RequestOutcome o : all.get(h.getTag())) if (o.success()) union.recordValue(o.latencyNanos());
      IntervalLogTest.assertSameBuckets(h, union);
    }
  }

  @Test
  void theMergedResultIsWrittenAndReadBackLikeAnyOther() throws IOException {
    BenchmarkResult merged = merge(ShardFixtures.saveShards(dir, ShardFixtures.outcomes(5, 100), 3)).result();
    Path json = ReportWriter.writeAll(merged, dir, "merged").json();
    assertThat(JsonReports.read(json)).isEqualTo(merged);
  }

  @Test
  void statusesAreDecidedAgainOnTheMergedFigures() throws IOException {
    BenchmarkResult merged = merge(ShardFixtures.saveShards(dir, ShardFixtures.outcomes(9, 300), 2)).result();
    // About 10 % of the requests fail: below the 95 % success rate, so FAILING on the merged figures.
    assertThat(merged.steps()).allSatisfy(s -> assertThat(s.status().name()).isEqualTo("FAILING"));
    // And each step's rule decisions are judged on the merged figures, as a single run's are.
    for (StepResult s : merged.steps()) {
      assertThat(s.verdict().rules()).isNotEmpty();
      io.github.llmbench.api.Verdict.RuleDecision success = s.verdict().rules().get(0);
      assertThat(success.fired()).isTrue();
      assertThat(success.observed()).isEqualTo(s.successRate());
      assertThat(success.sampleSize()).isEqualTo(s.numRequests());
    }
  }

  @Test
  void aLateShardMakesEveryStepInvalid() throws IOException {
    Map<String, List<RequestOutcome>> all = ShardFixtures.outcomes(11, 40);
    List<Path> files = ShardFixtures.saveShards(dir, all, 2);
    Map<String, List<RequestOutcome>> second = new LinkedHashMap<>();
    all.forEach((step, list) -> second.put(step, ShardFixtures.shardOf(list, 1, 2)));
    files.set(1, ShardFixtures.save(dir, "shard-1", ShardFixtures.result(second,
        ShardFixtures.shardSettings(1, 2, 2_500), "m"), 3));
    BenchmarkResult merged = merge(files).result();
    assertThat(merged.steps()).allSatisfy(s -> assertThat(s.verdict().reason())
        .startsWith("INVALID: shard 1/2 started 2.500 s late (tolerance 1.000 s)"));
    assertThat(merged.settings()).containsEntry("merge_invalid",
        "shard 1/2 started 2.500 s late (tolerance 1.000 s): every step is invalid");
  }

  @Test
  void aShardWithoutAnAgreedStartIsSaidSo() throws IOException {
    Map<String, List<RequestOutcome>> all = ShardFixtures.outcomes(12, 40);
    List<Path> files = ShardFixtures.saveShards(dir, all, 2);
    Map<String, List<RequestOutcome>> second = new LinkedHashMap<>();
    all.forEach((step, list) -> second.put(step, ShardFixtures.shardOf(list, 1, 2)));
    Map<String, String> settings = ShardFixtures.shardSettings(1, 2, 0);
    settings.remove(ShardSettings.START_LATENESS_MS);
    files.set(1, ShardFixtures.save(dir, "shard-1", ShardFixtures.result(second, settings, "m"), 3));
    BenchmarkResult merged = merge(files).result();
    assertThat(merged.settings()).containsEntry("merge_start_lateness_ms", "0:3.000,1:unknown")
        .containsEntry("merge_unagreed_start", "shard 1/2 ran without --start-at: when it started is unknown")
        .doesNotContainKey("merge_invalid");
  }

  @Test
  void refusesAMissingShard() throws IOException {
    List<Path> files = ShardFixtures.saveShards(dir, ShardFixtures.outcomes(1, 40), 4);
    files.remove(2);
    assertThatThrownBy(() -> merge(files)).isInstanceOf(MergeRefusedException.class)
        .hasMessage("missing shard 2/4 (3 of 4 given)");
  }

  @Test
  void refusesADuplicateShard() throws IOException {
    List<Path> files = ShardFixtures.saveShards(dir, ShardFixtures.outcomes(1, 40), 2);
    Path copy = ShardFixtures.save(dir, "copy", ShardResult.read(files.get(1)).result(), 3);
    files.add(copy);
    assertThatThrownBy(() -> merge(files)).isInstanceOf(MergeRefusedException.class)
        .hasMessageStartingWith("duplicate shard 1/2: ").hasMessageContaining("shard-1.json and ")
        .hasMessageEndingWith("copy.json");
  }

  @Test
  void refusesShardsOfDifferentCounts() throws IOException {
    Map<String, List<RequestOutcome>> all = ShardFixtures.outcomes(1, 40);
    List<Path> files = new ArrayList<>(ShardFixtures.saveShards(dir.resolve("a"), all, 2));
    files.set(1, ShardFixtures.saveShards(dir.resolve("b"), all, 3).get(1));
    assertThatThrownBy(() -> merge(files)).isInstanceOf(MergeRefusedException.class)
        .hasMessageStartingWith("shard counts differ: ");
  }

  @Test
  void refusesMismatchedModelBaseUrlSettingsAndSteps() throws IOException {
    Map<String, List<RequestOutcome>> all = ShardFixtures.outcomes(1, 40);
    Map<String, List<RequestOutcome>> second = new LinkedHashMap<>();
    all.forEach((step, list) -> second.put(step, ShardFixtures.shardOf(list, 1, 2)));
    List<Path> files = ShardFixtures.saveShards(dir, all, 2);

    files.set(1, ShardFixtures.save(dir, "other-model", ShardFixtures.result(second,
        ShardFixtures.shardSettings(1, 2, 0), "other"), 3));
    assertThatThrownBy(() -> merge(files)).isInstanceOf(MergeRefusedException.class)
        .hasMessageStartingWith("mismatched model: m in ").hasMessageContaining("but other in");

    Map<String, String> settings = ShardFixtures.shardSettings(1, 2, 0);
    settings.put("output_len", "100");
    files.set(1, ShardFixtures.save(dir, "other-settings", ShardFixtures.result(second, settings, "m"), 3));
    assertThatThrownBy(() -> merge(files)).isInstanceOf(MergeRefusedException.class)
        .hasMessageStartingWith("mismatched settings: output_len is null in ");

    Map<String, List<RequestOutcome>> renamed = new LinkedHashMap<>();
    renamed.put("c8", second.get("c8"));
    renamed.put("c32", second.get("c16"));
    files.set(1, ShardFixtures.save(dir, "other-steps", ShardFixtures.result(renamed,
        ShardFixtures.shardSettings(1, 2, 0), "m"), 3));
    assertThatThrownBy(() -> merge(files)).isInstanceOf(MergeRefusedException.class)
        .hasMessageStartingWith("mismatched steps: step 2 is CUSTOM/c16 in ");

    BenchmarkResult r = ShardFixtures.result(second, ShardFixtures.shardSettings(1, 2, 0), "m");
    BenchmarkResult otherUrl = new BenchmarkResult(r.name(), "http://10.0.0.9:8000", r.model(), r.settings(),
        r.environment(), r.startedAt(), r.finishedAt(), r.phases(), r.abortReason(), 0, r.preflight());
    files.set(1, ShardFixtures.save(dir, "other-url", otherUrl, 3));
    assertThatThrownBy(() -> merge(files)).isInstanceOf(MergeRefusedException.class)
        .hasMessageStartingWith("mismatched base URL: http://127.0.0.1:8000 in ");
  }

  @Test
  void refusesHistogramsOfDifferentPrecision() throws IOException {
    Map<String, List<RequestOutcome>> all = ShardFixtures.outcomes(1, 40);
    Map<String, List<RequestOutcome>> second = new LinkedHashMap<>();
    all.forEach((step, list) -> second.put(step, ShardFixtures.shardOf(list, 1, 2)));
    List<Path> files = ShardFixtures.saveShards(dir, all, 2);
    files.set(1, ShardFixtures.save(dir, "two-digits", ShardFixtures.result(second,
        ShardFixtures.shardSettings(1, 2, 0), "m"), 2));
    assertThatThrownBy(() -> merge(files)).isInstanceOf(MergeRefusedException.class)
        .hasMessageStartingWith("histograms of different precision: ")
        .hasMessageEndingWith("two-digits.json step c8 has 2 significant digits, the others 3");
  }

  @Test
  void refusesAResultThatIsNotAShardsOrHasNoIntervalLog() throws IOException {
    BenchmarkResult plain = ShardFixtures.result(ShardFixtures.outcomes(1, 10), Map.of("preset", "custom"), "m");
    Path json = ReportWriter.writeJson(plain, dir, "plain");
    assertThatThrownBy(() -> ShardResult.read(json)).isInstanceOf(MergeRefusedException.class)
        .hasMessageEndingWith("plain.json is not a shard's result: its settings have no shard");
    Path noLog = ReportWriter.writeJson(ShardFixtures.result(ShardFixtures.outcomes(1, 10),
        ShardFixtures.shardSettings(0, 1, 0), "m"), dir, "nolog");
    assertThatThrownBy(() -> ShardResult.read(noLog)).isInstanceOf(MergeRefusedException.class)
        .hasMessageContaining("has no interval log");
  }
}
