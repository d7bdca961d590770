package io.github.llmbench.core.internal;

import io.github.llmbench.api.Goodput;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Slo;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.StreamStatistics;
import io.github.llmbench.api.Trim;
import io.github.llmbench.core.StepFigures;
import io.github.llmbench.core.stats.Samples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * Turns the outcomes of one step into its {@link StepStatistics}: the unified script's figures, quirks included,
 * and the corrected figures beside them. Pure function of its input, no HTTP, no clock.
 *
 * <p>The script's figures: percentiles over the sorted latencies of successful requests with the script's rule
 * ({@link StepFigures#script}); {@code durationSec} = the largest single latency of all results (1 when there is
 * none); throughputs = tokens of successful requests / {@code durationSec}; {@code successRate} = successful /
 * {@code numRequests}.
 *
 * <p>The corrected figures: the wall-clock duration (earliest start to latest end), throughputs over it, and a
 * {@link LatencySummary} of the successful latencies: percentiles from an HdrHistogram in nanoseconds with 3
 * significant digits (so within 0.1 % of the exact value, capped at the exact maximum), exact min and max, the
 * mean and the <b>sample</b> standard deviation (n - 1 in the denominator, Commons Math
 * {@link SummaryStatistics#getStandardDeviation()}; 0 for a single value).
 */
public final class StepAggregator {
  private static final double NANOS_PER_SEC = 1e9;

  private StepAggregator() {}

  /**
   * The step's figures, with its stream figures when its responses were streamed, its schedule figures when it was
   * an open loop, and its goodput when there are SLOs.
   */
  public static StepStatistics aggregate(List<RequestOutcome> outcomes, Step step, Optional<Slo> slo) {
    return aggregate(outcomes, outcomes, step, slo);
  }

  /**
   * Like {@link #aggregate(List, Step, Optional)} for a trimmed step: the counts (requests, successes, failures by
   * cause) come from every outcome, every other figure from the {@code kept} ones only.
   */
  public static StepStatistics aggregate(List<RequestOutcome> all, List<RequestOutcome> kept, Step step,
      Optional<Slo> slo) {
    StepStatistics base = aggregate(all, kept, step.numRequests());
    Optional<OpenLoopStatistics> open = step.openLoop() == null ? Optional.empty()
        : Optional.of(openLoop(kept, step.openLoop()));
    Optional<Goodput> goodput = slo.map(s -> goodput(kept, s, kept.size(), base.measured().wallClockSec()));
    // The per-request samples go with the figures, so that runs can be compared and shards merged exactly.
    return base.withExtras(base.measured().stream(), open, goodput).withSamples(Optional.of(Samples.of(kept)));
  }

  /** The outcomes a step's {@link Trim} keeps in its figures, and how many it left out. */
  public record Trimmed(List<RequestOutcome> kept, int trimmed) {}

  /**
   * Leaves out the step's first {@code warmup} requests by send time and, of the rest, the last {@code cooldown} by
   * completion time.
   */
  public static Trimmed trim(List<RequestOutcome> outcomes, Step step) {
    Trim trim = step.trim();
    if (trim.isNone() || outcomes.isEmpty()) return new Trimmed(outcomes, 0);
    int warmup = Math.min(outcomes.size(), trim.warmupCount(step.numRequests()));
    List<RequestOutcome> bySend = new ArrayList<>(outcomes);
    bySend.sort(Comparator.comparingLong(RequestOutcome::startOffsetNanos)
        .thenComparingInt(RequestOutcome::requestIndex));
    List<RequestOutcome> rest = new ArrayList<>(bySend.subList(warmup, bySend.size()));
    int cooldown = Math.min(rest.size(), trim.cooldownCount(step.numRequests()));
    rest.sort(Comparator.comparingLong((RequestOutcome o) -> o.startOffsetNanos() + o.latencyNanos())
        .thenComparingInt(RequestOutcome::requestIndex));
    List<RequestOutcome> kept = List.copyOf(rest.subList(0, rest.size() - cooldown));
    return new Trimmed(kept, outcomes.size() - kept.size());
  }

  /**
   * @param outcomes the outcomes of the step's requests, in any order
   * @param numRequests how many requests the step sent (the denominator of the success rate)
   */
  public static StepStatistics aggregate(List<RequestOutcome> outcomes, int numRequests) {
    return aggregate(outcomes, outcomes, numRequests);
  }

  private static StepStatistics aggregate(List<RequestOutcome> all, List<RequestOutcome> outcomes,
      int numRequests) {
    if (numRequests <= 0) throw new IllegalArgumentException("numRequests (" + numRequests + ") should be positive");
    int successfulAll = 0;
    Map<String, Integer> failures = new TreeMap<>();
    for (RequestOutcome o : all) {
      if (o.success()) {
        successfulAll++;
      } else {
        failures.merge(o.failureCause(), 1, Integer::sum);
      }
    }
    int successful = 0;
    long promptTokens = 0;
    long completionTokens = 0;
    long maxLatencyNanos = Long.MIN_VALUE;
    long firstStart = Long.MAX_VALUE;
    long lastEnd = Long.MIN_VALUE;
    long[] okLatencies = new long[outcomes.size()];
    for (RequestOutcome o : outcomes) {
      maxLatencyNanos = Math.max(maxLatencyNanos, o.latencyNanos());
      firstStart = Math.min(firstStart, o.startOffsetNanos());
      lastEnd = Math.max(lastEnd, o.startOffsetNanos() + o.latencyNanos());
      if (o.success()) {
        okLatencies[successful++] = o.latencyNanos();
        promptTokens += o.promptTokens();
        completionTokens += o.completionTokens();
      }
    }
    long[] sorted = Arrays.copyOf(okLatencies, successful);
    Arrays.sort(sorted);
    double durationSec = outcomes.isEmpty() ? 1.0 : maxLatencyNanos / NANOS_PER_SEC;
    double wallClockSec = outcomes.isEmpty() ? 0 : (lastEnd - firstStart) / NANOS_PER_SEC;
    return StepFigures.of(new StepFigures.Totals(numRequests, successfulAll, all.size() - successfulAll, failures,
            promptTokens, completionTokens, durationSec, wallClockSec), sorted, null)
        .withExtras(stream(outcomes), Optional.empty(), Optional.empty())
        .withReasoning(reasoning(outcomes));
  }

  /**
   * What the successful requests that reasoned spent on it: their reasoning and answer tokens, those left without
   * an answer (the first ones named by request id), and the time to first output token of the streamed ones that
   * answered; empty when none reasoned.
   */
  static Optional<StepStatistics.ReasoningFigures> reasoning(List<RequestOutcome> outcomes) {
    List<RequestOutcome> reasoned = outcomes.stream().filter(o -> o.success() && o.reasoning() != null)
        .sorted(Comparator.comparingInt(RequestOutcome::requestIndex)).toList();
    if (reasoned.isEmpty()) return Optional.empty();
    long reasoningTokens = 0;
    long answerTokens = 0;
    boolean estimated = false;
    long unanswered = 0;
    long atLimit = 0;
    List<String> named = new ArrayList<>();
    LongList firstOutput = new LongList();
    for (RequestOutcome o : reasoned) {
      RequestOutcome.Reasoning r = o.reasoning();
      reasoningTokens += r.tokens();
      answerTokens += r.answerTokens(o.completionTokens());
      estimated |= r.tokensEstimated();
      if (!r.answered()) {
        unanswered++;
        if (r.stoppedByLength()) atLimit++;
        if (named.size() < StepStatistics.ReasoningFigures.NAMED_UNANSWERED) named.add(o.requestId());
      }
      RequestOutcome.StreamTiming t = o.streamTiming();
      if (t != null && t.firstOutputNanos() != RequestOutcome.StreamTiming.NO_OUTPUT) {
        firstOutput.add(t.firstOutputNanos());
      }
    }
    return Optional.of(new StepStatistics.ReasoningFigures(reasoned.size(), reasoningTokens, answerTokens,
        estimated, unanswered, atLimit, named, summarizeUnsorted(firstOutput)));
  }

  /**
   * Time to first token, inter-token gaps, time per output token and end-to-end latency over the successful
   * outcomes that carry stream timing; empty when none does.
   */
  static Optional<StreamStatistics> stream(List<RequestOutcome> outcomes) {
    LongList ttft = new LongList();
    LongList e2e = new LongList();
    LongList tpot = new LongList();
    LongList itl = new LongList();
    boolean estimated = false;
    for (RequestOutcome o : outcomes) {
      RequestOutcome.StreamTiming t = o.streamTiming();
      if (!o.success() || t == null) continue;
      ttft.add(t.ttftNanos());
      e2e.add(t.e2eNanos());
      double perToken = t.tpotNanos(o.completionTokens());
      if (perToken >= 0) tpot.add(Math.round(perToken));
      for (long gap : t.interTokenGapsNanos()) itl.add(gap);
      estimated |= t.tokensEstimated();
    }
    if (ttft.size() == 0) return Optional.empty();
    return Optional.of(new StreamStatistics(ttft.size(), summarizeUnsorted(ttft), summarizeUnsorted(itl),
        summarizeUnsorted(tpot), summarizeUnsorted(e2e), estimated));
  }

  /**
   * The schedule's figures: the achieved rate over the actual send times ({@code (sent - 1) / (last - first)}) and
   * the distribution of how late each request was sent.
   */
  static OpenLoopStatistics openLoop(List<RequestOutcome> outcomes, Load.OpenLoop load) {
    LongList delays = new LongList();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (RequestOutcome o : outcomes) {
      long sent = o.startOffsetNanos() + o.sendDelayNanos();
      first = Math.min(first, sent);
      last = Math.max(last, sent);
      delays.add(o.sendDelayNanos());
    }
    double achieved = outcomes.size() >= 2 && last > first ? (outcomes.size() - 1) / ((last - first) / NANOS_PER_SEC)
        : 0;
    return new OpenLoopStatistics(load.arrival(), load.burstiness(), load.ratePerSec(), load.ramp(),
        load.maxConcurrency(), achieved, summarizeUnsorted(delays));
  }

  /** How many requests met every objective, their share of the step and their rate over its wall-clock time. */
  static Goodput goodput(List<RequestOutcome> outcomes, Slo slo, int numRequests, double wallClockSec) {
    long met = 0;
    long tokens = 0;
    for (RequestOutcome o : outcomes) {
      if (slo.met(o)) {
        met++;
        tokens += o.completionTokens();
      }
    }
    return new Goodput(slo.describe(), met, (double) met / numRequests, wallClockSec > 0 ? met / wallClockSec : 0,
        wallClockSec > 0 ? tokens / wallClockSec : 0);
  }

  private static LatencySummary summarizeUnsorted(LongList values) {
    return StepFigures.summaryOfUnsorted(values.toArray());
  }

  /** A growable array of longs: stream steps record one gap per token. */
  private static final class LongList {
    private long[] values = new long[16];
    private int size;

    void add(long v) {
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size++] = v;
    }

    int size() {
      return size;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
