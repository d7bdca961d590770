package io.github.llmbench.core.internal;

import io.github.llmbench.api.RequestOutcome;
import java.util.List;

/**
 * What running one step produced, before aggregation.
 *
 * @param outcomes the outcomes of the requests that ran, by index (a cancelled step leaves gaps)
 * @param workers the threads that sent requests
 * @param startSpreadNanos closed loop: from the first to the last worker's first request leaving; 0 for open loop
 * @param sendLagsNanos per request that ran, how late it left against when it should have (closed loop: after its
 *     worker became free; open loop: after its scheduled time)
 */
public record StepRun(List<RequestOutcome> outcomes, int workers, long startSpreadNanos, long[] sendLagsNanos) {}
