package io.github.llmbench.api;

import java.util.List;
import java.util.Optional;

/**
 * Chooses a phase's steps while it runs, from the results of the steps it already ran: an adaptive phase, such as
 * a {@link CapacitySearch capacity search}. Give one to {@link Phase.Builder#planner(StepPlanner)}.
 *
 * <p>A planner must be a pure function of the finished steps (no state of its own), so that a benchmark stays
 * reusable and two runs of it at once share nothing. Every step it returns needs a name not used before in the run.
 */
public interface StepPlanner {
  /** The phase's first step. */
  Step first();

  /**
   * The step to run after these, or empty to end the phase.
   *
   * @param finished this phase's finished steps, in run order (the first one is {@link #first()}'s)
   */
  Optional<Step> next(List<StepResult> finished);

  /** The most requests in flight any of its steps may need: what the HTTP client must allow at once. */
  int maxConcurrency();

  /** The most steps it will run, for progress lines. */
  int maxSteps();

  /** The capacity search it carries out, when it is one: what a result's plan records of it. */
  default Optional<CapacitySearch> capacitySearch() {
    return Optional.empty();
  }
}
