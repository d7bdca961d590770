package io.github.llmbench.core.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cancellation state of one run: a flag the senders check before each request, and what to stop when it is
 * set (the transport's exchanges in flight). Thread-safe.
 */
public final class RunControl {
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();

  public void cancel() {
    if (cancelled.compareAndSet(false, true)) {
      // Each action runs once: by whichever of this and onCancel takes it out of the list.
      for (Runnable r : onCancel) {
        if (onCancel.remove(r)) r.run();
      }
    }
  }

  public boolean cancelled() {
    return cancelled.get();
  }

  /**
   * Runs {@code action} when the run is cancelled (at once if it already is).
   *
   * @return what takes the action back, for one that only matters while a step runs
   */
  public Runnable onCancel(Runnable action) {
    onCancel.add(action);
    // A cancel() that ran before the add did not see this action.
    if (cancelled.get() && onCancel.remove(action)) action.run();
    return () -> onCancel.remove(action);
  }
}
