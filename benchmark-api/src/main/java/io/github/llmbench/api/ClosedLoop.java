package io.github.llmbench.api;

import java.util.OptionalInt;

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
