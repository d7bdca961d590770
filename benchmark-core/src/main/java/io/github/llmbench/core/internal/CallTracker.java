package io.github.llmbench.core.internal;

import okhttp3.Call;

/** Told about each HTTP call while it is in flight, so that a cancelled run can cancel them. Thread-safe. */
public interface CallTracker {
  /** Called before the call executes; the tracker may cancel it at any time after this. */
  void started(Call call);

  void finished(Call call);

  CallTracker NONE = new CallTracker() {
    @Override
    public void started(Call call) {}

    @Override
    public void finished(Call call) {}
  };
}
