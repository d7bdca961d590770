package io.github.llmbench.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Keeps every request outcome and step result in memory, for tests and custom analysis. Thread-safe. */
public final class InMemorySink implements MetricSink {
  private final ConcurrentLinkedQueue<RequestOutcome> outcomes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<StepResult> steps = new ConcurrentLinkedQueue<>();

  @Override
  public void onRequestCompleted(RequestOutcome outcome) {
    outcomes.add(outcome);
  }

  @Override
  public void onStepCompleted(StepResult step) {
    steps.add(step);
  }

  /** Outcomes in the order they completed. */
  public List<RequestOutcome> outcomes() {
    return List.copyOf(new ArrayList<>(outcomes));
  }

  /** Outcomes of one step, in the order they completed. */
  public List<RequestOutcome> outcomes(String step) {
    return outcomes.stream().filter(o -> o.step().equals(step)).toList();
  }

  public List<StepResult> steps() {
    return List.copyOf(new ArrayList<>(steps));
  }

  public void clear() {
    outcomes.clear();
    steps.clear();
  }
}
