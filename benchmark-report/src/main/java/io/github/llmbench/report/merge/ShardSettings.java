package io.github.llmbench.report.merge;

import java.util.Set;

/**
 * The run settings a shard records in its result, for the merge: which shard it is, when it should have started
 * and how late it did. (The whole run's phase rules are in its plan, {@code BenchmarkResult.plan()}.)
 */
public final class ShardSettings {
  /** {@code index/count}, e.g. {@code 1/4}. */
  public static final String SHARD = "shard";
  /** The agreed start, ISO-8601. */
  public static final String START_AT = "shard_start_at";
  /** How late this shard started, in milliseconds of its wall clock. */
  public static final String START_LATENESS_MS = "shard_start_lateness_ms";

  private ShardSettings() {}

  /** The keys that differ between the shards of one run. */
  static final Set<String> PER_SHARD = Set.of(SHARD, START_AT, START_LATENESS_MS,
      io.github.llmbench.api.Shard.SKIPPED_STEPS_SETTING);
}
