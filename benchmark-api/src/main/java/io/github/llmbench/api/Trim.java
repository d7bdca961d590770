package io.github.llmbench.api;

/**
 * Which requests of a step are left out of its figures, as GuideLLM's and AIPerf's warm-up and cool-down do: the
 * first requests sent (the server's caches and batches are still filling) and the last ones to finish (the load is
 * already draining). Trimmed requests are sent and counted in {@code num_requests}, {@code successful} and
 * {@code failed}; they are left out of latencies, throughputs, stream figures and goodput, and the report says how
 * many were trimmed. Counts and shares add up: {@code Trim.requests(2, 0)} and {@code Trim.share(0.1, 0.1)} are
 * both valid. Immutable.
 *
 * <p>Off ({@link #NONE}) by default and in the unified preset, whose figures must stay the script's.
 *
 * @param warmupRequests the first requests, by send order, to leave out
 * @param cooldownRequests the last requests, by completion order, to leave out
 * @param warmupShare a share of the step's requests (0 to 1, rounded down) to leave out at the start
 * @param cooldownShare a share of the step's requests (0 to 1, rounded down) to leave out at the end
 */
public record Trim(int warmupRequests, int cooldownRequests, double warmupShare, double cooldownShare) {
  /** Nothing trimmed. */
  public static final Trim NONE = new Trim(0, 0, 0, 0);

  /** @throws IllegalArgumentException if a count is negative or a share is outside [0, 1) or they add up to 1 or more */
  public Trim {
    Checks.nonNegative("warmupRequests", warmupRequests);
    Checks.nonNegative("cooldownRequests", cooldownRequests);
    share("warmupShare", warmupShare);
    share("cooldownShare", cooldownShare);
    if (warmupShare + cooldownShare >= 1) {
      throw new IllegalArgumentException("warmupShare + cooldownShare (" + (warmupShare + cooldownShare)
          + ") should be below 1");
    }
  }

  /** Leaves out the first {@code warmup} requests sent and the last {@code cooldown} to finish. */
  public static Trim requests(int warmup, int cooldown) {
    return new Trim(warmup, cooldown, 0, 0);
  }

  /** Leaves out these shares of a step's requests (e.g. {@code 0.1} = 10 %) at its start and its end. */
  public static Trim share(double warmup, double cooldown) {
    return new Trim(0, 0, warmup, cooldown);
  }

  /** Whether nothing is trimmed. */
  public boolean isNone() {
    return warmupRequests == 0 && cooldownRequests == 0 && warmupShare == 0 && cooldownShare == 0;
  }

  /** How many of a step's {@code numRequests} requests are left out at its start. */
  public int warmupCount(int numRequests) {
    return warmupRequests + (int) Math.floor(warmupShare * numRequests);
  }

  /** How many of a step's {@code numRequests} requests are left out at its end. */
  public int cooldownCount(int numRequests) {
    return cooldownRequests + (int) Math.floor(cooldownShare * numRequests);
  }

  private static void share(String field, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(field + " (" + value + ") should be at least 0 and below 1");
    }
  }
}
