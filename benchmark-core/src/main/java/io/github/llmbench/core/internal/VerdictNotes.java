package io.github.llmbench.core.internal;

import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.Verdict;

/**
 * Adds to a step's verdict reason what the status policy cannot know: that the client was the bottleneck
 * ({@code "; client-bound: p99 latency could be 4.2 ms (2.1 %) too high"}), never silently, and, for a step that
 * degraded or saturated, what the server's own metrics said ({@code "; server queue reached 57 waiting, KV cache 97
 * %"}). The status itself is the policy's and is never changed.
 */
public final class VerdictNotes {
  private VerdictNotes() {}

  public static Verdict annotate(Verdict verdict, StepMeasurement measurement) {
    StringBuilder reason = new StringBuilder(verdict.reason());
    if (verdict.status() == Status.DEGRADED || verdict.status() == Status.SATURATED
        || verdict.status() == Status.FAILING) {
      measurement.serverMetrics().map(m -> m.reasonFragment()).filter(f -> !f.isEmpty())
          .ifPresent(f -> reason.append("; ").append(f));
    }
    // A decision the same server could have made the other way on another run says so.
    verdict.rules().stream().filter(Verdict.RuleDecision::isMarginal)
        .forEach(r -> reason.append("; ").append(r.describe(verdict.status().name())));
    measurement.clientHealth().filter(h -> h.clientBound())
        .ifPresent(h -> reason.append("; ").append(h.verdictReason()));
    return reason.length() == verdict.reason().length() ? verdict
        : new Verdict(verdict.status(), reason.toString(), verdict.rules());
  }
}
