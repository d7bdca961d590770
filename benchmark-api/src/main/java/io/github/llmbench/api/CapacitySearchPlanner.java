package io.github.llmbench.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@link StepPlanner} of a capacity search: each next probe from {@link CapacitySearch#decide(List)}. */
record CapacitySearchPlanner(CapacitySearch search, RequestBuilder request) implements StepPlanner {
  CapacitySearchPlanner {
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(request, "request");
  }

  @Override
  public Step first() {
    return search.probe(search.start(), 1, request);
  }

  @Override
  public Optional<Step> next(List<StepResult> finished) {
    CapacitySearch.Decision d = search.decide(finished);
    if (d.next().isEmpty()) return Optional.empty();
    double level = d.next().getAsDouble();
    int repeat = 1 + (int) finished.stream().filter(s -> search.level(s) == level).count();
    return Optional.of(search.probe(level, repeat, request));
  }

  @Override
  public int maxConcurrency() {
    // An open loop without a ceiling needs about a second's worth of requests in flight.
    return OpenLoop.inFlightForRate(search.max()); // for concurrency, max itself
  }

  @Override
  public int maxSteps() {
    return search.maxProbes();
  }
}
