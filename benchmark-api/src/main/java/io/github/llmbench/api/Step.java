package io.github.llmbench.api;

import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * One measured step of a phase. Immutable.
 *
 * <p>A <b>closed loop</b> ({@link Load#concurrency(int)}): {@code numRequests} requests sent through exactly that
 * many workers (a worker sends its next request as soon as its previous one ends).
 *
 * <p>An <b>open loop</b> ({@link Load#rate(double)}): requests scheduled at a target rate whether or not earlier
 * ones have finished, evenly spaced or as a Poisson process ({@link Load.OpenLoop#poisson(long)}), optionally with a
 * ceiling on requests in flight ({@link Load.OpenLoop#maxConcurrency(int)}). Latency counts from each request's
 * scheduled time.
 *
 * <pre>{@code
 * Step closed = Step.of("c16", Load.concurrency(16), 160, request);
 * Step open = Step.of("r20", Load.rate(20.0).poisson(7).maxConcurrency(64), 200, request);
 * Step trimmed = Step.of("c16", Load.concurrency(16), 160, request).trim(Trim.share(0.1, 0.1));
 * }</pre>
 *
 * @param name the step's {@code test_name}, unique within a benchmark
 * @param load how requests are offered: a {@link Load.ClosedLoop} or an {@link Load.OpenLoop}
 * @param numRequests requests sent in all
 * @param request builds each request
 * @param trim requests left out of the figures at the step's start and end ({@link Trim#NONE} by default)
 */
public record Step(String name, Load load, int numRequests, RequestBuilder request, Trim trim) {
  /** @throws IllegalArgumentException if the name is empty, a count is out of range or the trim leaves nothing */
  public Step {
    Checks.notBlank("step name", name);
    Objects.requireNonNull(load, "load");
    Checks.positive("numRequests", numRequests);
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(trim, "trim");
    if (load instanceof Load.OpenLoop o && o.arrival() == Load.Arrival.TRACE
        && o.shard().globalIndex(numRequests - 1) >= o.schedule().size()) {
      throw new IllegalArgumentException("numRequests (" + numRequests + ") of step " + name + " should be at most "
          + "its schedule's " + o.schedule().size() + " times");
    }
    int trimmed = trim.warmupCount(numRequests) + trim.cooldownCount(numRequests);
    if (trimmed >= numRequests) {
      throw new IllegalArgumentException("trim of step " + name + " (" + trimmed
          + " requests) should leave some of its "
          + numRequests + " requests");
    }
  }

  /**
   * A step of {@code numRequests} requests offered by {@code load}: {@link Load#concurrency(int)} for a closed
   * loop, {@link Load#rate(double)} for an open one. The load and the count have different types, so they cannot
   * be swapped.
   */
  public static Step of(String name, Load load, int numRequests, RequestBuilder request) {
    return new Step(name, load, numRequests, request, Trim.NONE);
  }

  /** This step with these requests left out of its figures. */
  public Step trim(Trim trim) {
    return new Step(name, load, numRequests, request, trim);
  }

  /**
   * The step's {@code concurrency} in reports: the closed loop's workers, or the open loop's ceiling (0 when it has
   * none).
   */
  public int concurrency() {
    OptionalInt limit = load.concurrencyLimit();
    return limit.isPresent() ? limit.getAsInt() : 0;
  }

  /** Whether requests are scheduled at a rate rather than by a fixed number of workers. */
  public boolean isOpenLoop() {
    return load instanceof Load.OpenLoop;
  }

  /** The open loop's schedule, or {@code null} for a closed loop. */
  public Load.@Nullable OpenLoop openLoop() {
    return load instanceof Load.OpenLoop o ? o : null;
  }

  /** {@code "vision"} or {@code "text"}, from the request builder. */
  public TestType testType() {
    return request.testType();
  }
}
