package io.github.llmbench.api;

/**
 * Told what happens during a run, as it happens. Every method has a no-op default, so new events can be added
 * without breaking implementations.
 *
 * <p><b>Contract:</b> {@link #onRequestCompleted} is called on worker threads, concurrently: it must be
 * thread-safe, fast and non-blocking (do I/O asynchronously or buffer it). A sink that throws is counted in
 * {@link BenchmarkResult#sinkFailures()} and otherwise ignored: it never stops or slows the run. Sinks get
 * per-request summaries, never the prompt or the API key.
 */
public interface MetricSink {
  default void onRunStarted(Benchmark benchmark) {}

  default void onPhaseStarted(String phase) {}

  default void onStepStarted(StepInfo step) {}

  default void onRequestCompleted(RequestOutcome outcome) {}

  default void onStepCompleted(StepResult step) {}

  default void onPhaseCompleted(BenchmarkResult.PhaseResult phase) {}

  /**
   * The results so far, after every finished step (its {@code abortReason} is {@link
   * BenchmarkResult.AbortReason#IN_PROGRESS}): what a sink saves to keep finished steps when the run is killed.
   */
  default void onSnapshot(BenchmarkResult resultSoFar) {}

  default void onRunCompleted(BenchmarkResult result) {}

  /**
   * Makes a fresh sink for each run, in the manner of OkHttp's {@code EventListener.Factory}: a sink that keeps
   * per-run state (a file, counters) comes from a factory, so that one runner can run several benchmarks at once
   * without their events mixing. A sink added directly is shared by every run of its runner.
   */
  @FunctionalInterface
  interface Factory {
    /** The sink of one run of {@code benchmark}; called once per run, before it starts. */
    MetricSink create(Benchmark benchmark);
  }

  /**
   * A step that is about to start, as told to sinks.
   *
   * @param phase the phase name
   * @param step the step name
   * @param concurrency requests in flight at once
   * @param numRequests requests to send
   */
  public record StepInfo(String phase, String step, int concurrency, int numRequests) {}
}
