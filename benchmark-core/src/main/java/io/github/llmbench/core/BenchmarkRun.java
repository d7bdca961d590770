package io.github.llmbench.core;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.core.internal.RunExecution;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The handle of a run started with {@link BenchmarkRunner#start}: cancel it, wait for it. Thread-safe.
 *
 * <pre>{@code
 * try (BenchmarkRun run = runner.start(benchmark)) {
 *   Optional<BenchmarkResult> result = run.await(Duration.ofMinutes(30));
 * } // close() cancels a run still going and waits for its results
 * }</pre>
 */
public final class BenchmarkRun implements AutoCloseable {
  private final RunExecution execution;
  private final CompletableFuture<BenchmarkResult> result = new CompletableFuture<>();

  private BenchmarkRun(RunExecution execution) {
    this.execution = execution;
  }

  static BenchmarkRun start(RunExecution execution, String threadName) {
    BenchmarkRun run = new BenchmarkRun(execution);
    Thread thread = new Thread(() -> {
      try {
        run.result.complete(execution.execute());
      } catch (Throwable t) {
        run.result.completeExceptionally(t);
      }
    }, threadName);
    thread.start();
    return run;
  }

  /**
   * Stops the run cleanly: no new request is sent, requests in flight are cancelled, the interrupted step is
   * dropped and every finished step kept; the result's {@code abortReason} is {@code "cancelled"}. Returns at
   * once; {@link #await()} waits for the end. Does nothing once the run has ended.
   */
  public void cancel() {
    execution.cancel();
  }

  /** Whether the run has ended. */
  public boolean isDone() {
    return result.isDone();
  }

  /**
   * Waits for the run to end (also when cancelled) and returns its result. If the waiting thread is interrupted,
   * the run is cancelled, its result still returned and the thread's interrupt flag restored.
   */
  public BenchmarkResult await() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          interrupted = true;
          cancel();
        } catch (ExecutionException e) {
          throw new IllegalStateException("the benchmark run failed unexpectedly", e.getCause());
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits at most {@code timeout} for the run to end.
   *
   * @return the result, or empty when the run is still going (or the waiting thread was interrupted)
   */
  public Optional<BenchmarkResult> await(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    try {
      return Optional.of(result.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the benchmark run failed unexpectedly", e.getCause());
    }
  }

  /** Cancels the run if it is still going and waits for its end. */
  @Override
  public void close() {
    cancel();
    await();
  }
}
