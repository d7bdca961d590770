package io.github.llmbench.core.internal;

import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.core.internal.health.Stalls;
import java.util.List;

/**
 * What running one step produced, before aggregation.
 *
 * @param outcomes the outcomes of the requests that ran, by index (a cancelled step leaves gaps)
 * @param workers closed loop: the workers; open loop: the most requests out at once
 * @param startSpreadNanos closed loop: from the first to the last worker's first request leaving; 0 for open loop
 * @param sendLagsNanos per request that ran, how late it left against when it should have (closed loop: after its
 *     worker became free; open loop: after its scheduled time)
 * @param stepStartNanos when the step's clock started (the outcomes' offsets count from it)
 * @param lanes by request index, the lane it was sent on (-1 for one that never was)
 * @param ownLagNanos by request index, the part of an open-loop request's send delay that was llmbench's own (not
 *     a wait for the concurrency ceiling), which its latency includes; 0 in a closed loop
 * @param maxWorkerLagNanos closed loop: the most time one worker lost between its requests, which the step's wall
 *     clock includes; 0 for open loop
 * @param laneStalls by lane, when it was not free to read or write
 */
public record StepRun(List<RequestOutcome> outcomes, int workers, long startSpreadNanos, long[] sendLagsNanos,
    long stepStartNanos, int[] lanes, long[] ownLagNanos, long maxWorkerLagNanos, Stalls[] laneStalls) {}
