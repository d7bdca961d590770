package io.github.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Shard;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.TestType;
import io.github.llmbench.api.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A shard starts a step only when every shard has finished its part of the steps before it. */
@Timeout(30)
class ShardStepBarrierTest {
  @TempDir Path dir;

  // "single" (1 request) runs on shard 0 alone; "scale" on both.
  private final Benchmark whole = Benchmark.builder().target("http://127.0.0.1:9", "m")
      .phases(Phase.of("P", Step.of("single", Load.concurrency(1), 1, RequestBuilders.chat("x", 1)),
          Step.of("scale", Load.concurrency(2), 4, RequestBuilders.chat("x", 1))))
      .build();

  private ShardStepBarrier barrier(int index, Duration maxWait) {
    return new ShardStepBarrier(dir, new Shard(index, 2), whole, maxWait, TimeSource.SYSTEM);
  }

  private static StepResult finished(String step) {
    return new StepResult("P", step, TestType.TEXT, 1, StepStatistics.builder().requests(1, 1, 0).build(),
        Verdict.of(Status.OK, ""), StepMeasurement.UNRECORDED);
  }

  @Test
  void aShardThatSkippedAStepWaitsForTheShardsThatRunIt() throws Exception {
    ShardStepBarrier first = barrier(0, Duration.ofSeconds(20));
    ShardStepBarrier second = barrier(1, Duration.ofSeconds(20));
    first.gate().onStepStarted(new MetricSink.StepInfo("P", "single", 1, 1)); // nothing before it: no wait
    CompletableFuture<Void> secondStarts = CompletableFuture.runAsync(
        () -> second.gate().onStepStarted(new MetricSink.StepInfo("P", "scale", 1, 2)));
    // Still waiting while shard 0 runs "single" (a barrier that let it through would have returned at once).
    Thread.sleep(300);
    assertThat(secondStarts).isNotDone();
    first.marker().onStepCompleted(finished("single"));
    secondStarts.get(10, TimeUnit.SECONDS);
    assertThat(dir.resolve("single.0.done")).exists();
  }

  @Test
  void aShardWhoseRunEndedIsWaitedForNoMoreAndAWaitIsBounded() throws Exception {
    ShardStepBarrier second = barrier(1, Duration.ofSeconds(20));
    CompletableFuture<Void> starts = CompletableFuture.runAsync(
        () -> second.gate().onStepStarted(new MetricSink.StepInfo("P", "scale", 1, 2)));
    Thread.sleep(100);
    assertThat(starts).isNotDone();
    barrier(0, Duration.ofSeconds(20)).marker().onRunCompleted(null);
    starts.get(10, TimeUnit.SECONDS);
    // A shard that returns before its run (a refused model check) says so too: end() leaves the same marker.
    Path early = dir.resolve("early");
    ShardStepBarrier waiting = new ShardStepBarrier(early, new Shard(1, 2), whole, Duration.ofSeconds(20),
        TimeSource.SYSTEM);
    CompletableFuture<Void> released = CompletableFuture.runAsync(
        () -> waiting.gate().onStepStarted(new MetricSink.StepInfo("P", "scale", 1, 2)));
    Thread.sleep(100);
    assertThat(released).isNotDone();
    new ShardStepBarrier(early, new Shard(0, 2), whole, Duration.ofSeconds(20), TimeSource.SYSTEM).end();
    released.get(10, TimeUnit.SECONDS);

    Path other = dir.resolve("other");
    ShardStepBarrier impatient = new ShardStepBarrier(other, new Shard(1, 2), whole, Duration.ZERO,
        TimeSource.SYSTEM);
    long t0 = System.nanoTime();
    impatient.gate().onStepStarted(new MetricSink.StepInfo("P", "scale", 1, 2));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(other.resolve("single.0.done")).doesNotExist();
  }
}
