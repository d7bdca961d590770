package io.github.llmbench.api;

/**
 * How a step offers its requests: a {@link ClosedLoop} (a fixed number of workers, each sending its next request
 * when its previous one ends) or an {@link OpenLoop} (requests scheduled at a rate, whether or not earlier ones
 * have finished).
 */
public sealed interface Load permits ClosedLoop, OpenLoop {
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
}
