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
 * One shard's part of a run, from {@code --shard} and {@code --start-at}: which requests it sends, and waiting for
 * the agreed start. The whole run when {@code --shard} is absent.
 */
final class ShardPlan {
  private final Optional<Shard> shard;
  private final Optional<Instant> startAt;

  private ShardPlan(Optional<Shard> shard, Optional<Instant> startAt) {
    this.shard = shard;
    this.startAt = startAt;
  }

  /** The whole benchmark, in this process. */
  static ShardPlan whole() {
    return new ShardPlan(Optional.empty(), Optional.empty());
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
    return new ShardPlan(shard, startAt);
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
