package io.github.llmbench.core.internal;

import io.github.llmbench.api.Load;
import java.util.Random;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;

/**
 * When an open loop's requests are due: offsets from the step's start, computed once before the step's clock starts
 * (never on the send path). Each gap is drawn at the rate the schedule has when the previous request is due
 * ({@link Load.OpenLoop#rateAt(double)}), so a ramp shapes every arrival kind alike:
 * <ul>
 *   <li>constant: {@code 1 / rate};
 *   <li>Poisson: {@code -ln(1 - u) / rate}, {@code u} uniform from {@link Random} seeded with the seed (the same
 *       gaps as before gamma arrivals existed, so seeded runs repeat);
 *   <li>gamma: {@code g / (rate x k)} with {@code g} drawn from Gamma(shape {@code k} = burstiness, scale 1) by
 *       Commons Math (Marsaglia and Tsang's method, Ahrens and Dieter's below shape 1): mean {@code 1 / rate},
 *       coefficient of variation {@code 1 / sqrt(k)}, as vLLM's {@code np.random.gamma(shape=k, scale=1/(rate k))};
 *   <li>trace: the schedule's own times ({@link Load#schedule(java.util.List)}).
 * </ul>
 * A sharded load computes the whole schedule and keeps its own arrivals at their offsets on it, so the shards
 * together send exactly the single process's schedule.
 */
final class ArrivalSchedule {
  private ArrivalSchedule() {}

  /** The offsets in nanoseconds of this load's {@code n} requests. */
  static long[] offsets(Load.OpenLoop load, int n) {
    long[] offsets = new long[n];
    int global = n == 0 ? 0 : load.shard().globalIndex(n - 1) + 1;
    if (load.arrival() == Load.Arrival.TRACE) { // given, not drawn
      for (int i = 0; i < global; i++) {
        if (load.shard().owns(i)) offsets[load.shard().localIndex(i)] = load.schedule().get(i).toNanos();
      }
      return offsets;
    }
    Gaps gaps = gaps(load);
    double at = 0;
    for (int i = 0; i < global; i++) {
      if (load.shard().owns(i)) offsets[load.shard().localIndex(i)] = Math.round(at * 1e9);
      at += gaps.next(load.rateAt(at));
    }
    return offsets;
  }

  /** The next gap in seconds at a given rate. */
  private interface Gaps {
    double next(double ratePerSec);
  }

  private static Gaps gaps(Load.OpenLoop load) {
    switch (load.arrival()) {
      case CONSTANT:
        return rate -> 1 / rate;
      case POISSON: {
        Random random = new Random(load.seed());
        return rate -> -Math.log(1 - random.nextDouble()) / rate;
      }
      case GAMMA: {
        double shape = load.burstiness();
        GammaDistribution standard = new GammaDistribution(new Well19937c(load.seed()), shape, 1);
        return rate -> standard.sample() / (rate * shape);
      }
      default: // TRACE is given, not drawn
        throw new AssertionError(load.arrival());
    }
  }
}
