package io.github.llmbench.report.merge;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Trim;
import io.github.llmbench.api.Verdict;
import io.github.llmbench.core.internal.StepAggregator;
import io.github.llmbench.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.HdrHistogram.Histogram;

/** Random request outcomes of a run, split into shards the way {@code Shard} splits them, saved as shards save. */
final class ShardFixtures {
  static final String PHASE = "CUSTOM";
  static final List<String> STEPS = List.of("c8", "c16");

  private ShardFixtures() {}

  /** Every step's outcomes, global request indexes, about 10 % failures and a long tail. */
  static Map<String, List<RequestOutcome>> outcomes(long seed, int requestsPerStep) {
    Random random = new Random(seed);
    Map<String, List<RequestOutcome>> out = new LinkedHashMap<>();
    for (String step : STEPS) {
      List<RequestOutcome> list = new ArrayList<>();
      for (int i = 0; i < requestsPerStep; i++) {
        boolean ok = random.nextDouble() > 0.1;
        long latency = 1_000_000 + (long) (Math.exp(random.nextGaussian()) * 400_000_000L);
        long start = random.nextInt(2_000_000_000);
        list.add(ok
            ? new RequestOutcome(PHASE, step, i, start, latency, true, 200, null, "", 500, 1 + random.nextInt(200),
            true, 0, null)
                : new RequestOutcome(PHASE, step, i, start, latency, false, 503,
                RequestOutcome.FailureKind.HTTP_STATUS, "busy", 0, 0,
            false, 0, null));
      }
      out.put(step, list);
    }
    return out;
  }

  /** Streamed outcomes: each successful one with its first token, gaps between chunks and end. */
  static Map<String, List<RequestOutcome>> streamed(long seed, int requestsPerStep) {
    Random random = new Random(seed);
    Map<String, List<RequestOutcome>> out = new LinkedHashMap<>();
    outcomes(seed, requestsPerStep).forEach((step, list) -> out.put(step, list.stream().map(o -> {
      if (!o.success()) return o;
      int chunks = 1 + (int) o.completionTokens();
      long ttft = o.latencyNanos() / (2 + random.nextInt(5));
      long[] gaps = new long[chunks - 1];
      long left = o.latencyNanos() - ttft;
      for (int g = 0; g < gaps.length; g++) gaps[g] = left / Math.max(1, gaps.length) + random.nextInt(1_000_000);
      long e2e = Math.max(ttft, o.latencyNanos() - random.nextInt(1_000));
      // Half of them reasoned first; one in ten of those gave no answer, having hit its max_tokens.
      RequestOutcome.Reasoning reasoning = null;
      long firstOutput = ttft;
      if (random.nextBoolean()) {
        boolean answered = random.nextInt(10) != 0;
        reasoning = new RequestOutcome.Reasoning(answered ? o.completionTokens() / 2 : o.completionTokens(), false,
            answered, !answered);
        firstOutput = answered ? ttft + (e2e - ttft) / 2 : RequestOutcome.StreamTiming.NO_OUTPUT;
      }
      return new RequestOutcome(o.phase(), o.step(), o.requestIndex(), o.startOffsetNanos(), o.latencyNanos(), true,
          200, null, "", o.promptTokens(), o.completionTokens(), true, 0,
          new RequestOutcome.StreamTiming(ttft, e2e, chunks, gaps, false, firstOutput),
          o.step() + "-" + o.requestIndex(), reasoning);
    }).toList()));
    return out;
  }

  /** Shard {@code index} of {@code count}'s outcomes: global request {@code g} is its if {@code g % count == index}. */
  static List<RequestOutcome> shardOf(List<RequestOutcome> all, int index, int count) {
    List<RequestOutcome> mine = new ArrayList<>();
    for (RequestOutcome o : all) {
      if (o.requestIndex() % count != index) continue;
      mine.add(new RequestOutcome(o.phase(), o.step(), o.requestIndex() / count, o.startOffsetNanos(),
          o.latencyNanos(), o.success(), o.httpStatus(), o.failureKind(), o.failureDetail(), o.promptTokens(),
          o.completionTokens(), o.usageReported(), o.sendDelayNanos(), o.streamTiming(), o.requestId(),
          o.reasoning()));
    }
    return mine;
  }

