package io.github.llmbench.api;

import java.util.ArrayList;
import java.util.List;

/**
 * What a step's server did that changes how its figures read, said in one line each so that no report leaves it
 * silent: answers to a stream request that were not streamed, answers without {@code usage}, a client-bound step,
 * trimmed requests. The console, the JSON and the Markdown print the same lines, once per step.
 */
public final class StepNotes {
  private StepNotes() {}

  /** The notes of this step, in a fixed order; empty when there is nothing to say. */
  public static List<String> of(StepResult step) {
    StepMeasurement m = step.measurement();
    int ok = step.statistics().successful();
    List<String> notes = new ArrayList<>(4);
    if (m.answersNotStreamed() > 0) {
      notes.add(m.answersNotStreamed() + " of " + ok + " answers to a stream request were not streamed: no time to "
          + "first token or inter-token latency for " + (m.answersNotStreamed() == ok ? "this step" : "them"));
    }
    if (m.answersWithoutUsage() > 0) {
      boolean all = m.answersWithoutUsage() == ok;
      notes.add(m.answersWithoutUsage() + " of " + ok + " answers carried no usage: "
          + (all ? "token counts and throughputs are unknown" : "their token counts are unknown")
          + " (the script's fields count them as 0"
          + (step.statistics().stream().map(StreamStatistics::tokensEstimated).orElse(false)
              ? "; output tokens estimated from stream chunks)" : ")"));
    }
    if (m.clientBound()) notes.add(m.clientHealth().get().verdictReason());
    if (m.trimmedRequests() > 0) {
      notes.add(m.trimmedRequests() + " requests trimmed (sent and counted, left out of the figures)");
    }
    return List.copyOf(notes);
  }

  /** Whether no answer of the step carried token counts, so that its own throughputs are unknown. */
  public static boolean tokensUnknown(StepResult step) {
    int ok = step.statistics().successful();
    return ok > 0 && step.measurement().answersWithoutUsage() == ok
        && !step.statistics().stream().map(StreamStatistics::tokensEstimated).orElse(false);
  }
}
