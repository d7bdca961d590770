package io.github.llmbench.api;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How a capacity search looks for the largest load that meets service-level objectives: the criteria, the probe
 * sizes and the bounds: the criteria only. benchmark-core's {@code CapacitySearches} runs it (its algorithm, behind
 * the {@link StepPlanner} SPI) and concludes it; {@code LlmBench.search} does both in one call. Immutable.
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
 * then the bracket between the highest level that meets and the lowest that misses is bisected until it is no wider
 * than {@link #precision()} of its lower end (and at least one worker for concurrency). A search is pure: its next
 * probe is a function of the probes before it, so the same results always give the same next probe and the same answer.
 *
 * <p><b>Bounds.</b> It ends at {@link #maxProbes()} probes, before a probe would take the requests past
 * {@link #maxRequests()}, or when its probes have taken {@link #maxDuration()}; the answer says which bound ended it.
 *
 * <pre>{@code
 * CapacitySearch search = CapacitySearch.concurrency().targetAttainment(0.95).max(512).build();
 * Slo slo = Slo.builder().ttft(Duration.ofMillis(500)).tpot(Duration.ofMillis(50)).build();
 * Benchmark b = CapacitySearches.benchmark(search, slo, RequestBuilders.chat(prompt, 200)).target(target).build();
 * Estimate answer = LlmBench.search(b);   // "42 concurrent (95 % CI 39–45), smooth"
 * }</pre>
 *
 * @param axis what a probe varies: concurrency (closed loop) or arrival rate (open loop)
 * @param targetAttainment the share of requests that must meet the objectives, in (0, 1)
 * @param confidenceLevel the level of each probe's Wilson interval, in (0, 1)
 * @param start the first probe's load (workers, or requests a second); the search never goes below it
 * @param max the highest load it probes
 * @param precision the bracket width, relative to its lower end, at which bisection stops
 * @param minProbeRequests the fewest requests of a probe; 0 for the default, twice the fewest that can show the
 *     target met (at least 20)
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
      throw new IllegalArgumentException("start (" + start + ") and max (" + max
          + ") of a concurrency search should be "
          + "whole numbers of workers");
    }
    if (!(precision > 0 && precision < 1)) {
      throw new IllegalArgumentException("precision (" + precision + ") should be in (0, 1)");
    }
    Checks.nonNegative("minProbeRequests", minProbeRequests);
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
     * The fewest requests of a probe; by default (0) twice the fewest that can show the target met, at least 20
     * (146 at 95 % and 95 %: {@code CapacitySearches.fewestDecisiveRequests} in benchmark-core).
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
      return new CapacitySearch(axis, targetAttainment, confidenceLevel, start, max, precision, minProbeRequests,
          requestsPerWorker, probeDuration, maxRepeats, maxProbes, maxRequests, maxDuration, cliffDrop, seed);
    }
  }

  /**
   * The answer of a {@link CapacitySearch}: the largest load that met the objectives, the interval it lies in, the
   * shape of the boundary, every level probed and what ended the search.
   *
   * <p>The interval runs from the highest level whose Wilson interval surely met the target ({@link #lowerBound()})
   * to just below the lowest level that surely missed it ({@link #firstMissing()}): every level between them could be
   * the boundary, given each level's judgement at the confidence level and attainment that falls as load grows.
   *
   * @param axis what the probes varied
   * @param targetAttainment the target share of requests meeting every objective
   * @param confidenceLevel the level of each probe's interval
   * @param levels every level probed, lowest first
   * @param boundary the highest level that met the target (surely, or by its observed share if undecided) below every
   *     level that missed it; empty when none did
   * @param lowerBound the highest level at or below the boundary that surely met the target
   * @param firstMissing the lowest level above the boundary that surely missed the target
   * @param shape how attainment falls at the boundary
   * @param end what ended the search
   * @param probes probes run
   * @param requests requests sent by all probes
   */
  public record Estimate(CapacitySearch.Axis axis, double targetAttainment, double confidenceLevel,
      List<Probe> levels, OptionalDouble boundary, OptionalDouble lowerBound, OptionalDouble firstMissing,
      Shape shape, End end, int probes, long requests) {

    /** How attainment falls at the boundary. */
    public enum Shape {
      /** By at least the search's {@code cliffDrop} from the last level that met to the first that missed. */
      CLIFF,
      /** By less than that: attainment erodes with load. */
      SMOOTH,
      /** The search did not bracket the boundary. */
      UNKNOWN
    }

    /** What ended a search. */
    public enum End {
      /** The bracket around the boundary became narrower than the precision. */
      CONVERGED,
      /** The highest level allowed met the target: the boundary is above it. */
      PASSED_AT_MAX,
      /** The first level missed the target: the boundary is below it. */
      FAILED_AT_START,
      /** The most probes ran. */
      PROBE_LIMIT,
      /** The next probe would have sent more requests than allowed. */
      REQUEST_LIMIT,
      /** The probes took the most time allowed. */
      TIME_LIMIT,
      /** The run ended before the search did (cancelled, or aborted). */
      STOPPED
    }

    public Estimate {
      Objects.requireNonNull(axis, "axis");
      levels = List.copyOf(levels);
      Objects.requireNonNull(boundary, "boundary");
      Objects.requireNonNull(lowerBound, "lowerBound");
      Objects.requireNonNull(firstMissing, "firstMissing");
      Objects.requireNonNull(shape, "shape");
      Objects.requireNonNull(end, "end");
    }

    /** Whether a bound, a stop or the range of loads, not convergence, ended the search. */
    public boolean endedByBound() {
      return end != End.CONVERGED;
    }

    /**
     * One line, e.g. {@code "42 concurrent (95 % CI 39–45), smooth boundary; converged after 9 probes, 2310 requests"}
     * or {@code "none: 1 concurrent missed the 95 % target; failed at start after 1 probe, 146 requests"}; ending
     * with {@code "; client-bound at 64, 66"} when the client's self-check marked probes of those levels (their
     * attainment then includes llmbench's own time: a lower bound on the server's).
     */
    public String describe() {
      String unit = axis == CapacitySearch.Axis.CONCURRENCY ? " concurrent" : " req/s";
      StringBuilder s = new StringBuilder();
      if (boundary.isEmpty()) {
        s.append("none: ").append(levels.isEmpty() ? "no probe finished"
            : formatLevel(levels.get(0).level()) + unit + " missed the " + Checks.percent(targetAttainment)
                + " target");
      } else {
        s.append(formatLevel(boundary.getAsDouble())).append(unit).append(" (").append(Checks.percent(confidenceLevel))
            .append(" CI ").append(lowerBound.isPresent() ? formatLevel(lowerBound.getAsDouble()) : "below "
                + formatLevel(levels.get(0).level()))
            .append('\u2013').append(upperText()).append(')');
        if (shape != Shape.UNKNOWN) s.append(", ").append(shape.name().toLowerCase(Locale.ROOT)).append(" boundary");
      }
      s.append("; ").append(end.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" after ").append(probes)
          .append(probes == 1 ? " probe, " : " probes, ").append(requests).append(" requests");
      List<String> bound = levels.stream().filter(Probe::clientBound).map(p -> formatLevel(p.level())).toList();
      if (!bound.isEmpty()) {
        // Their latencies include llmbench's own time, so their attainment is a lower bound on the server's.
        s.append("; client-bound at ").append(String.join(", ", bound));
      }
      return s.toString();
    }

    private String upperText() {
      if (firstMissing.isEmpty()) return "?";
      double f = firstMissing.getAsDouble();
      return axis == CapacitySearch.Axis.CONCURRENCY ? formatLevel(f - 1) : "<" + formatLevel(f);
    }

    /** A load as the search names it: whole numbers without a decimal point, rates without trailing zeros. */
    public static String formatLevel(double level) {
      return level == Math.rint(level) ? String.valueOf((long) level)
          : java.math.BigDecimal.valueOf(level).stripTrailingZeros().toPlainString();
    }
  }

  /**
   * One load level of a capacity search, its probes pooled.
   *
   * @param level the load: workers, or requests a second
   * @param steps the names of its probes, in run order
   * @param requests the requests of its probes
   * @param met those that met every objective
   * @param attainment met / requests, with its Wilson interval
   * @param judgement what the interval says of the target
   * @param wallClockSec the wall-clock time of its probes
   * @param clientBound whether the client's self-check marked any of its probes client-bound: its latencies, and so
   *     its attainment, then include llmbench's own time
   */
  public record Probe(double level, List<String> steps, long requests, long met, ConfidenceInterval attainment,
      Judgement judgement, double wallClockSec, boolean clientBound) {
    /** What a level's interval says of the target attainment. */
    public enum Judgement {
      /** The interval's lower bound is at least the target. */
      MEETS,
      /** The interval's upper bound is below the target. */
      MISSES,
      /** The interval straddles the target: more requests would be needed to tell. */
      UNDECIDED;

      /** What this interval says of this target. */
      public static Judgement of(ConfidenceInterval attainment, double target) {
        return attainment.lower() >= target ? MEETS : attainment.upper() < target ? MISSES : UNDECIDED;
      }

      /** As a step's status: {@code OK}, {@code SATURATED}, {@code DEGRADED} (see {@link SloAttainmentPolicy}). */
      public Status status() {
        return switch (this) {
          case MEETS -> Status.OK;
          case MISSES -> Status.SATURATED;
          case UNDECIDED -> Status.DEGRADED;
        };
      }
    }

    public Probe {
      steps = List.copyOf(steps);
      Objects.requireNonNull(attainment, "attainment");
      Objects.requireNonNull(judgement, "judgement");
    }

    /** How many probes ran at this level. */
    public int probes() {
      return steps.size();
    }

    /** Meets, or undecided with an observed share at least the target: which way the search goes. */
    public boolean leansMeets(double target) {
      return judgement == Judgement.MEETS || judgement == Judgement.UNDECIDED && attainment.estimate() >= target;
    }
  }
}
