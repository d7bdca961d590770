package io.github.llmbench.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One measured step of a phase. Immutable.
 *
 * <p>A <b>closed loop</b> ({@link #of}): {@code numRequests} requests sent through exactly {@code concurrency}
 * workers (a worker sends its next request as soon as its previous one ends).
 *
 * <p>An <b>open loop</b> ({@link #atRate}): requests scheduled at a target rate whether or not earlier ones have
 * finished, evenly spaced or as a Poisson process ({@link #poisson(long)}), optionally with a ceiling on requests in
 * flight ({@link #maxConcurrency(int)}). Latency counts from each request's scheduled time. Its
 * {@link #concurrency()} is the ceiling, or 0 when there is none (reports write it as the step's concurrency).
 *
 * <pre>{@code
 * Step closed = Step.of("c16", 16, 160, request);
 * Step open = Step.atRate("r20", 20.0, 200, request).poisson(7).maxConcurrency(64);
 * }</pre>
 *
 * @param name the step's {@code test_name}, unique within a benchmark
 * @param concurrency requests in flight at once (closed loop), or the open loop's ceiling (0 for none)
 * @param numRequests requests sent in all
 * @param request builds each request
 * @param openLoop the arrival schedule of an open-loop step; {@code null} for a closed loop
 */
public record Step(String name, int concurrency, int numRequests, RequestBuilder request,
    @Nullable OpenLoop openLoop) {
  /** @throws IllegalArgumentException if the name is empty or a count is out of range */
  public Step {
    Checks.notBlank("step name", name);
    if (openLoop == null) {
      Checks.positive("concurrency", concurrency);
    } else if (concurrency != openLoop.maxConcurrency()) {
      throw new IllegalArgumentException("concurrency (" + concurrency + ") of open-loop step " + name
          + " should equal its maxConcurrency (" + openLoop.maxConcurrency() + ")");
    }
    Checks.positive("numRequests", numRequests);
    Objects.requireNonNull(request, "request");
  }

  /** A closed-loop step. */
  public Step(String name, int concurrency, int numRequests, RequestBuilder request) {
    this(name, concurrency, numRequests, request, null);
  }

  public static Step of(String name, int concurrency, int numRequests, RequestBuilder request) {
    return new Step(name, concurrency, numRequests, request);
  }

  /**
   * An open-loop step: {@code numRequests} requests at {@code ratePerSec}, evenly spaced, no concurrency ceiling.
   *
   * @throws IllegalArgumentException if the rate is not a positive finite number or the count is not positive
   */
  public static Step atRate(String name, double ratePerSec, int numRequests, RequestBuilder request) {
    return new Step(name, 0, numRequests, request, new OpenLoop(ratePerSec, false, 0, 0));
  }

  /** This open-loop step with Poisson arrivals drawn from {@code seed}. */
  public Step poisson(long seed) {
    OpenLoop o = requireOpenLoop("poisson");
    return new Step(name, concurrency, numRequests, request, new OpenLoop(o.ratePerSec(), true, seed,
        o.maxConcurrency()));
  }

  /** This open-loop step with at most {@code max} requests in flight. */
  public Step maxConcurrency(int max) {
    OpenLoop o = requireOpenLoop("maxConcurrency");
    Checks.positive("maxConcurrency", max);
    return new Step(name, max, numRequests, request, new OpenLoop(o.ratePerSec(), o.poisson(), o.seed(), max));
  }

  private OpenLoop requireOpenLoop(String what) {
    if (openLoop == null) {
      throw new IllegalArgumentException(what + " applies to open-loop steps (Step.atRate); step " + name
          + " is a closed loop");
    }
    return openLoop;
  }

  /** Whether requests are scheduled at a rate rather than by a fixed number of workers. */
  public boolean isOpenLoop() {
    return openLoop != null;
  }

  /** {@code "vision"} or {@code "text"}, from the request builder. */
  public String testType() {
    return request.testType();
  }
}
