package io.github.llmbench.report.compare;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Verdict;
import io.github.llmbench.core.internal.StepAggregator;
import io.github.llmbench.core.stats.Samples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Results built the way the engine builds them: per-request outcomes with seeded log-normal latencies (median 1 s,
 * σ = 0.25), aggregated by the engine's {@link StepAggregator}, with the samples taken by {@link Samples#of}.
 */
final class CompareFixtures {
  static final long SEC = 1_000_000_000L;

  private CompareFixtures() {}

  /** The step names and sizes: a baseline of 10, two closed-loop steps, a streamed step, a step with failures. */
  static BenchmarkResult run(long seed, double slowFactor, Set<String> slowSteps) {
    Random random = new Random(seed);
    List<StepResult> steps = new ArrayList<>();
    steps.add(step("BASELINE", "baseline", 1, outcomes(random, "baseline", 10, 0, false), slowSteps, slowFactor));
    steps.add(step("SCALING", "scale_5", 5, outcomes(random, "scale_5", 100, 0, false), slowSteps, slowFactor));
    steps.add(step("SCALING", "scale_10", 10, outcomes(random, "scale_10", 200, 0, false), slowSteps, slowFactor));
    steps.add(step("STRESS", "chat_stream", 8, outcomes(random, "chat_stream", 120, 0, true), slowSteps, slowFactor));
    steps.add(step("STRESS", "flaky", 8, outcomes(random, "flaky", 200, 10, false), slowSteps, slowFactor));
    return result("run-" + seed, steps);
  }

  static BenchmarkResult result(String name, List<StepResult> steps) {
    List<BenchmarkResult.PhaseResult> phases = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= steps.size(); i++) {
      if (i == steps.size() || !steps.get(i).phase().equals(steps.get(start).phase())) {
        phases.add(new BenchmarkResult.PhaseResult(steps.get(start).phase(), steps.subList(start, i), ""));
        start = i;
      }
    }
    return new BenchmarkResult(name, "http://127.0.0.1:8000", "sim", Map.of(), Map.of(),
        Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:05:00Z"), phases,
        io.github.llmbench.api.BenchmarkResult.AbortReason.of(""), 0, java.util.Optional.empty());
  }

  /** The same run with every step's statistics changed. */
  static BenchmarkResult mapSteps(BenchmarkResult r, UnaryOperator<StepResult> f) {
    return result(r.name(), r.steps().stream().map(f).toList());
  }

  static StepResult withoutSamples(StepResult s) {
    return new StepResult(s.phase(), s.testName(), s.testType(), s.concurrency(),
        s.statistics().withSamples(Optional.empty()), s.verdict(), io.github.llmbench.api.StepMeasurement.UNRECORDED);
  }

  private static StepResult step(String phase, String name, int concurrency, List<RequestOutcome> outcomes,
      Set<String> slowSteps, double factor) {
    List<RequestOutcome> used = slowSteps.contains(name) ? outcomes.stream().map(o -> slower(o, factor)).toList()
        : outcomes;
    StepStatistics stats = StepAggregator.aggregate(used, used.size())
        .withSamples(Optional.of(Samples.of(used)));
    return new StepResult(phase, name, io.github.llmbench.api.TestType.TEXT, concurrency, stats,
        Verdict.of(Status.OK, ""), io.github.llmbench.api.StepMeasurement.UNRECORDED);
  }

  /** {@code failures} of the requests fail (HTTP 503); the rest succeed with about 200 output tokens. */
  static List<RequestOutcome> outcomes(Random random, String step, int n, int failures, boolean stream) {
    List<RequestOutcome> out = new ArrayList<>();
    long start = 0;
    for (int i = 0; i < n; i++) {
      long latency = (long) (SEC * Math.exp(0.25 * random.nextGaussian()));
      long tokens = 180 + random.nextInt(41);
      if (i < failures) {
        out.add(new RequestOutcome("P", step, i, start, latency / 10, false, 503,
            RequestOutcome.FailureKind.BACKPRESSURE,
            "busy", 0, 0, false, 0, null));
      } else {
        RequestOutcome.StreamTiming t = stream ? timing(latency, tokens) : null;
        out.add(new RequestOutcome("P", step, i, start, latency, true, 200, null, "", 500, tokens, true, 0, t));
      }
      start += latency / 4;
    }
    return out;
  }

  private static RequestOutcome.StreamTiming timing(long latency, long tokens) {
    long ttft = latency / 10;
    long[] gaps = new long[(int) tokens - 1];
    java.util.Arrays.fill(gaps, (latency - ttft) / (tokens - 1));
    return new RequestOutcome.StreamTiming(ttft, latency, (int) tokens, gaps, false);
  }

  private static RequestOutcome slower(RequestOutcome o, double f) {
    RequestOutcome.StreamTiming t = o.streamTiming();
    RequestOutcome.StreamTiming slow = t == null ? null : timing((long) (t.e2eNanos() * f), o.completionTokens());
    return new RequestOutcome(o.phase(), o.step(), o.requestIndex(), (long) (o.startOffsetNanos() * f),
        (long) (o.latencyNanos() * f), o.success(), o.httpStatus(), o.failureKind(), o.failureDetail(),
        o.promptTokens(), o.completionTokens(), o.usageReported(), o.sendDelayNanos(), slow);
  }
}
