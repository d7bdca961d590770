package io.github.llmbench.core;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.CapacitySearch;
import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.api.Goodput;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.Slo;
import io.github.llmbench.api.StatusPolicy;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepPlanner;
import io.github.llmbench.api.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The capacity search's algorithm, behind the {@link StepPlanner} SPI: a {@link CapacitySearch} (the criteria, in
 * the API) becomes a benchmark whose one adaptive phase probes load levels, and its finished probes become a
 * {@link CapacitySearch.Estimate}. How a search probes, judges and ends is said on {@link CapacitySearch}.
 *
 * <pre>{@code
 * CapacitySearch search = CapacitySearch.concurrency().targetAttainment(0.95).max(512).build();
 * Slo slo = Slo.builder().ttft(Duration.ofMillis(500)).tpot(Duration.ofMillis(50)).build();
 * Benchmark b = CapacitySearches.benchmark(search, slo, RequestBuilders.chat(prompt, 200)).target(target).build();
 * CapacitySearch.Estimate answer = LlmBench.search(b);   // "42 concurrent (95 % CI 39–45), smooth"
 * }</pre>
 */
public final class CapacitySearches {
  private CapacitySearches() {}

  /**
   * A benchmark of one adaptive phase, {@link CapacitySearch#PHASE}, whose probes this search chooses, judged by
   * each probe's SLO attainment ({@link #statusPolicy}); streamed when an objective needs a first token. Add the
   * target (and any other setting) and build it.
   */
  public static Benchmark.Builder benchmark(CapacitySearch search, Slo slo, RequestBuilder request) {
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(request, "request");
    return Benchmark.builder()
        .name("capacity_search")
        .phases(Phase.builder(CapacitySearch.PHASE).planner(new Planner(new Logic(search), request)).build())
        .statusPolicy(statusPolicy(search))
        .slo(slo)
        // Only a stream shows a first token: without one, no request could meet a TTFT or TPOT objective.
        .stream(slo.ttft().isPresent() || slo.tpot().isPresent())
        .setting("preset", "capacity_search")
        .setting("slo", slo.describe());
  }

  /** The status policy of a search's probes: each probe's own attainment against the target. */
  public static StatusPolicy statusPolicy(CapacitySearch search) {
    return new SloAttainmentPolicy(search.targetAttainment(), search.confidenceLevel());
  }

  /** The answer from a run's search phase; a result without one gives an answer with no probe. */
  public static CapacitySearch.Estimate conclude(CapacitySearch search, BenchmarkResult result) {
    return conclude(search, result.phases().stream().filter(p -> p.name().equals(CapacitySearch.PHASE)).findFirst()
        .map(BenchmarkResult.PhaseResult::steps).orElse(List.of()));
  }

  /** The answer from the search's finished probes, in run order. */
  public static CapacitySearch.Estimate conclude(CapacitySearch search, List<StepResult> probes) {
    return new Logic(search).conclude(probes);
  }

  /**
   * The fewest requests with which a probe whose every request met the objectives can be judged to meet the
   * target: {@code z² t / (1 - t)} for Wilson's interval (73 at a 95 % target and 95 % confidence).
   */
  public static int fewestDecisiveRequests(double targetAttainment, double confidenceLevel) {
    if (!(targetAttainment > 0 && targetAttainment < 1)) {
      throw new IllegalArgumentException("targetAttainment (" + targetAttainment + ") should be in (0, 1)");
    }
    double z = io.github.llmbench.core.stats.ProportionIntervals.z(confidenceLevel);
    return (int) Math.ceil(z * z * targetAttainment / (1 - targetAttainment));
  }

  /**
   * The requests of a probe at this load: a closed loop of {@code c} workers sends {@code max(min, c ×
   * requestsPerWorker)}, an open loop at {@code r} sends {@code max(min, ceil(r × probeDuration))}, where
   * {@code min} is the search's {@code minProbeRequests}, or when it is 0, twice {@link #fewestDecisiveRequests}
   * and at least 20.
   */
  public static int probeRequests(CapacitySearch search, double level) {
    return new Logic(search).probeRequests(level);
  }

  /** The search's logic over its criteria: pure, so the same probes always give the same next probe and answer. */
  private static final class Logic {
    private final CapacitySearch c;

    Logic(CapacitySearch c) {
      this.c = Objects.requireNonNull(c, "search");
    }

    int probeRequests(double level) {
      int min = c.minProbeRequests() > 0 ? c.minProbeRequests()
          : Math.max(20, 2 * fewestDecisiveRequests(c.targetAttainment(), c.confidenceLevel()));
      double wanted = c.axis() == CapacitySearch.Axis.CONCURRENCY ? level * c.requestsPerWorker()
          : Math.ceil(level * c.probeDuration().toNanos() / 1e9);
      return (int) Math.min(Integer.MAX_VALUE, Math.max(min, wanted));
    }

