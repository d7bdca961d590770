/**
 * The client's self-check: how late requests left ({@link io.github.llmbench.core.internal.health.SendLagRecorder}),
 * the JVM's stalls ({@link io.github.llmbench.core.internal.health.HiccupMeter}), GC
 * ({@link io.github.llmbench.core.internal.health.GcMonitor}) and CPU
 * ({@link io.github.llmbench.core.internal.health.CpuMonitor}), combined per step by
 * {@link io.github.llmbench.core.internal.health.ClientHealthProbe} into an {@link io.github.llmbench.api.ClientHealth}.
 * Not API.
 */
@NullMarked
package io.github.llmbench.core.internal.health;

import org.jspecify.annotations.NullMarked;
