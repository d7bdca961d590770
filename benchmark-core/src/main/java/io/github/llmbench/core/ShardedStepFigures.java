package io.github.llmbench.core;

import io.github.llmbench.api.Goodput;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepSamples;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.StreamStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * A step's figures from the parts its shards ran, beside {@link StepFigures} (which computes them from one run's
 * requests): the merge of shards ({@code report.merge.ShardMerger}, whose Javadoc lists which merged figures are
 * exact and which are bounds) validates the parts and adds their histograms, and this class does the arithmetic.
 */
public final class ShardedStepFigures {
  private ShardedStepFigures() {}

  /**
   * The whole step's figures from its shards' parts: counts, tokens and failures summed; the script's duration and
   * the wall clock the longest part's; the latency distribution from the merged samples (sorted) and histogram;
   * stream, open-loop and goodput figures as {@link ShardedStepFigures} says.
   *
   * @param parts each shard's result for the step; every part carries its samples
   * @param latency the shards' latency histograms added together
   * @param itl the shards' inter-token-latency histograms added together, when streamed
   * @param e2e the shards' streamed end-to-end histograms added together, when streamed
   */
  public static StepStatistics statistics(List<StepResult> parts, Histogram latency, @Nullable Histogram itl,
      @Nullable Histogram e2e) {
    int numRequests = 0;
    int successful = 0;
    int failed = 0;
    long prompt = 0;
    long completion = 0;
    double durationSec = 0;
    boolean anyResult = false;
    double wallSec = 0;
    Map<String, Integer> failures = new TreeMap<>();
    List<StepSamples> samples = new ArrayList<>();
    for (StepResult p : parts) {
      StepStatistics s = p.statistics();
      numRequests += s.numRequests();
      successful += s.successful();
      failed += s.failed();
      prompt += s.promptTokens();
      completion += s.completionTokens();
      if (s.successful() + s.failed() > 0) {
        anyResult = true;
        durationSec = Math.max(durationSec, s.script().durationSec());
      }
      wallSec = Math.max(wallSec, s.measured().wallClockSec());
      s.measured().failures().forEach((cause, n) -> failures.merge(cause, n, Integer::sum));
      samples.add(s.measured().samples().orElseThrow());
    }
    if (!anyResult) durationSec = 1.0;
    StepSamples all = concat(samples);
    long[] sorted = all.latencyNanos();
    Arrays.sort(sorted);
    StepStatistics base = StepFigures.of(new StepFigures.Totals(numRequests, successful, failed, failures, prompt,
        completion, durationSec, wallSec), sorted, latency);
    return base.withExtras(stream(parts, all, itl, e2e), openLoop(parts), goodput(parts, numRequests, wallSec))
        .withReasoning(reasoning(parts, all))
        .withSamples(Optional.of(all));
  }

  /**
   * The reasoning figures: counts and tokens summed, the unanswered requests named shard by shard (up to the
   * limit), the time to first output token from the merged samples.
   */
  private static Optional<StepStatistics.ReasoningFigures> reasoning(List<StepResult> parts, StepSamples all) {
    List<StepStatistics.ReasoningFigures> some = parts.stream()
        .flatMap(p -> p.statistics().measured().reasoning().stream()).toList();
    if (some.isEmpty()) return Optional.empty();
    List<String> named = some.stream().flatMap(r -> r.unansweredIds().stream())
        .limit(StepStatistics.ReasoningFigures.NAMED_UNANSWERED).toList();
    return Optional.of(new StepStatistics.ReasoningFigures(
        some.stream().mapToLong(StepStatistics.ReasoningFigures::requests).sum(),
        some.stream().mapToLong(StepStatistics.ReasoningFigures::reasoningTokens).sum(),
        some.stream().mapToLong(StepStatistics.ReasoningFigures::answerTokens).sum(),
        some.stream().anyMatch(StepStatistics.ReasoningFigures::tokensEstimated),
        some.stream().mapToLong(StepStatistics.ReasoningFigures::unanswered).sum(),
        some.stream().mapToLong(StepStatistics.ReasoningFigures::unansweredAtLimit).sum(),
        named, StepFigures.summaryOfUnsorted(all.firstOutputNanos())));
  }

  /** The shards' samples one after the other (shard by shard, each in its request order). */
  private static StepSamples concat(List<StepSamples> parts) {
    boolean tokens = parts.stream().allMatch(s -> s.size() == 0 || s.outputTokens().length == s.size());
    return new StepSamples(join(parts, StepSamples::latencyNanos),
        tokens ? join(parts, StepSamples::outputTokens) : new long[0], join(parts, StepSamples::ttftNanos),
        join(parts, StepSamples::tpotNanos), join(parts, StepSamples::firstOutputNanos));
  }

  private static long[] join(List<StepSamples> parts, Function<StepSamples, long[]> field) {
    return parts.stream().map(field).flatMapToLong(Arrays::stream).toArray();
  }

