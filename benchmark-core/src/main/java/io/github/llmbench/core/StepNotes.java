package io.github.llmbench.core;

import io.github.llmbench.api.RequestShape;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StreamStatistics;
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
          + m.requestShape().map(s -> "; their prompts estimated at about " + s.promptTokensEstimate()
              + " tokens each from their text").orElse("")
          + " (the script's fields count them as 0"
          + (step.statistics().measured().stream().map(StreamStatistics::tokensEstimated).orElse(false)
              ? "; output tokens estimated from stream chunks)" : ")"));
    }
    servedVersusAsked(step).ifPresent(notes::add);
    if (m.clientBound()) notes.add(m.clientHealth().get().verdictReason());
    if (m.trimmedRequests() > 0) {
      notes.add(m.trimmedRequests() + " requests trimmed (sent and counted, left out of the figures)");
    }
    return List.copyOf(notes);
  }

  /** How far the output served may be from the output asked before the step is said to have run another workload. */
  public static final double OUTPUT_TOLERANCE = 0.10;
  /** How far the prompt served may be from the prompt's estimate: a tokenizer is not 4 characters a token. */
  public static final double PROMPT_TOLERANCE = 0.5;

  /**
   * When the tokens served differ from those asked (the mean output more than {@value #OUTPUT_TOLERANCE} away from
   * {@code max_tokens}, or the mean prompt more than {@value #PROMPT_TOLERANCE} away from its estimate): the step
   * ran another workload than it says, e.g. a server capping output at 128 of the 500 asked.
   */
  static java.util.Optional<String> servedVersusAsked(StepResult step) {
    java.util.Optional<RequestShape> shape = step.measurement().requestShape();
    int ok = step.statistics().successful();
    if (shape.isEmpty() || ok == 0 || step.measurement().answersWithoutUsage() == ok) return java.util.Optional.empty();
    RequestShape asked = shape.get();
    double output = (double) step.statistics().completionTokens() / ok;
    double prompt = (double) step.statistics().promptTokens() / ok;
    List<String> off = new ArrayList<>(2);
    if (Math.abs(output - asked.maxTokens()) > OUTPUT_TOLERANCE * asked.maxTokens()) {
      off.add(String.format(java.util.Locale.ROOT, "asked %d output tokens, served %.0f on average",
          asked.maxTokens(), output));
    }
    if (asked.promptTokensEstimate() > 0
        && Math.abs(prompt - asked.promptTokensEstimate()) > PROMPT_TOLERANCE * asked.promptTokensEstimate()) {
      off.add(String.format(java.util.Locale.ROOT, "a prompt of about %d tokens counted as %.0f",
          asked.promptTokensEstimate(), prompt));
    }
    return off.isEmpty() ? java.util.Optional.empty()
        : java.util.Optional.of(String.join("; ", off) + ": this step ran another workload than it asked for");
  }

  /** Whether no answer of the step carried token counts, so that its own throughputs are unknown. */
  public static boolean tokensUnknown(StepResult step) {
    int ok = step.statistics().successful();
    return ok > 0 && step.measurement().answersWithoutUsage() == ok
        && !step.statistics().measured().stream().map(StreamStatistics::tokensEstimated).orElse(false);
  }
}
