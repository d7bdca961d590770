package io.github.llmbench.core.internal.health;

import io.github.llmbench.api.ClientHealth;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * Collects how late each request of a step left against when it should have. Workers call
 * {@link #recordSendLagNanos} concurrently without locking (an HdrHistogram {@link Recorder}: wait-free for
 * writers); {@link #takeSummary()} reads and resets the interval.
 */
public final class SendLagRecorder {
  private final Recorder recorder = new Recorder(3);  // auto-resizing, 3 significant digits
  private @Nullable Histogram recycled;

  /** Records one request's lag; a negative lag (it left early) counts as 0. Thread-safe, wait-free. */
  public void recordSendLagNanos(long lagNanos) {
    recorder.recordValue(Math.max(0, lagNanos));
  }

  /** The lags recorded since the last call (or since creation), and starts a new interval. */
  public synchronized ClientHealth.SendLag takeSummary() {
    Histogram h = recorder.getIntervalHistogram(recycled);
    recycled = h;
    if (h.getTotalCount() == 0) return ClientHealth.SendLag.NONE;
    return new ClientHealth.SendLag(h.getTotalCount(), h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
  }
}
