package io.github.llmbench.api;

import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * One measured step of a phase. Immutable.
 *
 * <p>A <b>closed loop</b> ({@link #of}): {@code numRequests} requests sent through exactly {@code concurrency}
 * workers (a worker sends its next request as soon as its previous one ends).
 *
 * <p>An <b>open loop</b> ({@link #atRate}): requests scheduled at a target rate whether or not earlier ones have
 * finished, evenly spaced or as a Poisson process ({@link #poisson(long)}), optionally with a ceiling on requests in
 * flight ({@link #maxConcurrency(int)}). Latency counts from each request's scheduled time.
 *
 * <pre>{@code
 * Step closed = Step.of("c16", 16, 160, request);
 * Step open = Step.atRate("r20", 20.0, 200, request).poisson(7).maxConcurrency(64);
 * Step trimmed = Step.of("c16", 16, 160, request).trim(Trim.share(0.1, 0.1));
 * }</pre>
 *
 * @param name the step's {@code test_name}, unique within a benchmark
 * @param load how requests are offered: a {@link ClosedLoop} or an {@link OpenLoop}
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
    int trimmed = trim.warmupCount(numRequests) + trim.cooldownCount(numRequests);
    if (trimmed >= numRequests) {
      throw new IllegalArgumentException("trim of step " + name + " (" + trimmed + " requests) should leave some of its "
          + numRequests + " requests");
    }
  }

  public static Step of(String name, int concurrency, int numRequests, RequestBuilder request) {
    return new Step(name, new ClosedLoop(concurrency), numRequests, request, Trim.NONE);
  }

  /**
   * An open-loop step: {@code numRequests} requests at {@code ratePerSec}, evenly spaced, no concurrency ceiling.
   *
   * @throws IllegalArgumentException if the rate is not a positive finite number or the count is not positive
   */
  public static Step atRate(String name, double ratePerSec, int numRequests, RequestBuilder request) {
    return new Step(name, new OpenLoop(ratePerSec, false, 0, 0), numRequests, request, Trim.NONE);
  }

  /** This open-loop step with Poisson arrivals drawn from {@code seed}. */
  public Step poisson(long seed) {
    OpenLoop o = requireOpenLoop("poisson");
    return withLoad(new OpenLoop(o.ratePerSec(), true, seed, o.maxConcurrency(), o.shard()));
  }

  /** This open-loop step with at most {@code max} requests in flight. */
  public Step maxConcurrency(int max) {
    OpenLoop o = requireOpenLoop("maxConcurrency");
    Checks.positive("maxConcurrency", max);
    return withLoad(new OpenLoop(o.ratePerSec(), o.poisson(), o.seed(), max, o.shard()));
  }

  /** This step with these requests left out of its figures. */
  public Step trim(Trim trim) {
    return new Step(name, load, numRequests, request, trim);
  }

  private Step withLoad(Load newLoad) {
    return new Step(name, newLoad, numRequests, request, trim);
  }

  private OpenLoop requireOpenLoop(String what) {
    if (!(load instanceof OpenLoop o)) {
      throw new IllegalArgumentException(what + " applies to open-loop steps (Step.atRate); step " + name
          + " is a closed loop");
    }
    return o;
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
    return load instanceof OpenLoop;
  }

  /** The open loop's schedule, or {@code null} for a closed loop. */
  public @Nullable OpenLoop openLoop() {
    return load instanceof OpenLoop o ? o : null;
  }

  /** {@code "vision"} or {@code "text"}, from the request builder. */
  public TestType testType() {
    return request.testType();
  }
}
