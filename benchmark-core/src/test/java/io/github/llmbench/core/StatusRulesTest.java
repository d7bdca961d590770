package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StatusPolicy;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each status branch of the unified rules over real HTTP, with what the runner passes to the policy (baseline
 * p99, previous throughput) and SCALING's stop rule. The server picks each step's behaviour by {@code max_tokens}.
 */
@Timeout(60)
class StatusRulesTest {
  private MockWebServer server;
  private final Map<String, StatusPolicy.Context> contexts = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> arrivals = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> seenMaxTokens = new ConcurrentHashMap<>();

  /** Records the context of each step by its throughput, then applies the unified rules. */
  private final StatusPolicy recording = (stats, context) -> {
    contexts.put(stepOf(stats.promptTokens()), context);
    return StatusPolicy.unified().classify(stats, context);
  };

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  /** Steps here are told apart in the policy by prompt token sums, which are made unique per step. */
  private final Map<Long, String> stepByPromptTokens = new ConcurrentHashMap<>();

  private String stepOf(long promptTokens) {
    return stepByPromptTokens.getOrDefault(promptTokens, "?");
  }

  interface Behaviour {
    MockResponse respond(int arrival);
  }

  private void serve(Map<Integer, Behaviour> byMaxTokens) {
    server = TestServers.start(TestServers.dispatcher(r -> {
      int maxTokens = TestServers.body(r).get("max_tokens").asInt();
      seenMaxTokens.merge(maxTokens, 1, Integer::sum);
      int arrival = arrivals.computeIfAbsent(maxTokens, k -> new AtomicInteger()).getAndIncrement();
      return byMaxTokens.get(maxTokens).respond(arrival);
    }));
  }

  private static Step step(String name, int concurrency, int numRequests, int maxTokens) {
    return Step.of(name, Load.concurrency(concurrency), numRequests, RequestBuilders.chat("Hello", maxTokens));
  }

  private BenchmarkResult run(Phase... phases) {
    Benchmark benchmark = Benchmark.builder().target(Target.of(baseUrl(server), "m")).statusPolicy(recording)
        .phases(phases).build();
    return BenchmarkRunner.builder().build().run(benchmark);
  }

  private static Phase.Builder scalingLike(String name) {
    return Phase.builder(name).compareToBaseline().compareToPreviousStep().stopWhen(Status.SATURATED, Status.FAILING);
  }

  @Test
  void stepWithNoBaselineAndNoPreviousThroughputIsOk() {
    serve(Map.of(10, a -> TestServers.ok(7, 3)));
    stepByPromptTokens.put(14L, "only");
    BenchmarkResult result = run(scalingLike("SCALING").addStep(step("only", 2, 2, 10)).build());
    StepResult only = result.step("only").orElseThrow();
    assertThat(only.status()).isEqualTo(Status.OK);
    assertThat(contexts.get("only").baselineP99Sec()).isEmpty();
    assertThat(contexts.get("only").previousThroughputTotal()).isEmpty();
    assertThat(result.completed()).isTrue();
  }

  @Test
  void failingBelowNinetyFivePercentButNotAtIt() {
    // 20 requests each: step a fails 1 (0.95 -> not FAILING), step b fails 2 (0.90 -> FAILING)
    serve(Map.of(
        11, a -> a == 0 ? TestServers.json(500, "{}") : TestServers.ok(1, 1),
        12, a -> a < 2 ? TestServers.json(500, "{}") : TestServers.ok(1, 1)));
    BenchmarkResult result = run(Phase.of("P", step("a", 4, 20, 11), step("b", 4, 20, 12)));
    assertThat(result.step("a").orElseThrow().successRate()).isEqualTo(0.95);
    assertThat(result.step("a").orElseThrow().status()).isEqualTo(Status.OK);
    assertThat(result.step("b").orElseThrow().successRate()).isEqualTo(0.90);
    assertThat(result.step("b").orElseThrow().status()).isEqualTo(Status.FAILING);
    assertThat(result.step("b").orElseThrow().verdict().reason()).contains("success rate 0.900 < 0.95");
  }

