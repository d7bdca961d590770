package io.github.llmbench.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run set out to do, as structure a result carries and a report, a comparison or a merge reads back: its
 * phases with their rules, whether its requests were streamed, and the objectives its goodput was measured against.
 * A shard's part of a run records the whole run's plan, so that a merge judges the steps as the whole run would
 * have. ({@link BenchmarkResult#settings()} stays for people to read.)
 *
 * @param phases each phase's rules, in run order; empty when not recorded (a result built by hand, or an older file)
 * @param stream whether the requests asked for streamed responses
 * @param slo the objectives each step's goodput was measured against, if any
 * @param search the capacity search the run was, if it was one: {@code CapacitySearches.conclude(search, result)}
 *     (benchmark-core) is its answer
 */
public record RunPlan(List<Phase.Rules> phases, boolean stream, Optional<Slo> slo, Optional<CapacitySearch> search) {
  /** No plan recorded. */
  public static final RunPlan UNRECORDED = new RunPlan(List.of(), false, Optional.empty(), Optional.empty());

  public RunPlan {
    phases = List.copyOf(phases);
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(search, "search");
  }

  /** The plan of a benchmark as it is described. */
  public static RunPlan of(Benchmark benchmark) {
    Optional<CapacitySearch> search = benchmark.phases().stream().flatMap(p -> p.planner().stream())
        .flatMap(p -> p.capacitySearch().stream()).findFirst();
    return new RunPlan(benchmark.phases().stream().map(Phase.Rules::of).toList(), benchmark.stream(),
        benchmark.slo(), search);
  }

  /** The rules of a phase of this plan; a phase it does not name is judged on its own. */
  public Phase.Rules phase(String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElse(Phase.Rules.none(name));
  }

  /** Whether the plan was recorded. */
  public boolean recorded() {
    return !phases.isEmpty();
  }
}
