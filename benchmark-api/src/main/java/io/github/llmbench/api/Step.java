package io.github.llmbench.api;

import java.util.Objects;

/**
 * One measured step of a phase: {@code numRequests} requests sent through a closed loop of exactly
 * {@code concurrency} workers (a worker sends its next request as soon as its previous one ends). Immutable.
 *
 * @param name the step's {@code test_name}, unique within a benchmark
 * @param concurrency requests in flight at once
 * @param numRequests requests sent in all
 * @param request builds each request
 */
public record Step(String name, int concurrency, int numRequests, RequestBuilder request) {
  /** @throws IllegalArgumentException if the name is empty or a count is not positive */
  public Step {
    Checks.notBlank("step name", name);
    Checks.positive("concurrency", concurrency);
    Checks.positive("numRequests", numRequests);
    Objects.requireNonNull(request, "request");
  }

  public static Step of(String name, int concurrency, int numRequests, RequestBuilder request) {
    return new Step(name, concurrency, numRequests, request);
  }

  /** {@code "vision"} or {@code "text"}, from the request builder. */
  public String testType() {
    return request.testType();
  }
}