  @Test
  void degradedAgainstTheBaselineDoesNotStopScaling() {
    serve(Map.of(
        21, a -> TestServers.okAfter(1, 1, 100),     // baseline: about 0.1 s
        22, a -> TestServers.okAfter(100, 100, 20),   // fast: OK against 2 x baseline
        23, a -> TestServers.okAfter(300, 300, 800),  // slow: p99 0.8 s > 2 x baseline -> DEGRADED
        24, a -> TestServers.okAfter(500, 500, 20))); // after: runs, so DEGRADED did not stop the phase
    stepByPromptTokens.put(3L, "base");
    stepByPromptTokens.put(200L, "fast");
    stepByPromptTokens.put(600L, "slow");
    stepByPromptTokens.put(1000L, "after");
    BenchmarkResult result = run(
        Phase.builder("BASELINE").addStep(step("base", 1, 3, 21)).providesBaseline().build(),
        scalingLike("SCALING").addStep(step("fast", 2, 2, 22)).addStep(step("slow", 2, 2, 23))
            .addStep(step("after", 2, 2, 24)).build());
    double baselineP99 = result.step("base").orElseThrow().latencyP99Sec();
    assertThat(contexts.get("base").baselineP99Sec()).isEmpty(); // the baseline phase compares to nothing
    assertThat(result.step("fast").orElseThrow().status()).isEqualTo(Status.OK);
    assertThat(contexts.get("fast").baselineP99Sec()).hasValue(baselineP99);
    assertThat(contexts.get("fast").previousThroughputTotal()).isEmpty();
    StepResult slow = result.step("slow").orElseThrow();
    assertThat(slow.status()).isEqualTo(Status.DEGRADED);
    assertThat(contexts.get("slow").baselineP99Sec()).hasValue(baselineP99);
    assertThat(contexts.get("slow").previousThroughputTotal())
        .hasValue(result.step("fast").orElseThrow().throughputTotal());
    assertThat(result.step("after")).isPresent();
    assertThat(result.phase("SCALING").orElseThrow().stoppedEarly()).isFalse();
  }

  @Test
  void saturatedStopsScalingAndIsKept() {
    serve(Map.of(
        31, a -> TestServers.okAfter(1000, 1000, 20),
        32, a -> TestServers.okAfter(1, 1, 20),      // throughput collapses -> SATURATED
        33, a -> TestServers.ok(1, 1)));
    stepByPromptTokens.put(2000L, "s1");
    stepByPromptTokens.put(2L, "s2");
    BenchmarkResult result = run(scalingLike("SCALING").addStep(step("s1", 2, 2, 31)).addStep(step("s2", 2, 2, 32))
        .addStep(step("s3", 2, 2, 33)).build());
    BenchmarkResult.PhaseResult scaling = result.phase("SCALING").orElseThrow();
    assertThat(scaling.steps()).extracting(StepResult::testName).containsExactly("s1", "s2");
    assertThat(scaling.steps().get(1).status()).isEqualTo(Status.SATURATED);
    assertThat(scaling.stopReason()).isEqualTo("s2 was SATURATED");
    assertThat(contexts.get("s2").previousThroughputTotal()).hasValue(scaling.steps().get(0).throughputTotal());
    assertThat(seenMaxTokens).doesNotContainKey(33);
    assertThat(result.completed()).isTrue();
  }

  @Test
  void failingStopsScalingAndIsKept() {
    serve(Map.of(
        41, a -> TestServers.ok(10, 10),
        42, a -> TestServers.json(500, "{}"),
        43, a -> TestServers.ok(1, 1)));
    BenchmarkResult result = run(scalingLike("SCALING").addStep(step("f1", 2, 2, 41)).addStep(step("f2", 2, 4, 42))
        .addStep(step("f3", 2, 2, 43)).build(), Phase.of("NEXT", step("n1", 1, 1, 43)));
    BenchmarkResult.PhaseResult scaling = result.phase("SCALING").orElseThrow();
    assertThat(scaling.steps()).extracting(StepResult::testName).containsExactly("f1", "f2");
    assertThat(scaling.steps().get(1).status()).isEqualTo(Status.FAILING);
    assertThat(scaling.stopReason()).isEqualTo("f2 was FAILING");
    // the next phase still runs
    assertThat(result.step("n1")).isPresent();
    assertThat(seenMaxTokens.get(43)).isEqualTo(1);
  }

  @Test
  void aPhaseWithoutStopStatusesRunsEveryStepAndAZeroPreviousThroughputCountsAsAbsent() {
    serve(Map.of(51, a -> TestServers.ok(1000, 1000), 52, a -> TestServers.json(500, "{}"),
        53, a -> TestServers.ok(1000, 1000), 54, a -> TestServers.ok(1, 1), 55, a -> TestServers.ok(1, 1)));
    BenchmarkResult result = run(Phase.builder("SATURATION").compareToPreviousStep()
        .addStep(step("e1", 2, 2, 51)).addStep(step("e2", 2, 2, 52)).addStep(step("e3", 2, 2, 53))
        .addStep(step("e4", 2, 2, 54)).addStep(step("e5", 2, 2, 55)).build());
    // e2 failed entirely, so its throughput is 0, which the script's truthiness test treats as "no previous":
    // e3 is OK although it has a previous step. e4 collapses against e3 -> SATURATED, and e5 still runs.
    assertThat(result.step("e2").orElseThrow().throughputTotal()).isZero();
    assertThat(result.steps()).extracting(StepResult::status)
        .containsExactly(Status.OK, Status.FAILING, Status.OK, Status.SATURATED,
            result.step("e5").orElseThrow().status());
    assertThat(result.phase("SATURATION").orElseThrow().stoppedEarly()).isFalse();
  }

  @SuppressWarnings("unused")
  private static String describe(RecordedRequest r) {
    return r.getRequestLine();
  }
}
