package io.github.llmbench.examples.adaptive;

import io.github.llmbench.api.Load;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepPlanner;
import io.github.llmbench.api.StepResult;
import java.util.List;
import java.util.Optional;

/**
 * A custom adaptive phase: doubles the concurrency after every OK step, from {@code start} to at most {@code max},
 * and ends the phase at the first step that is not OK. Each step sends {@code requestsPerWorker} requests per
 * worker. A {@link StepPlanner} decides from the finished steps alone, so one benchmark can run twice, or twice at
 * once.
 *
 * <pre>{@code
 * Phase ramp = Phase.builder("ramp").planner(new DoublingRamp(1, 64, 4, chat)).compareToBaseline().build();
 * }</pre>
 *
 * @param start the first step's concurrency
 * @param max the highest concurrency it may reach
 * @param requestsPerWorker requests each step sends per worker
 * @param request what every step sends
 */
public record DoublingRamp(int start, int max, int requestsPerWorker, RequestBuilder request) implements StepPlanner {
  public DoublingRamp {
    if (start < 1 || max < start) {
      throw new IllegalArgumentException("start (" + start + ") and max (" + max + ") should be 1 <= start <= max");
    }
    if (requestsPerWorker < 1) {
      throw new IllegalArgumentException("requestsPerWorker (" + requestsPerWorker + ") should be positive");
    }
  }

  @Override
  public Step first() {
    return step(start);
  }

  @Override
  public Optional<Step> next(List<StepResult> finished) {
    StepResult last = finished.get(finished.size() - 1);
    if (last.status() != Status.OK || last.concurrency() >= max) return Optional.empty();
    return Optional.of(step(Math.min(max, last.concurrency() * 2)));
  }

  @Override
  public int maxConcurrency() {
    return max;
  }

  @Override
  public int maxSteps() {
    int steps = 1;
    for (long c = start; c < max; c *= 2) steps++;
    return steps;
  }

  private Step step(int concurrency) {
    return Step.of("ramp_c" + concurrency, Load.concurrency(concurrency), concurrency * requestsPerWorker, request);
  }
}
