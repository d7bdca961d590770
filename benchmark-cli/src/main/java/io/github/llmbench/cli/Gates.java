package io.github.llmbench.cli;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.api.Goodput;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;

/**
 * The CI gates of {@code llmbench run}: each looks at every step of the finished run and, when it fails, gives one
 * line naming the gate, the first step that failed it and the figure ({@link ExitCode#GATE_FAILED}).
 *
 * @param failOn statuses that fail the run ({@code --fail-on})
 * @param clientBound whether a client-bound step fails the run ({@code --fail-if-client-bound})
 * @param minGoodputPercent the least goodput share, in percent, every step must reach ({@code --fail-on-slo})
 * @param marginal whether a step whose status decision is marginal fails the run ({@code --fail-on-marginal})
 */
record Gates(Set<Status> failOn, boolean clientBound, OptionalDouble minGoodputPercent, boolean marginal) {
  Gates {
    failOn = Set.copyOf(failOn);
  }

  /** The gates the flags ask for; {@code hasSlo} says whether an {@code --slo-*} objective was given. */
  static Gates of(RunOptions o, boolean hasSlo) throws UsageException {
    OptionalDouble slo = OptionalDouble.empty();
    if (o.failOnSloPercent != null) {
      if (!hasSlo) {
        throw UsageException.of("--fail-on-slo", Flags.format(o.failOnSloPercent), "needs an objective: add "
            + "--slo-e2e-ms, --slo-ttft-ms or --slo-tpot-ms");
      }
      slo = OptionalDouble.of(o.failOnSloPercent);
    }
    return new Gates(o.failOn.values(), o.failIfClientBound, slo, o.failOnMarginal);
  }

  /** One line per failed gate, e.g. {@code "gate --fail-on DEGRADED failed: step c8 is DEGRADED (...)"}. */
  List<String> failures(BenchmarkResult result) {
    List<String> lines = new ArrayList<>();
    List<StepResult> steps = result.steps();
    if (!failOn.isEmpty()) {
      String gate = "--fail-on " + String.join(",", failOn.stream().sorted().map(Status::name).toList());
      first(lines, gate, steps, s -> failOn.contains(s.status())
          ? Optional.of("is " + s.status() + " (" + s.verdict().reason() + ")") : Optional.empty());
    }
    if (clientBound) {
      first(lines, "--fail-if-client-bound", steps, s -> s.measurement().clientBound()
          ? Optional.of("is " + s.measurement().clientHealth().map(ClientHealth::verdictReason).orElse("client-bound"))
          : Optional.empty());
    }
    if (marginal) {
      first(lines, "--fail-on-marginal", steps,
          s -> s.verdict().rules().stream().filter(io.github.llmbench.api.Verdict.RuleDecision::isMarginal)
          .findFirst().map(r -> "has a marginal decision: " + r.describe(s.status().name())));
    }
    if (minGoodputPercent.isPresent()) {
      double min = minGoodputPercent.getAsDouble();
      first(lines, "--fail-on-slo " + Flags.format(min), steps, s -> {
        Optional<Goodput> g = s.statistics().measured().goodput();
        if (g.isEmpty()) return Optional.empty();
        double percent = g.get().share() * 100;
        return percent < min ? Optional.of(String.format(Locale.ROOT, "met the objectives (%s) in %.1f %% of its "
            + "requests, below %s %%", g.get().slo(), percent, Flags.format(min))) : Optional.empty();
      });
    }
    return lines;
  }

  /** Adds the gate's line when some step fails it: the first such step, and how many more. */
  private static void first(List<String> lines, String gate, List<StepResult> steps,
      Function<StepResult, Optional<String>> failure) {
    String firstLine = null;
    int count = 0;
    for (StepResult s : steps) {
      Optional<String> f = failure.apply(s);
      if (f.isEmpty()) continue;
      if (count++ == 0) firstLine = "gate " + gate + " failed: step " + s.testName() + " (" + s.phase() + ") "
          + f.get();
    }
    if (firstLine == null) return;
    lines.add(count == 1 ? firstLine : firstLine + "; and " + (count - 1) + " more step" + (count == 2 ? "" : "s"));
  }
}
