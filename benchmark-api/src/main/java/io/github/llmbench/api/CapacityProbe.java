package io.github.llmbench.api;

import java.util.List;
import java.util.Objects;

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
public record CapacityProbe(double level, List<String> steps, long requests, long met, ConfidenceInterval attainment,
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

  public CapacityProbe {
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
