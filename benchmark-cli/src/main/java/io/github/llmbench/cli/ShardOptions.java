package io.github.llmbench.cli;

import io.github.llmbench.api.Shard;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The flags of a run spread over several load generators: {@code --shard I/N} runs one shard (on a cluster, one pod
 * of an Indexed Job), {@code --shards N} starts N local processes and merges them. Each value is typed by its
 * {@link Flags} converter; {@link ShardPlan} and {@link LocalShards} check how they go together.
 */
final class ShardOptions {
  static final String DEFAULT_MAX_START_LATENESS_SEC = "1";
  static final Duration DEFAULT_MAX_START_LATENESS = Duration.ofSeconds(1);

  @Option(names = "--shard", converter = Flags.ShardOf.class, paramLabel = "I/N",
      description = "run shard I (0-based) of N: each step's workers and requests split evenly, every N-th arrival "
          + "of an open loop; writes its JSON and a .hlog interval log for 'llmbench merge'")
  @Nullable Shard shard;

  @Option(names = "--start-at", converter = Flags.WallClockInstant.class, paramLabel = "INSTANT",
      description = "with --shard or --shards: start at this wall-clock instant (ISO-8601, e.g. "
          + "2026-12-01T10:00:00Z, or epoch milliseconds); how late the start was is recorded")
  @Nullable Instant startAt;

  @Option(names = "--shard-barrier", paramLabel = "DIR",
      description = "with --shard: a directory the shards share (local, or on a shared file system); each step starts "
          + "when every shard has finished its part of the steps before it (--shards sets it)")
  java.nio.file.@Nullable Path shardBarrier;

  @Option(names = "--shards", converter = Flags.ShardCount.class, paramLabel = "N",
      description = "run N local processes (--shard 0/N ... N-1/N, a common --start-at 3 + N seconds ahead unless "
          + "given) and merge their results")
  @Nullable Integer shards;

  @Option(names = "--max-start-lateness", converter = Flags.Lateness.class, paramLabel = "SEC",
      description = "with --shards: a shard that started later than this marks the merged steps invalid "
          + "(default " + DEFAULT_MAX_START_LATENESS_SEC + ")")
  @Nullable Duration maxStartLateness;

  boolean launchesLocal() {
    return shards != null;
  }
}
