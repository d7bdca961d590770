package io.github.llmbench.api;

import java.util.List;
import java.util.Objects;

/**
 * The steps of one phase that ran.
 *
 * @param name the phase name
 * @param steps the finished steps in run order
 * @param stopReason why the phase ended before its last step (empty when it ran them all)
 */
public record PhaseResult(String name, List<StepResult> steps, String stopReason) {
  public PhaseResult {
    Objects.requireNonNull(name, "name");
    steps = List.copyOf(steps);
    Objects.requireNonNull(stopReason, "stopReason");
  }

  public boolean stoppedEarly() {
    return !stopReason.isEmpty();
  }
}