  /** The result of a run of these outcomes, as the engine aggregates them. */
  static BenchmarkResult result(Map<String, List<RequestOutcome>> steps, Map<String, String> settings, String model) {
    List<StepResult> results = new ArrayList<>();
    for (Map.Entry<String, List<RequestOutcome>> e : steps.entrySet()) {
      StepStatistics stats = StepAggregator.aggregate(e.getValue(), e.getValue().size());
      stats = stats.withSamples(Optional.of(io.github.llmbench.core.stats.Samples.of(e.getValue())));
      results.add(new StepResult(PHASE, e.getKey(), io.github.llmbench.api.TestType.TEXT, 4, stats,
          Verdict.of(io.github.llmbench.api.Status.OK, ""),
          new StepMeasurement(ClientSettings.ConnectionMode.WARM, 4, 1_000_000, Trim.NONE, 0, 4, 3.5, Optional.empty(),
              Optional.empty(), 0, 0, java.util.Optional.empty(), Optional.empty())));
    }
    return new BenchmarkResult("custom", "http://127.0.0.1:8000", model, settings, Map.of("host", "h"),
        Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:01:00Z"),
        List.of(new BenchmarkResult.PhaseResult(PHASE, results, "")),
        io.github.llmbench.api.BenchmarkResult.AbortReason.of(""), 0, Optional.empty(), PLAN);
  }

  /** The whole run's plan every shard records: its one phase compares each step with the previous one. */
  static final io.github.llmbench.api.RunPlan PLAN = new io.github.llmbench.api.RunPlan(List.of(
      new io.github.llmbench.api.Phase.Rules(PHASE, false, false, true, java.util.Set.of())), false, Optional.empty(),
      Optional.empty());

  static Map<String, String> shardSettings(int index, int count, double latenessMs) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("preset", "custom");
    s.put(ShardSettings.SHARD, index + "/" + count);
    s.put(ShardSettings.START_AT, "2026-12-01T10:00:00Z");
    s.put(ShardSettings.START_LATENESS_MS, String.valueOf(latenessMs));
    return s;
  }

  /** Saves a shard as a sharded run does: {@code <name>.json} and {@code <name>.hlog}. */
  static Path save(Path dir, String name, BenchmarkResult result, int digits) throws IOException {
    Path json = ReportWriter.writeJson(result, dir, name);
    List<Histogram> histograms = new ArrayList<>();
    long t = result.startedAt().toEpochMilli();
    for (StepResult step : result.steps()) {
      Histogram h = new Histogram(digits);
      for (long v : step.statistics().measured().samples().orElseThrow().latencyNanos()) h.recordValue(v);
      h.setTag(step.testName());
      h.setStartTimeStamp(t);
      h.setEndTimeStamp(t + 20_000);
      t += 20_000;
      histograms.add(h);
    }
    IntervalLog.write(ShardResult.intervalLogOf(json), result.startedAt().toEpochMilli(), histograms);
    return json;
  }

  /** Saves a shard as {@code llmbench run --shard} does: its interval log written by {@link IntervalLogSink}. */
  static Path saveRecorded(Path dir, String name, Map<String, List<RequestOutcome>> steps, BenchmarkResult result)
      throws IOException {
    Path json = ReportWriter.writeJson(result, dir, name);
    long[] now = {result.startedAt().toEpochMilli()};
    try (IntervalLogSink sink = IntervalLogSink.open(ShardResult.intervalLogOf(json), () -> now[0])) {
      for (StepResult step : result.steps()) {
        sink.onStepStarted(new io.github.llmbench.api.MetricSink.StepInfo(step.phase(), step.testName(),
            step.concurrency(),
            step.numRequests()));
        steps.get(step.testName()).forEach(sink::onRequestCompleted);
        now[0] += 10_000;
        sink.onStepCompleted(step);
      }
    }
    return json;
  }

  /** Saves all {@code count} shards of these outcomes. */
  static List<Path> saveShards(Path dir, Map<String, List<RequestOutcome>> all, int count) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      Map<String, List<RequestOutcome>> mine = new LinkedHashMap<>();
      all.forEach((step, list) -> mine.put(step, shardOf(list, index, count)));
      files.add(save(dir, "shard-" + i, result(mine, shardSettings(i, count, 3.0), "m"), 3));
    }
    return files;
  }
}
