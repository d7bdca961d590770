package io.github.llmbench.core;

import io.github.llmbench.api.Phase;
import io.github.llmbench.api.StatusPolicy;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.TestType;
import io.github.llmbench.api.Verdict;
import io.github.llmbench.core.internal.VerdictNotes;
import io.github.llmbench.core.stats.StepConfidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place a step's verdict and a phase's course are decided, for a run and for a merge of shards alike: the
 * context a step is judged in (the baseline p99 a phase provided, the previous step's throughput), the policy's
 * status, each of its rules on its own ({@link StepConfidence#decisions}), the notes the policy cannot know
 * ({@code client-bound}, the server's metrics, marginal decisions), and whether the phase stops. Not thread-safe:
 * one per run, used phase by phase in order.
 *
 * <pre>{@code
 * PhaseJudge judge = new PhaseJudge(StatusPolicy.unified());
 * PhaseJudge.Course scaling = judge.begin(Phase.Rules.of(phase));
 * StepResult judged = scaling.judge("scale_5", TestType.TEXT, 5, statistics, measurement);
 * Optional<String> stop = scaling.stopReason(judged, moreSteps);
 * scaling.end();
 * }</pre>
 */
public final class PhaseJudge {
  private final StatusPolicy policy;
  private final StepConfidence confidence = StepConfidence.ofDefaults();
  private Optional<StepResult> baseline = Optional.empty();

  public PhaseJudge(StatusPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** Starts judging a phase's steps. */
  public Course begin(Phase.Rules rules) {
    return new Course(rules);
  }

  /** One phase being judged: its steps so far. */
  public final class Course {
    private final Phase.Rules rules;
    private final List<StepResult> judged = new ArrayList<>();

    private Course(Phase.Rules rules) {
      this.rules = Objects.requireNonNull(rules, "rules");
    }

    /** The step's result: its status from the policy in this phase's context, its rule decisions and notes. */
    public StepResult judge(String step, TestType testType, int concurrency, StepStatistics statistics,
        StepMeasurement measurement) {
      StatusPolicy.Context context = StatusPolicy.Context.none();
      Optional<StepResult> reference = rules.comparesToBaseline() ? baseline : Optional.empty();
      if (reference.isPresent()) context = context.withBaselineP99Sec(reference.get().latencyP99Sec());
      if (rules.comparesToPreviousStep() && !judged.isEmpty()) {
        context = context.withPreviousThroughputTotal(judged.get(judged.size() - 1).throughputTotal());
      }
      Verdict decided = Objects.requireNonNull(policy.classify(statistics, context),
          "the status policy returned null");
      StepResult unjudged = new StepResult(rules.name(), step, testType, concurrency, statistics, decided,
          measurement);
      List<Verdict.RuleDecision> decisions = confidence.decisions(policy, unjudged, reference,
          context.previousThroughputTotal());
      StepResult result = new StepResult(rules.name(), step, testType, concurrency, statistics,
          VerdictNotes.annotate(decided.withRules(decisions), measurement), measurement);
      judged.add(result);
      return result;
    }

    /** {@code "scale_50 was SATURATED"} when the phase stops after this step and had more to run; empty otherwise. */
    public Optional<String> stopReason(StepResult step, boolean moreSteps) {
      return moreSteps && rules.stopStatuses().contains(step.status())
          ? Optional.of(step.testName() + " was " + step.status()) : Optional.empty();
    }

    /** The phase is over: if it provides the baseline, its last step is the baseline from now on. */
    public void end() {
      if (rules.providesBaseline() && !judged.isEmpty()) baseline = Optional.of(judged.get(judged.size() - 1));
    }
  }
}
