package io.github.llmbench.report.merge;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.RunPlan;
import io.github.llmbench.api.Shard;
import io.github.llmbench.api.StatusPolicy;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepSamples;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Verdict;
import io.github.llmbench.core.PhaseJudge;
import io.github.llmbench.core.ShardedStepFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Merges the results of the shards of one run into the result of the whole run, exactly where the data allow it.
 *
 * <p><b>Exact</b> (what a single process sending all the requests would compute from the same requests): counters
 * (requests, successes, failures by cause, tokens) summed; the script's lower-sample percentiles from the merged
 * per-request samples; its duration, the longest single request, as the largest of the shards' durations; the
 * throughputs over it; the HdrHistogram percentiles from the shards' interval histograms added bucket by bucket
 * (they equal a histogram of the union of the requests); count, min, mean, standard deviation and max from the
 * merged samples; streamed TTFT and TPOT from the merged samples; goodput counts; open-loop send-delay count, min,
 * mean, standard deviation (pooled) and max.
 *
 * <p><b>Bounds</b> (the shards do not share a clock or see each other's requests), named in the settings
 * {@code merge_bounds}: requests in flight (the sum of the shards' peaks, an upper bound; the sum of their means);
 * the start spread of a step (at least the widest shard's, or the spread of the shards' step starts on their own
 * wall clocks); the wall-clock time (the longest shard's, a lower bound) and so the wall-clock throughputs and
 * goodput rates (upper bounds); the open-loop achieved rate (the sum of the shards'); send-delay percentiles (the
 * worst shard's, upper bounds); streamed inter-token latency and end-to-end time, known only from the added
 * histograms (percentiles as exact as the engine's, min, mean, standard deviation and max to the histograms'
 * resolution). Not merged, and said in {@code merge_not_merged}: the client's self-check and the server's metrics.
 *
 * <p><b>Statuses</b> are decided again on the merged figures with the phases' rules the shards recorded
 * ({@link BenchmarkResult#plan()}); shards run every step, so a phase that the whole run would have stopped says
 * so in its stop reason and keeps the steps that followed.
 *
 * <p><b>Late shards.</b> A shard that started later than {@code maxStartLateness} after the agreed instant did not
 * send its share of the load together with the others: every merged step is then <b>invalid</b>, which shows as a
 * reason starting with {@code INVALID:} (in the JSON's {@code status_reason} and the report) and the setting
 * {@code merge_invalid}.
 *
 * <p><b>Refusals</b> ({@link MergeRefusedException}, one line): a missing or duplicate shard, shards of different
 * counts, different model, base URL, name or settings, different steps, a step without samples, an interval log
 * without the step or with another count than the step's samples, or histograms of different precision.
 */
public final class ShardMerger {

  static final String INVALID = "INVALID: ";
  /** The share of a step's window another step's requests may overlap before the merged step says so. */
  static final double OVERLAP_SHARE_NOTED = 0.01;
  /**
   * ...and the overlap it may have in any case: the interval logs' start and end are milliseconds of separate
   * processes' wall clocks, taken by a sink around the step, not at the wire.
   */
  static final long OVERLAP_MILLIS_NOTED = 20;
  private static final double NANOS_PER_SEC = 1e9;

  private ShardMerger() {}

  /**
   * The merged run and its merged interval histograms (one per step, tagged with its name).
   *
   * @param result the merged result
   * @param latency per step, the shards' interval histograms added
   */
  public record Merged(BenchmarkResult result, List<Histogram> latency) {
    public Merged {
      Objects.requireNonNull(result, "result");
      latency = List.copyOf(latency);
    }
  }

  /**
   * @throws MergeRefusedException if the shards cannot be merged exactly (see the class comment)
   */
  public static Merged merge(List<ShardResult> shards, Duration maxStartLateness, StatusPolicy policy) {
    if (shards.isEmpty()) throw new MergeRefusedException("no shard to merge");
    List<ShardResult> ordered = checkShards(shards);
    ShardResult ref = ordered.get(0);
    for (ShardResult s : ordered) checkSameRun(ref, s);
    int steps = commonSteps(ordered);
    List<StepResult> refSteps = ref.result().steps();
    int digits = -1;
    for (int k = 0; k < steps; k++) {
      for (ShardResult s : runners(ordered, refSteps.get(k))) digits = checkHistogram(s, partOf(s, refSteps.get(k)),
          digits);
    }

    double toleranceSec = maxStartLateness.toNanos() / NANOS_PER_SEC;
    List<String> late = new ArrayList<>();
    StringBuilder lateness = new StringBuilder();
    List<String> unagreed = new ArrayList<>();
    for (ShardResult s : ordered) {
      if (lateness.length() > 0) lateness.append(',');
      if (Double.isNaN(s.startLatenessSec())) {
        lateness.append(s.shard().index()).append(":unknown");
        unagreed.add(s.shard().toString());
        continue;
      }
      lateness.append(s.shard().index()).append(':').append(fmt(s.startLatenessSec() * 1e3));
      if (s.startLatenessSec() > toleranceSec) {
        late.add("shard " + s.shard() + " started " + fmt(s.startLatenessSec()) + " s late");
      }
    }
    String invalid = late.isEmpty() ? "" : String.join(", ", late) + " (tolerance " + fmt(toleranceSec) + " s)";

    // The whole run's plan, which every shard records: its phases' rules, stop statuses included.
    RunPlan plan = ref.result().plan();
    List<Histogram> histograms = new ArrayList<>();
    List<BenchmarkResult.PhaseResult> phases = new ArrayList<>();
    // Judged as the whole run judges: the same context, decisions and notes, with the whole run's phase rules.
    PhaseJudge judge = new PhaseJudge(policy);
    int k = 0;
    while (k < steps) {
      String phase = refSteps.get(k).phase();
      PhaseJudge.Course course = judge.begin(plan.phase(phase));
      List<StepResult> done = new ArrayList<>();
      String stopReason = "";
      for (; k < steps && refSteps.get(k).phase().equals(phase); k++) {
        int at = k;
        // The shards that had a part of this step: all of them, or the first few of a step smaller than the count.
        List<ShardResult> runners = runners(ordered, refSteps.get(at));
        List<StepResult> parts = runners.stream().map(s -> partOf(s, refSteps.get(at))).toList();
        Histogram merged = new Histogram(digits);
        for (ShardResult s : runners) merged.add(s.latency().get(refSteps.get(at).testName()));
        merged.setTag(refSteps.get(at).testName());
        merged.setStartTimeStamp(runners.stream().mapToLong(s -> s.latency().get(refSteps.get(at).testName())
            .getStartTimeStamp()).min().orElse(0));
        merged.setEndTimeStamp(runners.stream().mapToLong(s -> s.latency().get(refSteps.get(at).testName())
            .getEndTimeStamp()).max().orElse(0));
        histograms.add(merged);
        Map<IntervalLog.StreamMetric, Histogram> stream = streamHistograms(runners, refSteps.get(at).testName(),
            digits, merged);
        histograms.addAll(stream.values());
        StepStatistics stats = ShardedStepFigures.statistics(parts, merged, stream.get(IntervalLog.StreamMetric.ITL),
            stream.get(IntervalLog.StreamMetric.E2E));
        long crossSpreadNanos = Math.multiplyExact(runners.stream().mapToLong(s -> s.latency()
            .get(refSteps.get(at).testName()).getStartTimeStamp()).max().orElse(0) - merged.getStartTimeStamp(),
            1_000_000L);
        StepMeasurement measurement = ShardedStepFigures.measurement(parts, crossSpreadNanos);
        StepResult r0 = parts.get(0);
        int concurrency = parts.stream().mapToInt(StepResult::concurrency).sum();
        StepResult judged = course.judge(r0.testName(), r0.testType(), concurrency, stats, measurement);
        String reason = judged.verdict().reason();
        if (crossSpreadNanos > maxStartLateness.toNanos()) {
          reason = (reason.isEmpty() ? "" : reason + "; ") + "the shards started this step "
              + fmt(crossSpreadNanos / NANOS_PER_SEC) + " s apart by their clocks";
        }
        String overlap = overlapNote(ordered, refSteps.get(at), merged);
        if (!overlap.isEmpty()) reason = (reason.isEmpty() ? "" : reason + "; ") + overlap;
        if (!invalid.isEmpty()) reason = INVALID + invalid + (reason.isEmpty() ? "" : "; " + reason);
        StepResult result = new StepResult(judged.phase(), judged.testName(), judged.testType(), concurrency, stats,
            new Verdict(judged.status(), reason, judged.verdict().rules()), measurement);
        boolean moreSteps = k + 1 < steps && refSteps.get(k + 1).phase().equals(phase);
        Optional<String> stop = course.stopReason(result, moreSteps);
        if (stopReason.isEmpty() && stop.isPresent()) {
          stopReason = stop.get() + " (the shards ran the phase's remaining steps; they are kept)";
        }
        done.add(result);
      }
      phases.add(new BenchmarkResult.PhaseResult(phase, done, stopReason));
      course.end();
    }

    Map<String, String> settings = new LinkedHashMap<>();
    ref.result().settings().forEach((key, v) -> {
      if (!ShardSettings.PER_SHARD.contains(key)) settings.put(key, v);
    });
    settings.put("merged_shards", String.valueOf(ordered.size()));
    settings.put("merge_max_start_lateness_sec", fmt(toleranceSec));
    settings.put("merge_start_lateness_ms", lateness.toString());
    if (!invalid.isEmpty()) settings.put("merge_invalid", invalid + ": every step is invalid");
    if (!unagreed.isEmpty()) {
      settings.put("merge_unagreed_start", "shard " + String.join(", ", unagreed) + " ran without --start-at: "
          + "when it started is unknown");
    }
    settings.put("merge_bounds", "max_in_flight is the sum of the shards' peaks (an upper bound) and mean_in_flight "
        + "the sum of their means; start_spread is a lower bound (the widest shard's, or the shards' step starts "
        + "on their own clocks); wall_clock_sec is the longest shard's (a lower bound), so wall throughputs and "
        + "goodput rates are upper bounds; open-loop achieved_rate is the sum of the shards'; send-delay "
        + "percentiles are the worst shard's (upper bounds); streamed itl and e2e come from the added histograms "
        + "(min, mean, stddev and max to their 0.1 % resolution)");
    settings.put("merge_not_merged", "client health, server metrics");
    if (!plan.recorded()) {
      settings.put("merge_status_rules", "the shards recorded no phase rules: statuses use no baseline and no "
          + "previous step");
    }

    List<String> ended = new ArrayList<>();
    for (ShardResult s : ordered) {
      if (!s.result().completed()) ended.add("shard " + s.shard() + ": " + s.result().abortReason());
    }
    boolean partial = ordered.stream().anyMatch(s -> s.result().steps().size() > expectedUpTo(s, refSteps, steps));
    String abortReason = ended.isEmpty() && !partial ? ""
        : String.join("; ", ended) + (partial ? (ended.isEmpty() ? "" : "; ") + "merged the " + steps
            + " steps every shard finished" : "");
    Instant started = ordered.stream().map(s -> s.result().startedAt()).min(Comparator.naturalOrder()).orElseThrow();
    Instant finished = ordered.stream().map(s -> s.result().finishedAt()).max(Comparator.naturalOrder()).orElseThrow();
    BenchmarkResult result = new BenchmarkResult(ref.result().name(), ref.result().baseUrl(), ref.result().model(),
        settings, ref.result().environment(), started, finished, phases,
        abortReason.isEmpty() ? io.github.llmbench.api.BenchmarkResult.AbortReason.NONE
            : new io.github.llmbench.api.BenchmarkResult.AbortReason(io.github.llmbench.api.BenchmarkResult.AbortReason.Kind.OTHER, abortReason),
        ordered.stream().mapToLong(s -> s.result().sinkFailures()).sum(), ref.result().preflight(), plan);
    return new Merged(result, histograms);
  }

  /** Shards 0 to N-1 each once, all of the same count; in index order. */
  private static List<ShardResult> checkShards(List<ShardResult> shards) {
    int count = shards.get(0).shard().count();
    ShardResult[] byIndex = new ShardResult[count];
    for (ShardResult s : shards) {
      if (s.shard().count() != count) {
        throw new MergeRefusedException("shard counts differ: " + shards.get(0).source() + " is one of " + count
            + ", " + s.source() + " one of " + s.shard().count());
      }
      ShardResult seen = byIndex[s.shard().index()];
      if (seen != null) {
        throw new MergeRefusedException("duplicate shard " + s.shard() + ": " + seen.source() + " and " + s.source());
      }
      byIndex[s.shard().index()] = s;
    }
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < count; i++) if (byIndex[i] == null) missing.add(i);
    if (!missing.isEmpty()) {
      throw new MergeRefusedException("missing shard" + (missing.size() > 1 ? "s " : " ") + missing.stream()
          .map(i -> i + "/" + count).reduce((a, b) -> a + ", " + b).orElse("") + " (" + shards.size() + " of "
          + count + " given)");
    }
    return List.of(byIndex);
  }

  private static void checkSameRun(ShardResult ref, ShardResult s) {
    same(ref, s, "model", BenchmarkResult::model);
    same(ref, s, "base URL", BenchmarkResult::baseUrl);
    same(ref, s, "benchmark name", BenchmarkResult::name);
    Map<String, String> a = new TreeMap<>(ref.result().settings());
    Map<String, String> b = new TreeMap<>(s.result().settings());
    ShardSettings.PER_SHARD.forEach(key -> {
      a.remove(key);
      b.remove(key);
    });
    if (!a.equals(b)) {
      for (String key : union(a, b)) {
        if (!Objects.equals(a.get(key), b.get(key))) {
          throw new MergeRefusedException("mismatched settings: " + key + " is " + a.get(key) + " in "
              + ref.source() + " but " + b.get(key) + " in " + s.source());
        }
      }
    }
  }

  private static List<String> union(Map<String, String> a, Map<String, String> b) {
    TreeMap<String, String> all = new TreeMap<>(a);
    all.putAll(b);
    return new ArrayList<>(all.keySet());
  }

  private static void same(ShardResult ref, ShardResult s, String what, Function<BenchmarkResult, String> get) {
    if (!get.apply(ref.result()).equals(get.apply(s.result()))) {
      throw new MergeRefusedException("mismatched " + what + ": " + get.apply(ref.result()) + " in " + ref.source()
          + " but " + get.apply(s.result()) + " in " + s.source());
    }
  }

  /** How many steps every shard finished; refuses shards whose steps differ. */
  /**
   * How many of the first shard's steps every shard finished its part of. The first shard has a part of every step
   * ({@link Shard#of(io.github.llmbench.api.Step)}); another has the same steps in the same order, less those it
   * had no part of ({@link Shard#SKIPPED_STEPS_SETTING}).
   */
  private static int commonSteps(List<ShardResult> shards) {
    List<StepResult> ref = shards.get(0).result().steps();
    int common = ref.size();
    for (ShardResult s : shards) {
      java.util.Set<String> skipped = skipped(s);
      List<StepResult> own = s.result().steps();
      int at = 0;
      int k = 0;
      for (; k < ref.size(); k++) {
        StepResult a = ref.get(k);
        if (skipped.contains(key(a))) continue;
        if (at >= own.size()) break;
        StepResult b = own.get(at++);
        if (!a.phase().equals(b.phase()) || !a.testName().equals(b.testName()) || !a.testType().equals(b.testType())) {
          throw new MergeRefusedException("mismatched steps: step " + (k + 1) + " is " + a.phase() + "/"
              + a.testName() + " in " + shards.get(0).source() + " but " + b.phase() + "/" + b.testName() + " in "
              + s.source());
        }
      }
      common = Math.min(common, k);
    }
    if (common == 0) throw new MergeRefusedException("no step that every shard finished");
    return common;
  }

  /**
   * Whether another step's requests were sent while this one ran: shards run their steps one after another on
   * their own, so a shard that had no part of a step (or finished its part early) goes on to the next while others
   * still run this one, and the server sees both loads. Names the longest such overlap, by the shards' wall clocks
   * (their interval logs' start and end), when it covers more than {@value #OVERLAP_SHARE_NOTED} of the step's
   * window and more than {@value #OVERLAP_MILLIS_NOTED} ms; empty otherwise. With the shards' step barrier
   * ({@code ShardStepBarrier}) none should.
   */
  private static String overlapNote(List<ShardResult> shards, StepResult step, Histogram merged) {
    long startMs = merged.getStartTimeStamp();
    long endMs = merged.getEndTimeStamp();
    long longestMs = 0;
    String what = "";
    for (ShardResult s : shards) {
      for (Map.Entry<String, Histogram> e : s.latency().entrySet()) {
        if (e.getKey().equals(step.testName())) continue;
        long overlapMs = Math.min(endMs, e.getValue().getEndTimeStamp())
            - Math.max(startMs, e.getValue().getStartTimeStamp());
        if (overlapMs > longestMs) {
          longestMs = overlapMs;
          what = "shard " + s.shard() + " sent " + e.getKey() + "'s requests during " + fmt(overlapMs / 1e3)
              + " s of this step";
        }
      }
    }
    long windowMs = Math.max(1, endMs - startMs);
    return longestMs > OVERLAP_SHARE_NOTED * windowMs && longestMs > OVERLAP_MILLIS_NOTED
        ? "overlapped: " + what + " (" + fmt(100.0 * longestMs / windowMs) + " %)" : "";
  }

  /** The shards that had a part of a step of the first shard's. */
  private static List<ShardResult> runners(List<ShardResult> shards, StepResult step) {
    return shards.stream().filter(s -> !skipped(s).contains(key(step))).toList();
  }

  /** A shard's part of a step of the first shard's (it ran one: see {@link #runners}). */
  private static StepResult partOf(ShardResult s, StepResult step) {
    return s.result().steps().stream().filter(own -> key(own).equals(key(step))).findFirst().orElseThrow();
  }

  /** How many of its steps a shard was to finish for the first {@code steps} of the first shard's to merge. */
  private static int expectedUpTo(ShardResult s, List<StepResult> ref, int steps) {
    java.util.Set<String> skipped = skipped(s);
    return (int) ref.subList(0, steps).stream().filter(r -> !skipped.contains(key(r))).count();
  }

  private static java.util.Set<String> skipped(ShardResult s) {
    String text = s.result().settings().getOrDefault(Shard.SKIPPED_STEPS_SETTING, "");
    return text.isEmpty() ? java.util.Set.of() : java.util.Set.of(text.split(","));
  }

  private static String key(StepResult step) {
    return step.phase() + "/" + step.testName();
  }


  private static int checkHistogram(ShardResult s, StepResult step, int digits) {
    Histogram h = s.latency().get(step.testName());
    if (h == null) {
      throw new MergeRefusedException(s.source() + ": its interval log has no histogram of step " + step.testName());
    }
    StepSamples samples = step.statistics().measured().samples().orElseThrow(() -> new MergeRefusedException(s.source()
        + ": step " + step.testName() + " has no per-request samples (written by an llmbench without them?)"));
    if (h.getTotalCount() != samples.size()) {
      throw new MergeRefusedException(s.source() + ": step " + step.testName() + " has " + samples.size()
          + " latency samples but its interval histogram " + h.getTotalCount() + " values");
    }
    int own = h.getNumberOfSignificantValueDigits();
    if (digits >= 0 && own != digits) {
      throw new MergeRefusedException("histograms of different precision: " + s.source() + " step "
          + step.testName() + " has " + own + " significant digits, the others " + digits);
    }
    return own;
  }

  /** A streamed step's metric histograms, added over the shards; only the metrics every shard logged. */
  private static Map<IntervalLog.StreamMetric, Histogram> streamHistograms(List<ShardResult> shards, String step,
      int digits, Histogram latency) {
    Map<IntervalLog.StreamMetric, Histogram> out = new java.util.EnumMap<>(IntervalLog.StreamMetric.class);
    for (IntervalLog.StreamMetric metric : IntervalLog.StreamMetric.values()) {
      String tag = IntervalLog.tag(step, metric);
      if (shards.stream().anyMatch(s -> !s.latency().containsKey(tag))) continue;
      Histogram sum = new Histogram(digits);
      for (ShardResult s : shards) {
        Histogram h = s.latency().get(tag);
        if (h.getNumberOfSignificantValueDigits() != digits) {
          throw new MergeRefusedException("histograms of different precision: " + s.source() + " " + tag + " has "
              + h.getNumberOfSignificantValueDigits() + " significant digits, the others " + digits);
        }
        sum.add(h);
      }
      sum.setTag(tag);
      sum.setStartTimeStamp(latency.getStartTimeStamp());
      sum.setEndTimeStamp(latency.getEndTimeStamp());
      out.put(metric, sum);
    }
    return out;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
