package io.github.llmbench.examples.adaptive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Target;
import io.github.llmbench.api.TestType;
import io.github.llmbench.api.Verdict;
import io.github.llmbench.core.LlmBench;
import io.github.llmbench.junit.LlmBenchTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The adaptive example run for real against a simulator over loopback, and its planner on its own. */
@Timeout(120)
@LlmBenchTest(timeScale = 0.05)
class AdaptiveCapacityCheckTest {
  @Test
  void rampsByDoublingAndTheDigestReadsEveryFigureGroup(Target target) {
    BenchmarkResult result = LlmBench.run(AdaptiveCapacityCheck.benchmark(target, 8));

    List<String> ramp = result.steps().stream().filter(s -> s.phase().equals("ramp")).map(StepResult::testName)
        .toList();
    assertThat(ramp).isNotEmpty().startsWith("ramp_c2");
    assertThat(List.of("ramp_c2", "ramp_c4", "ramp_c8")).startsWith(ramp.toArray(String[]::new));
    List<String> digest = StepDigest.of(result);
    assertThat(digest.get(0)).isEqualTo("plan: 3 phases, streamed");
    assertThat(digest).filteredOn(l -> l.startsWith("  script:")).hasSize(result.steps().size());
    assertThat(digest).filteredOn(l -> l.startsWith("  measured:")).hasSize(result.steps().size());
    assertThat(digest).filteredOn(l -> l.startsWith("  stream:")).hasSize(result.steps().size());
    assertThat(digest).filteredOn(l -> l.startsWith("  open loop:")).hasSize(1);
    // the stricter policy's thresholds reach the rules: success rate is judged against 99 %, not 95 %
    assertThat(digest).anyMatch(l -> l.startsWith("  rule:     success rate < 0.99,"));
    assertThat(digest).noneMatch(l -> l.contains("< 0.95"));
  }

  @Test
  void plannerStopsAtTheFirstStepThatIsNotOkOrAtItsMax() {
    DoublingRamp ramp = new DoublingRamp(1, 6, 2, RequestBuilders.chat("x", 4));
    assertThat(ramp.first().name()).isEqualTo("ramp_c1");
    assertThat(ramp.first().load()).isEqualTo(Load.concurrency(1));
    assertThat(ramp.first().numRequests()).isEqualTo(2);
    assertThat(ramp.maxSteps()).isEqualTo(4); // 1, 2, 4, 6
    assertThat(ramp.maxConcurrency()).isEqualTo(6);
    assertThat(ramp.next(List.of(finished(1, Status.OK))).map(Step::name)).contains("ramp_c2");
    assertThat(ramp.next(List.of(finished(1, Status.OK), finished(4, Status.OK))).map(Step::name))
        .contains("ramp_c6");
    assertThat(ramp.next(List.of(finished(1, Status.OK), finished(2, Status.DEGRADED)))).isEmpty();
    assertThat(ramp.next(List.of(finished(6, Status.OK)))).isEmpty();
    assertThatThrownBy(() -> new DoublingRamp(4, 2, 1, RequestBuilders.chat("x", 4)))
        .hasMessage("start (4) and max (2) should be 1 <= start <= max");
  }

  private static StepResult finished(int concurrency, Status status) {
    return new StepResult("ramp", "ramp_c" + concurrency, TestType.TEXT, concurrency,
        StepStatistics.builder().requests(concurrency, concurrency, 0).build(), Verdict.of(status, "test"),
        StepMeasurement.UNRECORDED);
  }
}
