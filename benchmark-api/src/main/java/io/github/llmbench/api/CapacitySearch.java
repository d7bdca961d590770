package io.github.llmbench.api;

import java.time.Duration;
import java.util.Objects;

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
 * Benchmark b = CapacitySearches.benchmark(search, slo, RequestBuilders.chat(prompt, 200)).target(target).build();
 * CapacityEstimate answer = LlmBench.search(b);   // "42 concurrent (95 % CI 39–45), smooth"
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
      throw new IllegalArgumentException("start (" + start + ") and max (" + max + ") of a concurrency search should be "
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
}
