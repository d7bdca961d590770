package io.github.llmbench.api;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A named group of steps run in order, and how they are classified. Immutable.
 *
 * <ul>
 *   <li>{@link Builder#providesBaseline()}: this phase's last step's p99 becomes the baseline p99;
 *   <li>{@link Builder#compareToBaseline()}: its steps are classified against that baseline p99;
 *   <li>{@link Builder#compareToPreviousStep()}: each step after the first is compared with the previous step's
 *       {@code throughput_total};
 *   <li>{@link Builder#stopWhen(Status...)}: the phase stops after the first step with one of these statuses (that
 *       step is kept);
 *   <li>{@link Builder#planner(StepPlanner)}: an adaptive phase, whose steps after the listed ones are chosen as it
 *       runs, from the results of those before (its listed step is the planner's first).
 * </ul>
 *
 * <pre>{@code
 * Phase scaling = Phase.builder("SCALING")
 *     .addStep(Step.of("scale_5", Load.concurrency(5), 10, request))
 *     .addStep(Step.of("scale_10", Load.concurrency(10), 20, request))
 *     .compareToBaseline().compareToPreviousStep()
 *     .stopWhen(Status.SATURATED, Status.FAILING)
 *     .build();
 * }</pre>
 */
public record Phase(String name, List<Step> steps, boolean providesBaseline, boolean comparesToBaseline,
    boolean comparesToPreviousStep, Set<Status> stopStatuses, Optional<StepPlanner> planner) {
  public Phase {
    Checks.notBlank("phase name", name);
    steps = List.copyOf(steps);
    if (steps.isEmpty()) throw new IllegalArgumentException("phase " + name + " has no step (steps: [])");
    stopStatuses = stopStatuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(stopStatuses));
    Objects.requireNonNull(planner, "planner");
    if (planner.isPresent() && steps.size() != 1) {
      throw new IllegalArgumentException("phase " + name + " has a planner and " + steps.size()
          + " steps: an adaptive phase lists only its planner's first step");
    }
  }

  /** Whether its steps are chosen as it runs. */
  public boolean adaptive() {
    return planner.isPresent();
  }

  /** A phase whose steps are run without comparison and never stop early. */
  public static Phase of(String name, Step... steps) {
    return builder(name).steps(List.of(steps)).build();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Builder toBuilder() {
    Builder b = new Builder(name).steps(steps);
    b.providesBaseline = providesBaseline;
    b.comparesToBaseline = comparesToBaseline;
    b.comparesToPreviousStep = comparesToPreviousStep;
    b.stopStatuses = stopStatuses.isEmpty() ? EnumSet.noneOf(Status.class) : EnumSet.copyOf(stopStatuses);
    b.planner = planner.orElse(null);
    return b;
  }

  /** Mutable, not thread-safe. Further updates to this builder do not affect phases already built. */
  public static final class Builder {
    private final String name;
    private final List<Step> steps = new ArrayList<>();
    private boolean providesBaseline;
    private boolean comparesToBaseline;
    private boolean comparesToPreviousStep;
    private EnumSet<Status> stopStatuses = EnumSet.noneOf(Status.class);
    private @Nullable StepPlanner planner;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder addStep(Step step) {
      steps.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    /** Replaces the steps. */
    public Builder steps(List<Step> steps) {
      this.steps.clear();
      steps.forEach(this::addStep);
      return this;
    }

    public Builder providesBaseline() {
      this.providesBaseline = true;
      return this;
    }

    public Builder compareToBaseline() {
      this.comparesToBaseline = true;
      return this;
    }

    public Builder compareToPreviousStep() {
      this.comparesToPreviousStep = true;
      return this;
    }

    public Builder stopWhen(Status... statuses) {
      this.stopStatuses = statuses.length == 0 ? EnumSet.noneOf(Status.class) : EnumSet.copyOf(List.of(statuses));
      return this;
    }

    /**
     * Makes the phase adaptive: its steps are the planner's, chosen as it runs; the listed steps are replaced by
     * the planner's first.
     */
    public Builder planner(StepPlanner planner) {
      this.planner = Objects.requireNonNull(planner, "planner");
      return this;
    }

    /** @throws IllegalArgumentException if the name is empty or there is no step */
    public Phase build() {
      List<Step> listed = planner == null ? steps : List.of(planner.first());
      return new Phase(name, listed, providesBaseline, comparesToBaseline, comparesToPreviousStep, stopStatuses,
          Optional.ofNullable(planner));
    }
  }

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
  public record Rules(String name, boolean providesBaseline, boolean comparesToBaseline,
      boolean comparesToPreviousStep, Set<Status> stopStatuses) {
    public Rules {
      Objects.requireNonNull(name, "name");
      stopStatuses = stopStatuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(stopStatuses));
    }

    /** The rules of a phase. */
    public static Rules of(Phase phase) {
      return new Rules(phase.name(), phase.providesBaseline(), phase.comparesToBaseline(),
          phase.comparesToPreviousStep(), phase.stopStatuses());
    }

    /** A phase judged on its own: no baseline, no previous step, no stop. */
    public static Rules none(String name) {
      return new Rules(name, false, false, false, Set.of());
    }
  }
}
