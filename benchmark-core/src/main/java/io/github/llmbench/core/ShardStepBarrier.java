package io.github.llmbench.core;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.Shard;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes the shards of one run start each step together, through marker files in a directory they share (the local
 * processes of {@code llmbench run --shards N}, or machines with a shared file system). Shards otherwise run their
 * steps one after another on their own: one that has no part of a step, or finishes its part early, would go on to
 * the next while the others still run it, and the server would see both loads.
 *
 * <p>Two sinks of the shard's run. The {@link #gate()}, the run's first sink: before a step starts (its clock has
 * not, nor has any other sink seen it), it waits until every shard has finished its part of every earlier step of
 * the whole run. The {@link #marker()}, the run's last sink: after a step (and after every other sink has closed
 * it), it leaves {@code <step>.<index>.done}. A shard whose run ended leaves {@code run.<index>.ended} and is waited
 * for no more. Waiting longer than {@code maxWait} for a step gives up and lets it start: the merge then notes the
 * overlap. Thread-safe; a run's steps arrive in order.
 */
public final class ShardStepBarrier {
  private static final long POLL_NANOS = 2_000_000;

  private final Path dir;
  private final Shard shard;
  private final List<Step> wholeSteps;
  private final long maxWaitNanos;
  private final TimeSource time;

  /**
   * @param dir the directory the shards share
   * @param shard this shard
   * @param whole the whole run's benchmark (not this shard's part)
   * @param maxWait how long a step waits for the others at most
   */
  public ShardStepBarrier(Path dir, Shard shard, Benchmark whole, Duration maxWait, TimeSource time) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.shard = Objects.requireNonNull(shard, "shard");
    this.wholeSteps = whole.steps();
    this.maxWaitNanos = maxWait.toNanos();
    this.time = Objects.requireNonNull(time, "time");
  }

  /** The sink that holds each step until the other shards have finished the steps before it: add it first. */
  public MetricSink gate() {
    return new MetricSink() {
      @Override
      public void onStepStarted(MetricSink.StepInfo step) {
        await(step);
      }
    };
  }

  /** The sink that says when this shard has finished a step, or its run: add it last. */
  public MetricSink marker() {
    return new MetricSink() {
      @Override
      public void onStepCompleted(StepResult step) {
        touch(done(step.testName(), shard.index()));
      }

      @Override
      public void onRunCompleted(BenchmarkResult result) {
        end();
      }
    };
  }

  /** Says this shard's run is over, whether or not it ran at all: the others wait for it no more. Idempotent. */
  public void end() {
    touch(ended(shard.index()));
  }

  private void await(MetricSink.StepInfo step) {
    int k = indexOf(step.step());
    if (k < 0) return;
    long deadline = time.monotonicNanos() + maxWaitNanos;
    for (int j = 0; j < k; j++) {
      Step earlier = wholeSteps.get(j);
      for (int r = 0; r < shard.shardsFor(earlier); r++) {
        while (!Files.exists(done(earlier.name(), r)) && !Files.exists(ended(r))) {
          if (time.monotonicNanos() > deadline || Thread.currentThread().isInterrupted()) return;
          LockSupport.parkNanos(POLL_NANOS);
        }
      }
    }
  }

  private int indexOf(String step) {
    for (int i = 0; i < wholeSteps.size(); i++) if (wholeSteps.get(i).name().equals(step)) return i;
    return -1;
  }

  private Path done(String step, int index) {
    return dir.resolve(step + "." + index + ".done");
  }

  private Path ended(int index) {
    return dir.resolve("run." + index + ".ended");
  }

  private static void touch(Path marker) {
    try {
      Files.createDirectories(marker.getParent());
      if (!Files.exists(marker)) Files.createFile(marker);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // another call of the same shard left it: nothing to do
    } catch (IOException e) {
      throw new UncheckedIOException("cannot leave the shard barrier's marker " + marker, e);
    }
  }
}
