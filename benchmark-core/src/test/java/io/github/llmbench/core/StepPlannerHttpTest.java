package io.github.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.ServerMetrics;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepPlanner;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An adaptive phase over HTTP: the engine runs what a planner chooses, shows it what ran, and refuses a repeat name.
 */
@Timeout(60)
class StepPlannerHttpTest {
  /** Doubles the concurrency while every request succeeded, up to 8; records what it was shown. */
  private static final class Doubling implements StepPlanner {
    final List<List<String>> shown = new CopyOnWriteArrayList<>();
    private final boolean repeatsAName;

    Doubling(boolean repeatsAName) {
      this.repeatsAName = repeatsAName;
    }

    @Override
    public Step first() {
      return Step.of("c1", Load.concurrency(1), 4, RequestBuilders.chat("hi", 4));
    }

    @Override
    public Optional<Step> next(List<StepResult> finished) {
      shown.add(finished.stream().map(StepResult::testName).toList());
      StepResult last = finished.get(finished.size() - 1);
      if (last.concurrency() >= 8 || last.statistics().failed() > 0) return Optional.empty();
      int c = last.concurrency() * 2;
      return Optional.of(Step.of(repeatsAName && c == 4 ? "c1" : "c" + c, Load.concurrency(c), 4 * c,
          RequestBuilders.chat("hi", 4)));
    }

    @Override
    public int maxConcurrency() {
      return 8;
    }

    @Override
    public int maxSteps() {
      return 4;
    }
  }

  private static BenchmarkResult run(SimulatedLlmServer server, StepPlanner planner) {
    return BenchmarkRunner.builder().build().run(Benchmark.builder()
        .target(Target.of(server.baseUrl(), server.model()))
        .phases(Phase.of("FIXED", Step.of("warm", Load.concurrency(1), 2, RequestBuilders.chat("hi", 4))),
            Phase.builder("ADAPTIVE").planner(planner).build())
        .serverMetrics(ServerMetrics.Settings.OFF)
        .build());
  }

  @Test
  void theEngineRunsThePlannersStepsAndShowsItThePhaseSoFar() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build())) {
      Doubling planner = new Doubling(false);
      BenchmarkResult result = run(server, planner);
      assertThat(result.completed()).as(result.abortReason().toString()).isTrue();
      assertThat(result.phases().get(1).steps()).extracting(StepResult::testName)
          .containsExactly("c1", "c2", "c4", "c8");
      assertThat(result.phases().get(1).steps()).extracting(StepResult::numRequests).containsExactly(4, 8, 16, 32);
      // Only its own phase's steps, in run order, each time.
      assertThat(planner.shown).containsExactly(List.of("c1"), List.of("c1", "c2"), List.of("c1", "c2", "c4"),
          List.of("c1", "c2", "c4", "c8"));
    }
  }

  @Test
  void aPlannerThatRepeatsANameStopsTheRunAndKeepsWhatRan() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build())) {
      BenchmarkResult result = run(server, new Doubling(true));
      assertThat(result.abortReason().kind()).isEqualTo(BenchmarkResult.AbortReason.Kind.ERROR);
      assertThat(result.abortReason().message())
          .contains("the step planner of phase ADAPTIVE chose step c1, a name that already ran");
      List<String> kept = new ArrayList<>();
      result.steps().forEach(s -> kept.add(s.testName()));
      assertThat(kept).containsExactly("warm", "c1", "c2");
    }
  }
}
