/**
 * One benchmark over many load generators: the shards' interval logs ({@link IntervalLog}, recorded by
 * {@link IntervalLogSink}), the shard settings a sharded run records ({@link ShardSettings}) and the exact merge of
 * the shards' results ({@link ShardMerger}).
 */
@NullMarked
package io.github.llmbench.report.merge;

import org.jspecify.annotations.NullMarked;
