package io.github.llmbench.api;

/**
 * How a step offers its requests: a {@link ClosedLoop} (a fixed number of workers, each sending its next request
 * when its previous one ends) or an {@link OpenLoop} (requests scheduled at a rate, whether or not earlier ones
 * have finished).
 */
public sealed interface Load permits ClosedLoop, OpenLoop {
  /**
   * The most requests this load can have in flight at once: the closed loop's concurrency, the open loop's
   * ceiling, or empty for an open loop without one.
   */
  java.util.OptionalInt concurrencyLimit();
}
