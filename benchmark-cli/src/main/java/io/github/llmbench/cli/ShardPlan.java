package io.github.llmbench.cli;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.Shard;
import io.github.llmbench.report.merge.ShardSettings;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One shard's part of a run, from {@code --shard}, {@code --start-at} and {@code --shard-barrier}: which requests
 * it sends, waiting for the agreed start, and starting each step with the other shards. The whole run when
 * {@code --shard} is absent.
 */
final class ShardPlan {
  /**
   * How long a step waits at the barrier for the other shards at most: longer than any step of a benchmark worth
   * running, so that only a shard that died without a word is given up on (the merge then notes the overlap).
   */
  static final java.time.Duration BARRIER_MAX_WAIT = java.time.Duration.ofHours(2);

  private final Optional<Shard> shard;
  private final Optional<Instant> startAt;
  private final Optional<java.nio.file.Path> barrier;
  private @org.jspecify.annotations.Nullable Benchmark whole;

  private ShardPlan(Optional<Shard> shard, Optional<Instant> startAt, Optional<java.nio.file.Path> barrier) {
    this.shard = shard;
    this.startAt = startAt;
    this.barrier = barrier;
  }

  /** The whole benchmark, in this process. */
  static ShardPlan whole() {
    return new ShardPlan(Optional.empty(), Optional.empty(), Optional.empty());
  }

  static ShardPlan of(ShardOptions o) throws UsageException {
    Optional<Shard> shard = Optional.ofNullable(o.shard);
    Optional<Instant> startAt = Optional.ofNullable(o.startAt);
    if (startAt.isPresent() && shard.isEmpty()) {
      throw UsageException.of("--start-at", startAt.get(), "applies to a shard: add --shard I/N (or use --shards N)");
    }
    if (o.maxStartLateness != null && !o.launchesLocal()) {
      throw UsageException.of("--max-start-lateness", Flags.seconds(o.maxStartLateness), "applies to --shards (or to "
          + "'llmbench merge')");
    }
    if (o.shardBarrier != null && shard.isEmpty()) {
      throw UsageException.of("--shard-barrier", o.shardBarrier, "applies to a shard: add --shard I/N (or use "
          + "--shards N, which sets it)");
    }
    return new ShardPlan(shard, startAt, Optional.ofNullable(o.shardBarrier));
  }

  boolean sharded() {
    return shard.isPresent();
  }

  /** This shard's part of the benchmark, with the settings the merge needs. */
  Benchmark apply(Benchmark whole) throws UsageException {
    if (shard.isEmpty()) return whole;
    for (var step : whole.steps()) {
      if (!io.github.llmbench.report.merge.IntervalLog.validStepName(step.name())) {
        throw UsageException.of("--shard", shard.get(), "cannot log step \"" + step.name() + "\": its name has a "
            + "comma, a space or a #");
      }
    }
    Benchmark mine;
    this.whole = whole;
    try {
      mine = shard.get().of(whole);
    } catch (IllegalArgumentException e) {
      throw UsageException.of("--shard", shard.get(), "cannot split this run: " + e.getMessage());
    }
    // The target was checked before; a pre-flight per shard would only widen the shards' start spread.
    Benchmark.Builder b = mine.toBuilder().preflight(false);
    startAt.ifPresent(t -> b.setting(ShardSettings.START_AT, t.toString()));
    return b.build();
  }

  /** The barrier that starts each step with the other shards, with {@code --shard-barrier}; after {@link #apply}. */
  Optional<io.github.llmbench.core.ShardStepBarrier> barrier() {
    if (shard.isEmpty() || barrier.isEmpty() || whole == null) return Optional.empty();
    return Optional.of(new io.github.llmbench.core.ShardStepBarrier(barrier.get(), shard.get(), whole,
        BARRIER_MAX_WAIT, io.github.llmbench.core.TimeSource.SYSTEM));
  }

  /**
   * Sleeps until {@code --start-at} (if given), then records how late this shard is by its wall clock.
   *
   * @return the benchmark with {@link ShardSettings#START_LATENESS_MS}
   */
  Benchmark awaitStart(Benchmark mine, LongSupplier wallMillis, PrintStream out) throws InterruptedException {
    if (shard.isEmpty() || startAt.isEmpty()) return mine;
    long target = startAt.get().toEpochMilli();
    while (true) {
      long left = target - wallMillis.getAsLong();
      if (left <= 0) break;
      Thread.sleep(Math.min(left, 250));
    }
    long lateMs = wallMillis.getAsLong() - target;
    out.println("llmbench: shard " + shard.get() + " started " + lateMs + " ms after --start-at " + startAt.get());
    return mine.toBuilder().setting(ShardSettings.START_LATENESS_MS, String.format(Locale.ROOT, "%d", lateMs))
        .build();
  }
}
