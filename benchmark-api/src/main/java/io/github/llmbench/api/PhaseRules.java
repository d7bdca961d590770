package io.github.llmbench.api;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a phase's steps are judged and when it stops, apart from its steps: what a run's plan records of each phase,
 * so that a merge of shards judges the steps as the whole run would have.
 *
 * @param name the phase name
 * @param providesBaseline its last step's p99 becomes the baseline p99
 * @param comparesToBaseline its steps are judged against the baseline p99
 * @param comparesToPreviousStep each step after the first is judged against the previous step's throughput
 * @param stopStatuses the statuses after which it runs no further step
 */
public record PhaseRules(String name, boolean providesBaseline, boolean comparesToBaseline,
    boolean comparesToPreviousStep, Set<Status> stopStatuses) {
  public PhaseRules {
    Objects.requireNonNull(name, "name");
    stopStatuses = stopStatuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(stopStatuses));
  }

  /** The rules of a phase. */
  public static PhaseRules of(Phase phase) {
    return new PhaseRules(phase.name(), phase.providesBaseline(), phase.comparesToBaseline(),
        phase.comparesToPreviousStep(), phase.stopStatuses());
  }

  /** A phase judged on its own: no baseline, no previous step, no stop. */
  public static PhaseRules none(String name) {
    return new PhaseRules(name, false, false, false, Set.of());
  }
}