  private static Optional<StreamStatistics> stream(List<StepResult> parts, StepSamples all, @Nullable Histogram itl,
      @Nullable Histogram e2e) {
    if (parts.stream().noneMatch(p -> p.statistics().measured().stream().isPresent())) return Optional.empty();
    long requests = parts.stream()
        .mapToLong(p -> p.statistics().measured().stream().map(StreamStatistics::requests).orElse(0L))
        .sum();
    boolean estimated = parts.stream()
        .anyMatch(p -> p.statistics().measured().stream().map(StreamStatistics::tokensEstimated)
            .orElse(false));
    return Optional.of(new StreamStatistics(requests, StepFigures.summaryOfUnsorted(all.ttftNanos()),
        StepFigures.fromHistogram(itl), StepFigures.summaryOfUnsorted(all.tpotNanos()),
        StepFigures.fromHistogram(e2e), estimated));
  }

  private static Optional<OpenLoopStatistics> openLoop(List<StepResult> parts) {
    if (parts.stream().anyMatch(p -> p.statistics().measured().openLoop().isEmpty())) return Optional.empty();
    List<OpenLoopStatistics> o = parts.stream().map(p -> p.statistics().measured().openLoop().orElseThrow()).toList();
    OpenLoopStatistics first = o.get(0);
    return Optional.of(new OpenLoopStatistics(first.arrival(), first.burstiness(), first.targetRatePerSec(),
        first.ramp(), o.stream().mapToInt(OpenLoopStatistics::maxConcurrency).sum(),
        o.stream().mapToDouble(OpenLoopStatistics::achievedRatePerSec).sum(),
        pooled(o.stream().map(OpenLoopStatistics::sendDelay).toList())));
  }

  /** Exact count, min, mean, standard deviation and max of the union; each percentile the parts' largest. */
  private static LatencySummary pooled(List<LatencySummary> parts) {
    List<LatencySummary> some = parts.stream().filter(p -> p.count() > 0).toList();
    if (some.isEmpty()) return LatencySummary.EMPTY;
    long n = some.stream().mapToLong(LatencySummary::count).sum();
    double mean = some.stream().mapToDouble(p -> p.count() * p.meanSec()).sum() / n;
    double ss = 0;
    for (LatencySummary p : some) {
      ss += (p.count() - 1) * p.stddevSec() * p.stddevSec() + p.count() * (p.meanSec() - mean) * (p.meanSec() - mean);
    }
    double sd = n > 1 ? Math.sqrt(Math.max(0, ss / (n - 1))) : 0;
    return new LatencySummary(n, some.stream().mapToDouble(LatencySummary::minSec).min().orElse(0), mean, sd,
        max(some, LatencySummary::p50Sec), max(some, LatencySummary::p90Sec), max(some, LatencySummary::p95Sec),
        max(some, LatencySummary::p99Sec), max(some, LatencySummary::p999Sec), max(some, LatencySummary::maxSec));
  }

  private static double max(List<LatencySummary> parts, java.util.function.ToDoubleFunction<LatencySummary> f) {
    return parts.stream().mapToDouble(f).max().orElse(0);
  }

  private static Optional<Goodput> goodput(List<StepResult> parts, int numRequests, double wallSec) {
    if (parts.stream().anyMatch(p -> p.statistics().measured().goodput().isEmpty())) return Optional.empty();
    long met = 0;
    double tokens = 0;
    for (StepResult p : parts) {
      Goodput g = p.statistics().measured().goodput().orElseThrow();
      met += g.met();
      tokens += Math.rint(g.outputTokensPerSec() * p.statistics().measured().wallClockSec());
    }
    String slo = parts.get(0).statistics().measured().goodput().orElseThrow().slo();
    return Optional.of(new Goodput(slo, met, (double) met / numRequests, wallSec > 0 ? met / wallSec : 0,
        wallSec > 0 ? tokens / wallSec : 0));
  }

  /**
   * How the whole step was measured: workers, trimmed requests, in flight and answers summed over the shards; the
   * start spread the widest of the shards' own and {@code crossSpreadNanos} (between the shards' first sends).
   */
  public static StepMeasurement measurement(List<StepResult> parts, long crossSpreadNanos) {
    StepMeasurement first = parts.get(0).measurement();
    long spread = crossSpreadNanos;
    int workers = 0;
    int trimmed = 0;
    int maxInFlight = 0;
    double meanInFlight = 0;
    int notStreamed = 0;
    int withoutUsage = 0;
    for (StepResult p : parts) {
      StepMeasurement m = p.measurement();
      spread = Math.max(spread, m.startSpreadNanos());
      workers += m.workers();
      trimmed += m.trimmedRequests();
      maxInFlight += m.maxInFlight();
      meanInFlight += m.meanInFlight();
      notStreamed += m.answersNotStreamed();
      withoutUsage += m.answersWithoutUsage();
    }
    return new StepMeasurement(first.connectionMode(), workers, spread, first.trim(), trimmed, maxInFlight,
        meanInFlight, Optional.empty(), Optional.empty(), notStreamed, withoutUsage, first.requestShape(),
        first.transport());
  }
}
