package io.github.llmbench.core.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;

/**
 * The cancellation state of one run: a flag the workers check between requests and the calls in flight, which
 * {@link #cancel()} cancels. Thread-safe.
 */
public final class RunControl implements CallTracker {
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();

  public void cancel() {
    if (cancelled.compareAndSet(false, true)) {
      for (Call call : inFlight) call.cancel();
    }
  }

  public boolean cancelled() {
    return cancelled.get();
  }

  @Override
  public void started(Call call) {
    inFlight.add(call);
    // A cancel() that ran before the add did not see this call: cancel it here.
    if (cancelled.get()) call.cancel();
  }

  @Override
  public void finished(Call call) {
    inFlight.remove(call);
  }
}