  /** The answer from the search's finished probes, in run order. */
  CapacitySearch.Estimate conclude(List<StepResult> probes) {
    Decision d = decide(probes);
    List<CapacitySearch.Probe> levels = d.levels();
    OptionalDouble boundary = d.boundary();
    OptionalDouble lower = OptionalDouble.empty();
    OptionalDouble firstMissing = OptionalDouble.empty();
    for (CapacitySearch.Probe p : levels) {
      if (boundary.isPresent() && p.level() <= boundary.getAsDouble()
          && p.judgement() == CapacitySearch.Probe.Judgement.MEETS) {
        lower = OptionalDouble.of(p.level());
      }
      if (p.judgement() == CapacitySearch.Probe.Judgement.MISSES && firstMissing.isEmpty()
          && (boundary.isEmpty() || p.level() > boundary.getAsDouble())) {
        firstMissing = OptionalDouble.of(p.level());
      }
    }
    CapacitySearch.Estimate.Shape shape = CapacitySearch.Estimate.Shape.UNKNOWN;
    Optional<CapacitySearch.Probe> above = d.lowestLeaningMiss();
    Optional<CapacitySearch.Probe> at = boundary.isPresent() ? levels.stream()
        .filter(p -> p.level() == boundary.getAsDouble()).findFirst() : Optional.empty();
    if (at.isPresent() && above.isPresent() && d.end() == CapacitySearch.Estimate.End.CONVERGED) {
      double drop = at.get().attainment().estimate() - above.get().attainment().estimate();
      shape = drop >= c.cliffDrop() ? CapacitySearch.Estimate.Shape.CLIFF : CapacitySearch.Estimate.Shape.SMOOTH;
    }
    long requests = probes.stream().mapToLong(StepResult::numRequests).sum();
    return new CapacitySearch.Estimate(c.axis(), c.targetAttainment(), c.confidenceLevel(), levels, boundary, lower,
        firstMissing, shape,
        d.end(), probes.size(), requests);
  }


  /** The next probe's load after these probes, or how the search ended. */
  Decision decide(List<StepResult> probes) {
    TreeMap<Double, Pooled> byLevel = new TreeMap<>();
    long requests = 0;
    double elapsedSec = 0;
    for (StepResult probe : probes) {
      byLevel.computeIfAbsent(level(probe), Pooled::new).add(probe);
      requests += probe.numRequests();
      elapsedSec += probe.statistics().measured().wallClockSec();
    }
    List<CapacitySearch.Probe> levels = new ArrayList<>();
    for (Pooled p : byLevel.values()) levels.add(p.judge(c.targetAttainment(), c.confidenceLevel()));
    if (probes.isEmpty()) return new Decision(OptionalDouble.of(c.start()), null, levels, OptionalDouble.empty(), null);

    CapacitySearch.Probe last = find(levels, level(probes.get(probes.size() - 1)));
    Optional<CapacitySearch.Probe> lowestMiss = levels.stream().filter(p -> !p.leansMeets(c.targetAttainment())).findFirst();
    OptionalDouble boundary = OptionalDouble.empty();
    for (CapacitySearch.Probe p : levels) {
      if (p.leansMeets(c.targetAttainment()) && (lowestMiss.isEmpty() || p.level() < lowestMiss.get().level())) {
        boundary = OptionalDouble.of(p.level());
      }
    }
    double next;
    CapacitySearch.Estimate.End end = null;
    if (last.judgement() == CapacitySearch.Probe.Judgement.UNDECIDED && last.probes() <= c.maxRepeats()) {
      next = last.level();
    } else if (byLevel.lastKey() < c.max()
        && levels.stream().noneMatch(p -> p.judgement() == CapacitySearch.Probe.Judgement.MISSES)) {
      // Doubling goes on until a level surely misses: that level closes the answer's interval from above.
      next = Math.min(c.max(), roundLevel(byLevel.lastKey() * 2));
    } else if (lowestMiss.isEmpty()) {
      return new Decision(OptionalDouble.empty(), CapacitySearch.Estimate.End.PASSED_AT_MAX, levels, boundary, null);
    } else if (boundary.isEmpty()) {
      return new Decision(OptionalDouble.empty(), CapacitySearch.Estimate.End.FAILED_AT_START, levels, boundary,
          lowestMiss.get());
    } else {
      double lo = boundary.getAsDouble();
      double hi = lowestMiss.get().level();
      double resolution = c.axis() == CapacitySearch.Axis.CONCURRENCY ? Math.max(1, Math.floor(c.precision() * lo))
          : c.precision() * lo;
      if (hi - lo <= resolution) {
        return new Decision(OptionalDouble.empty(), CapacitySearch.Estimate.End.CONVERGED, levels, boundary,
            lowestMiss.get());
      }
      next = c.axis() == CapacitySearch.Axis.CONCURRENCY ? Math.floor(lo + (hi - lo) / 2)
          : roundLevel(lo + (hi - lo) / 2);
      if (next <= lo || next >= hi) {
        return new Decision(OptionalDouble.empty(), CapacitySearch.Estimate.End.CONVERGED, levels, boundary,
            lowestMiss.get());
      }
    }
    if (probes.size() >= c.maxProbes()) end = CapacitySearch.Estimate.End.PROBE_LIMIT;
    else if (requests + probeRequests(next) > c.maxRequests()) end = CapacitySearch.Estimate.End.REQUEST_LIMIT;
    else if (elapsedSec >= c.maxDuration().toNanos() / 1e9) end = CapacitySearch.Estimate.End.TIME_LIMIT;
    if (end != null) return new Decision(OptionalDouble.empty(), end, levels, boundary, lowestMiss.orElse(null));
    return new Decision(OptionalDouble.of(next), null, levels, boundary, lowestMiss.orElse(null));
  }

