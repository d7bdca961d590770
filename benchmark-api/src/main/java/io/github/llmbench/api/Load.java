package io.github.llmbench.api;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * How a step offers its requests: a {@link ClosedLoop} (a fixed number of workers, each sending its next request
 * when its previous one ends) or an {@link OpenLoop} (requests scheduled at a rate, whether or not earlier ones
 * have finished).
 */
public sealed interface Load {
  /** A closed loop of {@code workers} (each sends its next request as soon as its previous one ends). */
  static ClosedLoop concurrency(int workers) {
    return new ClosedLoop(workers);
  }

  /**
   * An open loop at {@code perSec} requests a second, evenly spaced, no ceiling on requests in flight; {@link
   * OpenLoop#poisson(long)} and {@link OpenLoop#maxConcurrency(int)} shape it.
   *
   * @throws IllegalArgumentException if the rate is not a positive finite number
   */
  static OpenLoop rate(double perSec) {
    return new OpenLoop(perSec, false, 0, 0);
  }

  /**
   * The most requests this load can have in flight at once: the closed loop's concurrency, the open loop's
   * ceiling, or empty for an open loop without one.
   */
  java.util.OptionalInt concurrencyLimit();

  /**
   * A closed loop: exactly {@code concurrency} workers; each sends its next request as soon as its previous one
   * ended, so at most {@code concurrency} requests are in flight.
   *
   * @param concurrency workers, and so requests in flight at once
   */
  public record ClosedLoop(int concurrency) implements Load {
    /** @throws IllegalArgumentException if {@code concurrency <= 0} */
    public ClosedLoop {
      Checks.positive("concurrency", concurrency);
    }

    @Override
    public OptionalInt concurrencyLimit() {
      return OptionalInt.of(concurrency);
    }
  }

  /**
   * How an open-loop step schedules its requests: at a fixed target rate, evenly spaced or as a Poisson process
   * with a seed, whether or not earlier requests have finished. Latency counts from each request's scheduled time,
   * so a client or server that falls behind shows in the figures (no coordinated omission).
   *
   * @param ratePerSec target arrivals per second
   * @param poisson exponential gaps drawn from {@code seed} instead of even spacing
   * @param seed the seed of the Poisson gaps (ignored when {@code poisson} is false)
   * @param maxConcurrency a ceiling on requests in flight (a request due while it is reached waits, and its wait
   *     counts in its latency); 0 for none
   * @param shard which arrivals of the schedule this load sends: every {@code shard.count()}-th, from
   *     {@code shard.index()}, at their offsets on the whole schedule ({@link Shard#WHOLE}: all of them)
   */
  public record OpenLoop(double ratePerSec, boolean poisson, long seed, int maxConcurrency, Shard shard)
      implements Load {
    /** @throws IllegalArgumentException if the rate is not a positive finite number or the ceiling is negative */
    public OpenLoop {
      Checks.positive("ratePerSec", ratePerSec);
      Checks.nonNegative("maxConcurrency", maxConcurrency);
      java.util.Objects.requireNonNull(shard, "shard");
    }

    /** The whole schedule, in one process. */
    public OpenLoop(double ratePerSec, boolean poisson, long seed, int maxConcurrency) {
      this(ratePerSec, poisson, seed, maxConcurrency, Shard.WHOLE);
    }

    /** This schedule with Poisson arrivals drawn from {@code seed}. */
    public OpenLoop poisson(long seed) {
      return new OpenLoop(ratePerSec, true, seed, maxConcurrency, shard);
    }

    /** This schedule with at most {@code max} requests in flight. */
    public OpenLoop maxConcurrency(int max) {
      Checks.positive("maxConcurrency", max);
      return new OpenLoop(ratePerSec, poisson, seed, max, shard);
    }

    /** How arrivals are spaced. */
    public Arrival arrival() {
      return poisson ? Arrival.POISSON : Arrival.CONSTANT;
    }

    @Override
    public java.util.OptionalInt concurrencyLimit() {
      return maxConcurrency > 0 ? java.util.OptionalInt.of(maxConcurrency) : java.util.OptionalInt.empty();
    }

    /** What an open loop without a ceiling may hold in flight: a second's worth of requests, at least 1. */
    public static int inFlightForRate(double ratePerSec) {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.ceil(ratePerSec)));
    }
  }

  /** How an open loop spaces its arrivals. */
  public enum Arrival {
    /** Evenly spaced: request {@code i} at {@code i / rate}. */
    CONSTANT,
    /** A Poisson process: exponential gaps drawn from a seed. */
    POISSON;

    /** The lower-case name used in reports ({@code "constant"}, {@code "poisson"}). */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
