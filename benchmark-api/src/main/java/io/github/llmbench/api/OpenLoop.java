package io.github.llmbench.api;

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