  /** Rates keep three significant digits (probe names stay readable); concurrency is whole. */
  private double roundLevel(double level) {
    if (c.axis() == CapacitySearch.Axis.CONCURRENCY) return Math.floor(level);
    return new java.math.BigDecimal(level).round(new java.math.MathContext(3)).doubleValue();
  }

  private static CapacitySearch.Probe find(List<CapacitySearch.Probe> levels, double level) {
    return levels.stream().filter(p -> p.level() == level).findFirst().orElseThrow();
  }

  /** The load a finished probe ran at. */
  double level(StepResult probe) {
    if (c.axis() == CapacitySearch.Axis.CONCURRENCY) return probe.concurrency();
    return probe.statistics().measured().openLoop().map(OpenLoopStatistics::targetRatePerSec)
        .orElseThrow(() -> new IllegalArgumentException("step " + probe.testName()
            + " of a rate search is not an open loop"));
  }

  /** The name of the probe at this level, {@code repeat} 1 for its first. */
  String probeName(double level, int repeat) {
    String base = (c.axis() == CapacitySearch.Axis.CONCURRENCY ? "c" : "r")
        + CapacitySearch.Estimate.formatLevel(level);
    return repeat == 1 ? base : base + "_" + repeat;
  }

  /** The probe step at this level. */
  Step probe(double level, int repeat, RequestBuilder request) {
    String name = probeName(level, repeat);
    int n = probeRequests(level);
    if (c.axis() == CapacitySearch.Axis.CONCURRENCY) return Step.of(name, Load.concurrency((int) level), n, request);
    return Step.of(name, Load.rate(level).poisson(c.seed() + repeat), n, request);
  }


  /** What {@link #decide} found: the next load, or how the search ended, and the levels so far. */
  record Decision(OptionalDouble next, CapacitySearch.Estimate.@Nullable End endOrNull,
      List<CapacitySearch.Probe> levels, OptionalDouble boundary, CapacitySearch.@Nullable Probe lowestMiss) {
    /** How it ended; {@link CapacitySearch.Estimate.End#STOPPED} when the search wanted another probe. */
    CapacitySearch.Estimate.End end() {
      return endOrNull != null ? endOrNull : CapacitySearch.Estimate.End.STOPPED;
    }

    Optional<CapacitySearch.Probe> lowestLeaningMiss() {
      return Optional.ofNullable(lowestMiss);
    }
  }

  /** One level's probes, pooled. */
  private static final class Pooled {
    private final double level;
    private final List<String> steps = new ArrayList<>();
    private long met;
    private long requests;
    private double wallClockSec;
    private boolean clientBound;

    Pooled(double level) {
      this.level = level;
    }

    void add(StepResult probe) {
      steps.add(probe.testName());
      met += probe.statistics().measured().goodput().map(Goodput::met).orElse(0L);
      requests += probe.numRequests();
      wallClockSec += probe.statistics().measured().wallClockSec();
      clientBound |= probe.measurement().clientBound();
    }

    CapacitySearch.Probe judge(double target, double level) {
      ConfidenceInterval ci = io.github.llmbench.core.stats.ProportionIntervals.wilson(met, requests, level);
      return new CapacitySearch.Probe(this.level, steps, requests, met, ci,
          CapacitySearch.Probe.Judgement.of(ci, target),
          wallClockSec, clientBound);
    }
  }

  }

  /** A search as the {@link StepPlanner} of its phase: each next probe from the probes before it. */
  private record Planner(Logic logic, RequestBuilder request) implements StepPlanner {
    @Override
    public Step first() {
      return logic.probe(logic.c.start(), 1, request);
    }

    @Override
    public Optional<Step> next(List<StepResult> finished) {
      Logic.Decision d = logic.decide(finished);
      if (d.next().isEmpty()) return Optional.empty();
      double level = d.next().getAsDouble();
      int repeat = 1 + (int) finished.stream().filter(s -> logic.level(s) == level).count();
      return Optional.of(logic.probe(level, repeat, request));
    }

    @Override
    public int maxConcurrency() {
      // An open loop without a ceiling needs about a second's worth of requests in flight.
      return io.github.llmbench.api.Load.OpenLoop.inFlightForRate(logic.c.max()); // for concurrency, max itself
    }

    @Override
    public int maxSteps() {
      return logic.c.maxProbes();
    }

    @Override
    public Optional<CapacitySearch> capacitySearch() {
      return Optional.of(logic.c);
    }
  }
}
