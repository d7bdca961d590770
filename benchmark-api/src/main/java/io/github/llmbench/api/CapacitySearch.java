package io.github.llmbench.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * How a capacity search looks for the largest load that meets service-level objectives: the criteria, the probe
 * sizes and the bounds. Run it with {@link Presets#capacitySearch(CapacitySearch, Slo, RequestBuilder)}; read its
 * answer with {@link #conclude(List)}. Immutable.
 *
 * <p><b>Probes.</b> A probe is one step at one load: a closed loop of {@code c} workers ({@link Axis#CONCURRENCY})
 * or an open loop at {@code r} requests a second ({@link Axis#RATE}, Poisson arrivals from {@link #seed()}). Its
 * <em>attainment</em> is the share of its requests that met every objective (a failed request meets none). A level
 * is judged on all its probes pooled, by the Wilson score interval of that share at {@link #confidenceLevel()}:
 * <b>meets</b> when the interval's lower bound is at least {@link #targetAttainment()}, <b>misses</b> when its upper
 * bound is below it, <b>undecided</b> when it straddles it. An undecided level is probed again (pooled) up to
 * {@link #maxRepeats()} more times; a level still undecided then counts by its observed share, and the answer's
 * interval says so.
 *
 * <p><b>Search.</b> From {@link #start()} the load doubles until a level surely misses (or {@link #max()} is probed),
 * then the bracket between the highest level that meets and the lowest that misses is bisected until it is no wider than
 * {@link #precision()} of its lower end (and at least one worker for concurrency). A search is pure: its next probe
 * is a function of the probes before it, so the same results always give the same next probe and the same answer.
 *
 * <p><b>Bounds.</b> It ends at {@link #maxProbes()} probes, before a probe would take the requests past
 * {@link #maxRequests()}, or when its probes have taken {@link #maxDuration()}; the answer says which bound ended it.
 *
 * <pre>{@code
 * CapacitySearch search = CapacitySearch.concurrency().targetAttainment(0.95).max(512).build();
 * Slo slo = Slo.builder().ttft(Duration.ofMillis(500)).tpot(Duration.ofMillis(50)).build();
 * Benchmark b = Presets.capacitySearch(search, slo, RequestBuilders.chat(prompt, 200)).target(target).stream(true).build();
 * CapacityEstimate answer = search.conclude(LlmBench.run(b));   // "42 concurrent (95 % CI 39–45), smooth"
 * }</pre>
 *
 * @param axis what a probe varies: concurrency (closed loop) or arrival rate (open loop)
 * @param targetAttainment the share of requests that must meet the objectives, in (0, 1)
 * @param confidenceLevel the level of each probe's Wilson interval, in (0, 1)
 * @param start the first probe's load (workers, or requests a second); the search never goes below it
 * @param max the highest load it probes
 * @param precision the bracket width, relative to its lower end, at which bisection stops
 * @param minProbeRequests the fewest requests of a probe
 * @param requestsPerWorker a closed-loop probe of {@code c} workers sends {@code max(minProbeRequests, c ×
 *     requestsPerWorker)} requests
 * @param probeDuration an open-loop probe at {@code r} sends {@code max(minProbeRequests, ceil(r × probeDuration))}
 * @param maxRepeats further probes of a level whose interval straddles the target
 * @param maxProbes the most probes in all
 * @param maxRequests the most requests in all
 * @param maxDuration the most wall-clock time of all probes together
 * @param cliffDrop a boundary is a <em>cliff</em> when attainment falls by at least this much (absolute) from the
 *     last level that meets to the first that misses, else it is <em>smooth</em>
 * @param seed the seed of an open-loop probe's Poisson arrivals
 */
public record CapacitySearch(Axis axis, double targetAttainment, double confidenceLevel, double start, double max,
    double precision, int minProbeRequests, int requestsPerWorker, Duration probeDuration, int maxRepeats,
    int maxProbes, long maxRequests, Duration maxDuration, double cliffDrop, long seed) {

  /** The name of the search's phase. */
  public static final String PHASE = "SEARCH";

  /** What a probe varies. */
  public enum Axis {
    /** Workers of a closed loop. */
    CONCURRENCY,
    /** Requests a second of an open loop. */
    RATE
  }

  /** @throws IllegalArgumentException naming the first field out of range */
  public CapacitySearch {
    Objects.requireNonNull(axis, "axis");
    Checks.openUnit("targetAttainment", targetAttainment);
    Checks.openUnit("confidenceLevel", confidenceLevel);
    Checks.positive("start", start);
    Checks.positive("max", max);
    if (max < start) throw new IllegalArgumentException("max (" + max + ") should be at least start (" + start + ")");
    if (axis == Axis.CONCURRENCY && (start != Math.rint(start) || max != Math.rint(max) || max > Integer.MAX_VALUE)) {
      throw new IllegalArgumentException("start (" + start + ") and max (" + max + ") of a concurrency search should be "
          + "whole numbers of workers");
    }
    if (!(precision > 0 && precision < 1)) {
      throw new IllegalArgumentException("precision (" + precision + ") should be in (0, 1)");
    }
    Checks.positive("minProbeRequests", minProbeRequests);
    Checks.positive("requestsPerWorker", requestsPerWorker);
    Checks.positive("probeDuration", probeDuration);
    Checks.nonNegative("maxRepeats", maxRepeats);
    Checks.positive("maxProbes", maxProbes);
    if (maxRequests <= 0) throw new IllegalArgumentException("maxRequests (" + maxRequests + ") should be positive");
    Checks.positive("maxDuration", maxDuration);
    Checks.openUnit("cliffDrop", cliffDrop);
  }

  /** A search over concurrency, with the defaults of {@link Builder}. */
  public static Builder concurrency() {
    return new Builder(Axis.CONCURRENCY);
  }

  /** A search over the open-loop arrival rate, with the defaults of {@link Builder}. */
  public static Builder rate() {
    return new Builder(Axis.RATE);
  }

  /**
   * The fewest requests with which a probe whose every request met the objectives can be judged to meet the
   * target: {@code z² t / (1 - t)} for Wilson's interval (73 at a 95 % target and 95 % confidence).
   */
  public static int fewestDecisiveRequests(double targetAttainment, double confidenceLevel) {
    Checks.openUnit("targetAttainment", targetAttainment);
    double z = NormalQuantile.twoSided(confidenceLevel);
    return (int) Math.ceil(z * z * targetAttainment / (1 - targetAttainment));
  }

  /** The requests of a probe at this load. */
  public int probeRequests(double level) {
    double wanted = axis == Axis.CONCURRENCY ? level * requestsPerWorker
        : Math.ceil(level * probeDuration.toNanos() / 1e9);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(minProbeRequests, wanted));
  }

  /** The status policy of its probes: each probe's own attainment against the target (a pooled level may differ). */
  public StatusPolicy statusPolicy() {
    return new SloAttainmentPolicy(targetAttainment, confidenceLevel);
  }

  /** The answer from a run's search phase; a result without one gives an answer with no probe. */
  public CapacityEstimate conclude(BenchmarkResult result) {
    return conclude(result.phases().stream().filter(p -> p.name().equals(PHASE)).findFirst()
        .map(PhaseResult::steps).orElse(List.of()));
  }

  /** The answer from the search's finished probes, in run order. */
  public CapacityEstimate conclude(List<StepResult> probes) {
    Decision d = decide(probes);
    List<CapacityProbe> levels = d.levels();
    OptionalDouble boundary = d.boundary();
    OptionalDouble lower = OptionalDouble.empty();
    OptionalDouble firstMissing = OptionalDouble.empty();
    for (CapacityProbe p : levels) {
      if (boundary.isPresent() && p.level() <= boundary.getAsDouble() && p.judgement() == CapacityProbe.Judgement.MEETS) {
        lower = OptionalDouble.of(p.level());
      }
      if (p.judgement() == CapacityProbe.Judgement.MISSES && firstMissing.isEmpty()
          && (boundary.isEmpty() || p.level() > boundary.getAsDouble())) {
        firstMissing = OptionalDouble.of(p.level());
      }
    }
    CapacityEstimate.Shape shape = CapacityEstimate.Shape.UNKNOWN;
    Optional<CapacityProbe> above = d.lowestLeaningMiss();
    Optional<CapacityProbe> at = boundary.isPresent() ? levels.stream()
        .filter(p -> p.level() == boundary.getAsDouble()).findFirst() : Optional.empty();
    if (at.isPresent() && above.isPresent() && d.end() == CapacityEstimate.End.CONVERGED) {
      double drop = at.get().attainment().estimate() - above.get().attainment().estimate();
      shape = drop >= cliffDrop ? CapacityEstimate.Shape.CLIFF : CapacityEstimate.Shape.SMOOTH;
    }
    long requests = probes.stream().mapToLong(StepResult::numRequests).sum();
    return new CapacityEstimate(axis, targetAttainment, confidenceLevel, levels, boundary, lower, firstMissing, shape,
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
      elapsedSec += probe.statistics().wallClockSec();
    }
    List<CapacityProbe> levels = new ArrayList<>();
    for (Pooled p : byLevel.values()) levels.add(p.judge(targetAttainment, confidenceLevel));
    if (probes.isEmpty()) return new Decision(OptionalDouble.of(start), null, levels, OptionalDouble.empty(), null);

    CapacityProbe last = find(levels, level(probes.get(probes.size() - 1)));
    Optional<CapacityProbe> lowestMiss = levels.stream().filter(p -> !p.leansMeets(targetAttainment)).findFirst();
    OptionalDouble boundary = OptionalDouble.empty();
    for (CapacityProbe p : levels) {
      if (p.leansMeets(targetAttainment) && (lowestMiss.isEmpty() || p.level() < lowestMiss.get().level())) {
        boundary = OptionalDouble.of(p.level());
      }
    }
    double next;
    CapacityEstimate.End end = null;
    if (last.judgement() == CapacityProbe.Judgement.UNDECIDED && last.probes() <= maxRepeats) {
      next = last.level();
    } else if (byLevel.lastKey() < max && levels.stream().noneMatch(p -> p.judgement() == CapacityProbe.Judgement.MISSES)) {
      // Doubling goes on until a level surely misses: that level closes the answer's interval from above.
      next = Math.min(max, roundLevel(byLevel.lastKey() * 2));
    } else if (lowestMiss.isEmpty()) {
      return new Decision(OptionalDouble.empty(), CapacityEstimate.End.PASSED_AT_MAX, levels, boundary, null);
    } else if (boundary.isEmpty()) {
      return new Decision(OptionalDouble.empty(), CapacityEstimate.End.FAILED_AT_START, levels, boundary,
          lowestMiss.get());
    } else {
      double lo = boundary.getAsDouble();
      double hi = lowestMiss.get().level();
      double resolution = axis == Axis.CONCURRENCY ? Math.max(1, Math.floor(precision * lo)) : precision * lo;
      if (hi - lo <= resolution) {
        return new Decision(OptionalDouble.empty(), CapacityEstimate.End.CONVERGED, levels, boundary, lowestMiss.get());
      }
      next = axis == Axis.CONCURRENCY ? Math.floor(lo + (hi - lo) / 2) : roundLevel(lo + (hi - lo) / 2);
      if (next <= lo || next >= hi) {
        return new Decision(OptionalDouble.empty(), CapacityEstimate.End.CONVERGED, levels, boundary, lowestMiss.get());
      }
    }
    if (probes.size() >= maxProbes) end = CapacityEstimate.End.PROBE_LIMIT;
    else if (requests + probeRequests(next) > maxRequests) end = CapacityEstimate.End.REQUEST_LIMIT;
    else if (elapsedSec >= maxDuration.toNanos() / 1e9) end = CapacityEstimate.End.TIME_LIMIT;
    if (end != null) return new Decision(OptionalDouble.empty(), end, levels, boundary, lowestMiss.orElse(null));
    return new Decision(OptionalDouble.of(next), null, levels, boundary, lowestMiss.orElse(null));
  }

  /** Rates keep three significant digits (probe names stay readable); concurrency is whole. */
  private double roundLevel(double level) {
    if (axis == Axis.CONCURRENCY) return Math.floor(level);
    return new java.math.BigDecimal(level).round(new java.math.MathContext(3)).doubleValue();
  }

  private static CapacityProbe find(List<CapacityProbe> levels, double level) {
    return levels.stream().filter(p -> p.level() == level).findFirst().orElseThrow();
  }

  /** The load a finished probe ran at. */
  double level(StepResult probe) {
    if (axis == Axis.CONCURRENCY) return probe.concurrency();
    return probe.statistics().openLoop().map(OpenLoopStatistics::targetRatePerSec)
        .orElseThrow(() -> new IllegalArgumentException("step " + probe.testName() + " of a rate search is not an open loop"));
  }

  /** The name of the probe at this level, {@code repeat} 1 for its first. */
  String probeName(double level, int repeat) {
    String base = (axis == Axis.CONCURRENCY ? "c" : "r") + CapacityEstimate.formatLevel(level);
    return repeat == 1 ? base : base + "_" + repeat;
  }

  /** The probe step at this level. */
  Step probe(double level, int repeat, RequestBuilder request) {
    String name = probeName(level, repeat);
    int n = probeRequests(level);
    if (axis == Axis.CONCURRENCY) return Step.of(name, Load.concurrency((int) level), n, request);
    return Step.of(name, Load.rate(level).poisson(seed + repeat), n, request);
  }

  /** What {@link #decide} found: the next load, or how the search ended, and the levels so far. */
  record Decision(OptionalDouble next, CapacityEstimate.@Nullable End endOrNull,
      List<CapacityProbe> levels, OptionalDouble boundary, @Nullable CapacityProbe lowestMiss) {
    /** How it ended; {@link CapacityEstimate.End#STOPPED} when the search wanted another probe. */
    CapacityEstimate.End end() {
      return endOrNull != null ? endOrNull : CapacityEstimate.End.STOPPED;
    }

    Optional<CapacityProbe> lowestLeaningMiss() {
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
      met += probe.statistics().goodput().map(Goodput::met).orElse(0L);
      requests += probe.numRequests();
      wallClockSec += probe.statistics().wallClockSec();
      clientBound |= probe.measurement().clientBound();
    }

    CapacityProbe judge(double target, double level) {
      ConfidenceInterval ci = ConfidenceInterval.wilson(met, requests, level);
      return new CapacityProbe(this.level, steps, requests, met, ci, CapacityProbe.Judgement.of(ci, target),
          wallClockSec, clientBound);
    }
  }

  /** Mutable, not thread-safe. */
  public static final class Builder {
    private final Axis axis;
    private double targetAttainment = 0.95;
    private double confidenceLevel = 0.95;
    private double start = 1;
    private double max;
    private double precision = 0.05;
    private int minProbeRequests;
    private int requestsPerWorker = 8;
    private Duration probeDuration = Duration.ofSeconds(20);
    private int maxRepeats = 2;
    private int maxProbes = 30;
    private long maxRequests = 100_000;
    private Duration maxDuration = Duration.ofMinutes(30);
    private double cliffDrop = 0.25;
    private long seed = 42;

    private Builder(Axis axis) {
      this.axis = axis;
      this.max = axis == Axis.CONCURRENCY ? 1024 : 1000;
    }

    /** The share of requests that must meet every objective (default 0.95). */
    public Builder targetAttainment(double share) {
      this.targetAttainment = share;
      return this;
    }

    /** The confidence level of each probe's interval (default 0.95). */
    public Builder confidenceLevel(double level) {
      this.confidenceLevel = level;
      return this;
    }

    /** The first probe's load (default 1). */
    public Builder start(double load) {
      this.start = load;
      return this;
    }

    /** The highest load probed (default 1024 workers, or 1000 requests a second). */
    public Builder max(double load) {
      this.max = load;
      return this;
    }

    /** The relative bracket width at which bisection stops (default 0.05; at least one worker). */
    public Builder precision(double relativeWidth) {
      this.precision = relativeWidth;
      return this;
    }

    /**
     * The fewest requests of a probe; by default twice {@link #fewestDecisiveRequests} (146 at 95 % and 95 %), at
     * least 20.
     */
    public Builder minProbeRequests(int requests) {
      this.minProbeRequests = requests;
      return this;
    }

    /** Requests per worker of a closed-loop probe (default 8). */
    public Builder requestsPerWorker(int requests) {
      this.requestsPerWorker = requests;
      return this;
    }

    /** The length of an open-loop probe at its rate (default 20 s). */
    public Builder probeDuration(Duration duration) {
      this.probeDuration = duration;
      return this;
    }

    /** Further probes of a level that stays undecided (default 2). */
    public Builder maxRepeats(int repeats) {
      this.maxRepeats = repeats;
      return this;
    }

    /** The most probes (default 30). */
    public Builder maxProbes(int probes) {
      this.maxProbes = probes;
      return this;
    }

    /** The most requests in all (default 100,000). */
    public Builder maxRequests(long requests) {
      this.maxRequests = requests;
      return this;
    }

    /** The most wall-clock time of all probes (default 30 minutes). */
    public Builder maxDuration(Duration duration) {
      this.maxDuration = duration;
      return this;
    }

    /** The attainment drop that makes a boundary a cliff (default 0.25). */
    public Builder cliffDrop(double drop) {
      this.cliffDrop = drop;
      return this;
    }

    /** The seed of open-loop probes' Poisson arrivals (default 42; a repeat adds its number). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** @throws IllegalArgumentException naming the first field out of range */
    public CapacitySearch build() {
      int probeMin = minProbeRequests > 0 ? minProbeRequests
          : Math.max(20, 2 * fewestDecisiveRequests(targetAttainment, confidenceLevel));
      return new CapacitySearch(axis, targetAttainment, confidenceLevel, start, max, precision, probeMin,
          requestsPerWorker, probeDuration, maxRepeats, maxProbes, maxRequests, maxDuration, cliffDrop, seed);
    }
  }
}
