package io.github.llmbench.simulator.internal;

import io.github.llmbench.simulator.FaultConfig;
import java.util.SplittableRandom;

/**
 * The faults drawn for one request: a pure function of the configuration, the seed and the request id, so runs
 * repeat. An error excludes the rest; a drop excludes a malformed body; a stall combines with anything.
 *
 * @param error answer 500 at once
 * @param drop close the connection half-way through the body
 * @param malformed send broken JSON with status 200
 * @param stall pause half-way through the body
 */
public record FaultPlan(boolean error, boolean drop, boolean malformed, boolean stall) {
  private static final FaultPlan NONE = new FaultPlan(false, false, false, false);

  /** @return the faults for request {@code requestId} */
  public static FaultPlan draw(FaultConfig faults, long seed, long requestId) {
    if (faults.errorRate() == 0 && faults.dropRate() == 0 && faults.malformedRate() == 0
        && faults.stallRate() == 0) {
      return NONE;
    }
    SplittableRandom random = new SplittableRandom(seed ^ (requestId * 0xBF58476D1CE4E5B9L));
    boolean error = random.nextDouble() < faults.errorRate();
    boolean drop = random.nextDouble() < faults.dropRate();
    boolean malformed = random.nextDouble() < faults.malformedRate();
    boolean stall = random.nextDouble() < faults.stallRate();
    return new FaultPlan(error, !error && drop, !error && !drop && malformed, !error && stall);
  }
}
