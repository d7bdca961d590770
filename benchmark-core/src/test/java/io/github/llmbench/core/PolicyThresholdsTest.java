package io.github.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.StatusPolicy;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import io.github.llmbench.api.Verdict;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Each step's rule decisions are judged at the thresholds of the policy that ran, never at the script's defaults:
 * a user's stricter unified policy gets its own thresholds, another policy gets only the decisions it gave.
 */
class PolicyThresholdsTest {
  private static BenchmarkResult run(StatusPolicy policy) throws Exception {
    try (MockWebServer server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(7, 3)))) {
      Benchmark benchmark = Benchmark.builder().target(Target.of(TestServers.baseUrl(server), "m"))
          .statusPolicy(policy)
          .phases(Phase.builder("BASELINE").providesBaseline().addStep(Step.of("baseline", Load.concurrency(1), 4,
                  RequestBuilders.chat("Hello", 3))).build(),
              Phase.builder("SCALING").compareToBaseline().compareToPreviousStep()
                  .addStep(Step.of("s2", Load.concurrency(2), 4, RequestBuilders.chat("Hello", 3)))
                  .addStep(Step.of("s4", Load.concurrency(4), 8, RequestBuilders.chat("Hello", 3))).build())
          .build();
      return BenchmarkRunner.builder().build().run(benchmark);
    }
  }

  @Test
  void aStricterUnifiedPolicysDecisionsUseItsThresholds() throws Exception {
    BenchmarkResult result = run(StatusPolicy.unified().minSuccessRate(0.99).latencyFactor(1.5)
        .throughputGrowth(1.1));
    StepResult s4 = result.step("s4").orElseThrow();
    Map<String, Double> thresholds = s4.verdict().rules().stream()
        .collect(Collectors.toMap(Verdict.RuleDecision::metric, Verdict.RuleDecision::threshold));
    assertThat(thresholds).containsExactlyInAnyOrderEntriesOf(
        Map.of("success rate", 0.99, "p99 ratio", 1.5, "throughput ratio", 1.1));
  }

  @Test
  void anotherPolicyGetsNoDecisionsAtTheScriptsThresholds() throws Exception {
    StatusPolicy own = new StatusPolicy() {
      @Override
      public Verdict classify(io.github.llmbench.api.StepStatistics statistics,
          io.github.llmbench.api.StatusPolicy.Context context) {
        return Verdict.of(io.github.llmbench.api.Status.OK, "mine");
      }

      @Override
      public List<StatusPolicy.Rule> rules() {
        return List.of(new StatusPolicy.Rule(io.github.llmbench.api.Status.OK, "always"));
      }
    };
    BenchmarkResult result = run(own);
    assertThat(result.steps()).allSatisfy(s -> assertThat(s.verdict().rules()).isEmpty());
  }
}
