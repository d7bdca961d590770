package io.github.llmbench.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The figures of one step, before it is classified: its counts, then two groups kept apart.
 *
 * <p>{@link #script()} follows the unified script exactly, quirks included: percentiles take the lower sample
 * without interpolation, over successful requests only (0 when none succeeded); its duration is the <b>largest
 * single-request latency</b> (1 when there were no results), not the step's wall time; throughputs divide the tokens
 * of successful requests by it.
 *
 * <p>{@link #measured()} is what a capacity planner should read beside them: the wall-clock duration of the step
 * (first send to last completion) and the throughputs over it, an interpolated latency distribution, failures by
 * cause, and the stream, open-loop, goodput figures and samples when the step has them.
 *
 * @param numRequests requests sent
 * @param successful requests that succeeded
 * @param failed requests that failed
 * @param successRate successful / numRequests
 * @param promptTokens prompt tokens over successful requests
 * @param completionTokens completion tokens over successful requests
 * @param script the unified script's figures
 * @param measured llmbench's own figures
 */
public record StepStatistics(int numRequests, int successful, int failed, double successRate, long promptTokens,
    long completionTokens, ScriptFigures script, MeasuredFigures measured) {
  public StepStatistics {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(measured, "measured");
  }

  /**
   * The unified script's figures, quirks included (see {@link StepStatistics}).
   *
   * @param durationSec the script's duration: the largest single latency
   * @param latencyP50Sec the script's p50 in seconds
   * @param latencyP95Sec the script's p95 in seconds
   * @param latencyP99Sec the script's p99 in seconds
   * @param throughputTotal (prompt + completion tokens) / durationSec
   * @param throughputOutput completion tokens / durationSec
   */
  public record ScriptFigures(double durationSec, double latencyP50Sec, double latencyP95Sec, double latencyP99Sec,
      double throughputTotal, double throughputOutput) {}

  /**
   * llmbench's own figures, measured as a capacity planner reads them.
   *
   * @param wallClockSec from the first request's start to the last one's end
   * @param wallThroughputTotal (prompt + completion tokens) / wallClockSec
   * @param wallThroughputOutput completion tokens / wallClockSec
   * @param latency the distribution of successful requests' latencies
   * @param failures failed requests by {@link RequestOutcome#failureCause() cause}, sorted by cause
   * @param stream time to first token, inter-token latency, time per output token and end-to-end latency, when
   *     the step's responses were streamed
   * @param reasoning what the step's requests spent on thinking, when any successful one reasoned
   * @param openLoop the achieved rate and send delays, when the step was an open loop
   * @param goodput the share and rate of requests that met the benchmark's {@link Slo}, when it has one
   * @param samples the successful requests' own values (latency, tokens, TTFT, TPOT), when the engine kept them;
   *     run comparison and confidence intervals need them
   */
  public record MeasuredFigures(double wallClockSec, double wallThroughputTotal, double wallThroughputOutput,
      LatencySummary latency, Map<String, Integer> failures, Optional<StreamStatistics> stream,
      Optional<ReasoningFigures> reasoning, Optional<OpenLoopStatistics> openLoop, Optional<Goodput> goodput,
      Optional<StepSamples> samples) {
    public MeasuredFigures {
      Objects.requireNonNull(latency, "latency");
      failures = java.util.Collections.unmodifiableMap(new TreeMap<>(failures));
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(reasoning, "reasoning");
      Objects.requireNonNull(openLoop, "openLoop");
      Objects.requireNonNull(goodput, "goodput");
      Objects.requireNonNull(samples, "samples");
    }
  }

  /**
   * What a reasoning model spent on thinking in one step, over its successful requests that reasoned (see
   * {@link RequestOutcome.Reasoning}).
   *
   * @param requests successful requests that carried reasoning
   * @param reasoningTokens their reasoning tokens
   * @param answerTokens their completion tokens without the reasoning tokens
   * @param tokensEstimated true when at least one request's reasoning tokens were counted from its chunks because
   *     the server reported none
   * @param unanswered requests that reasoned and gave no answer: no content and no tool call
   * @param unansweredAtLimit of those, the ones that stopped at their token limit ({@code finish_reason:
   *     "length"}): all of {@code max_tokens} went on reasoning
   * @param unansweredIds the request ids ({@code X-Request-Id}) of the first {@value #NAMED_UNANSWERED} unanswered
   *     requests, to find them in the server's logs
   * @param firstOutput time to first output token of the streamed ones that answered: to their first
   *     non-reasoning content or tool call
   */
  public record ReasoningFigures(long requests, long reasoningTokens, long answerTokens, boolean tokensEstimated,
      long unanswered, long unansweredAtLimit, List<String> unansweredIds, LatencySummary firstOutput) {
    /** How many unanswered requests are named. */
    public static final int NAMED_UNANSWERED = 10;

    public ReasoningFigures {
      if (unansweredAtLimit > unanswered || unanswered > requests) {
        throw new IllegalArgumentException("unansweredAtLimit (" + unansweredAtLimit + ") <= unanswered ("
            + unanswered + ") <= requests (" + requests + ") should hold");
      }
      unansweredIds = List.copyOf(unansweredIds);
      Objects.requireNonNull(firstOutput, "firstOutput");
    }
  }

  /** A builder: every figure by name, absent ones empty or 0 ({@link LatencySummary#EMPTY}, no failures). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these figures. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.numRequests = numRequests;
    b.successful = successful;
    b.failed = failed;
    b.successRate = successRate;
    b.promptTokens = promptTokens;
    b.completionTokens = completionTokens;
    b.durationSec = script.durationSec();
    b.latencyP50Sec = script.latencyP50Sec();
    b.latencyP95Sec = script.latencyP95Sec();
    b.latencyP99Sec = script.latencyP99Sec();
    b.throughputTotal = script.throughputTotal();
    b.throughputOutput = script.throughputOutput();
    b.wallClockSec = measured.wallClockSec();
    b.wallThroughputTotal = measured.wallThroughputTotal();
    b.wallThroughputOutput = measured.wallThroughputOutput();
    b.latency = measured.latency();
    b.failures = measured.failures();
    b.stream = measured.stream();
    b.reasoning = measured.reasoning();
    b.openLoop = measured.openLoop();
    b.goodput = measured.goodput();
    b.samples = measured.samples();
    return b;
  }

  /**
   * Builds {@link StepStatistics} by name, so nobody counts positions. Mutable, not thread-safe; further updates
   * do not affect figures already built.
   */
  public static final class Builder {
    private int numRequests;
    private int successful;
    private int failed;
    private double successRate;
    private double durationSec;
    private double latencyP50Sec;
    private double latencyP95Sec;
    private double latencyP99Sec;
    private double throughputTotal;
    private double throughputOutput;
    private long promptTokens;
    private long completionTokens;
    private double wallClockSec;
    private double wallThroughputTotal;
    private double wallThroughputOutput;
    private LatencySummary latency = LatencySummary.EMPTY;
    private Map<String, Integer> failures = Map.of();
    private Optional<StreamStatistics> stream = Optional.empty();
    private Optional<ReasoningFigures> reasoning = Optional.empty();
    private Optional<OpenLoopStatistics> openLoop = Optional.empty();
    private Optional<Goodput> goodput = Optional.empty();
    private Optional<StepSamples> samples = Optional.empty();

    private Builder() {}

    /** Requests sent, successful and failed. */
    public Builder requests(int numRequests, int successful, int failed) {
      this.numRequests = numRequests;
      this.successful = successful;
      this.failed = failed;
      return this;
    }

    public Builder successRate(double successRate) {
      this.successRate = successRate;
      return this;
    }

    /** The script's duration: its longest single latency, in seconds. */
    public Builder durationSec(double durationSec) {
      this.durationSec = durationSec;
      return this;
    }

    /** The script's p50, p95 and p99, in seconds. */
    public Builder scriptLatencySec(double p50, double p95, double p99) {
      this.latencyP50Sec = p50;
      this.latencyP95Sec = p95;
      this.latencyP99Sec = p99;
      return this;
    }

    /** The script's throughputs, tokens per second over its duration. */
    public Builder throughput(double total, double output) {
      this.throughputTotal = total;
      this.throughputOutput = output;
      return this;
    }

    public Builder tokens(long prompt, long completion) {
      this.promptTokens = prompt;
      this.completionTokens = completion;
      return this;
    }

    /** The wall-clock duration in seconds and the throughputs over it. */
    public Builder wallClock(double seconds, double throughputTotal, double throughputOutput) {
      this.wallClockSec = seconds;
      this.wallThroughputTotal = throughputTotal;
      this.wallThroughputOutput = throughputOutput;
      return this;
    }

    public Builder latency(LatencySummary latency) {
      this.latency = Objects.requireNonNull(latency, "latency");
      return this;
    }

    public Builder failures(Map<String, Integer> failures) {
      this.failures = Objects.requireNonNull(failures, "failures");
      return this;
    }

    public Builder stream(Optional<StreamStatistics> stream) {
      this.stream = Objects.requireNonNull(stream, "stream");
      return this;
    }

    public Builder reasoning(Optional<ReasoningFigures> reasoning) {
      this.reasoning = Objects.requireNonNull(reasoning, "reasoning");
      return this;
    }

    public Builder openLoop(Optional<OpenLoopStatistics> openLoop) {
      this.openLoop = Objects.requireNonNull(openLoop, "openLoop");
      return this;
    }

    public Builder goodput(Optional<Goodput> goodput) {
      this.goodput = Objects.requireNonNull(goodput, "goodput");
      return this;
    }

    public Builder samples(Optional<StepSamples> samples) {
      this.samples = Objects.requireNonNull(samples, "samples");
      return this;
    }

    public StepStatistics build() {
      return new StepStatistics(numRequests, successful, failed, successRate, promptTokens, completionTokens,
          new ScriptFigures(durationSec, latencyP50Sec, latencyP95Sec, latencyP99Sec, throughputTotal,
              throughputOutput),
          new MeasuredFigures(wallClockSec, wallThroughputTotal, wallThroughputOutput, latency, failures, stream,
              reasoning, openLoop, goodput, samples));
    }
  }

  /** These figures with the stream, open-loop and goodput figures replaced (the samples are kept). */
  public StepStatistics withExtras(Optional<StreamStatistics> stream, Optional<OpenLoopStatistics> openLoop,
      Optional<Goodput> goodput) {
    return toBuilder().stream(stream).openLoop(openLoop).goodput(goodput).build();
  }

  /** These figures with the reasoning figures replaced. */
  public StepStatistics withReasoning(Optional<ReasoningFigures> reasoning) {
    return toBuilder().reasoning(reasoning).build();
  }

  /** These figures with the per-request samples replaced. */
  public StepStatistics withSamples(Optional<StepSamples> samples) {
    return toBuilder().samples(samples).build();
  }
}
