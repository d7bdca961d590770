package io.github.llmbench.core.internal;

import io.github.llmbench.api.RequestOutcome;
import java.util.Arrays;
import java.util.List;

/**
 * The load a step really reached, from its requests' own send and end times: the most requests in flight at once
 * and the time-weighted mean over the step's wall-clock time (Little's law: the sum of the requests' times in
 * flight divided by the step's span). A request is in flight from when it was sent (its scheduled time plus its
 * send delay) to when its body's last byte arrived.
 *
 * @param max the most requests in flight at once
 * @param mean the time-weighted mean number in flight
 */
public record InFlight(int max, double mean) {
  static final InFlight NONE = new InFlight(0, 0);

  public static InFlight of(List<RequestOutcome> outcomes) {
    int n = outcomes.size();
    if (n == 0) return NONE;
    long[] starts = new long[n];
    long[] ends = new long[n];
    long busy = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      RequestOutcome o = outcomes.get(i);
      long sent = o.startOffsetNanos() + o.sendDelayNanos();
      long end = Math.max(sent, o.startOffsetNanos() + o.latencyNanos());
      starts[i] = sent;
      ends[i] = end;
      busy += end - sent;
      first = Math.min(first, sent);
      last = Math.max(last, end);
    }
    Arrays.sort(starts);
    Arrays.sort(ends);
    // Sweep: an end at the same instant as a start frees its slot first (a closed-loop worker's next request).
    int max = 0;
    int current = 0;
    int e = 0;
    for (long start : starts) {
      while (e < n && ends[e] <= start) {
        e++;
        current--;
      }
      current++;
      max = Math.max(max, current);
    }
    double span = last - first;
    return new InFlight(max, span > 0 ? busy / span : max);
  }
}
