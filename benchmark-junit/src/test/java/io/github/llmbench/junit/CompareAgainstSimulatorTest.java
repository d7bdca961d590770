package io.github.llmbench.junit;

import static io.github.llmbench.junit.LlmBenchAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.LlmBench;
import io.github.llmbench.core.stats.ComparisonVerdict;
import io.github.llmbench.core.stats.Samples;
import io.github.llmbench.report.JsonReports;
import io.github.llmbench.report.ReportFormats;
import io.github.llmbench.report.compare.ComparisonMarkdown;
import io.github.llmbench.report.compare.RunComparator;
import io.github.llmbench.report.compare.RunComparison;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run comparison end to end: real runs over loopback against the simulator, saved to JSON files and read back. The
 * engine does not keep per-request samples yet, so the test attaches them from an {@link InMemorySink} with
 * {@link Samples#of}, as the engine is to do.
 */
class CompareAgainstSimulatorTest {
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aRunAgainstASlowerSimulatorIsSlowerAndARunAgainstItselfIsNot(@TempDir Path dir) throws Exception {
    Path fast = dir.resolve("fast.json");
    Path slow = dir.resolve("slow.json");
    // 32 tokens of about 0.5 ms each at time scale 0.05: the engine's time dominates loopback noise; the slow
    // server takes three times as long per token.
    Files.writeString(fast, ReportFormats.toString(runAgainst(0.05), ReportFormats.json()));
    Files.writeString(slow, ReportFormats.toString(runAgainst(0.15), ReportFormats.json()));
    BenchmarkResult base = JsonReports.read(fast);
    BenchmarkResult candidate = JsonReports.read(slow);

    RunComparison same = RunComparator.ofDefaults().compare(base, base);
    assertThat(same.anySignificantlySlower()).isFalse();
    org.assertj.core.api.Assertions.assertThat(same.stepCount(ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE))
        .isEqualTo(2);
    assertThat(base).isNotSlowerThan(base);

    RunComparison c = RunComparator.ofDefaults().compare("fast.json", base, "slow.json", candidate);
    String md = ComparisonMarkdown.render(c);
    org.assertj.core.api.Assertions.assertThat(c.anySignificantlySlower()).as(md).isTrue();
    org.assertj.core.api.Assertions.assertThat(c.stepCount(ComparisonVerdict.SLOWER)).as(md).isEqualTo(2);
    org.assertj.core.api.Assertions.assertThat(md).contains("## c4 (ramp): **slower**", "## c8 (ramp): **slower**");
    assertThatThrownBy(() -> assertThat(candidate).isNotSlowerThan(base))
        .hasMessageContaining("step <c4> latency p50 ");
  }

  private static BenchmarkResult runAgainst(double timeScale) {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(timeScale)
        .build())) {
      InMemorySink sink = new InMemorySink();
      Benchmark benchmark = Benchmark.builder().name("compare-e2e").target(Target.of(server.baseUrl(), server.model()))
          .phases(Phase.of("ramp", Step.of("c4", Load.concurrency(4), 60, RequestBuilders.chat("Hello there", 32)),
              Step.of("c8", Load.concurrency(8), 80, RequestBuilders.chat("Hello there", 32))))
          .build();
      BenchmarkResult r = LlmBench.run(benchmark, sink);
      List<BenchmarkResult.PhaseResult> phases = r.phases().stream().map(p -> new BenchmarkResult.PhaseResult(p.name(),
          p.steps().stream()
          .map(s -> new StepResult(s.phase(), s.testName(), s.testType(), s.concurrency(),
              s.statistics().withSamples(Optional.of(Samples.of(sink.outcomes(s.testName())))), s.verdict(),
                  io.github.llmbench.api.StepMeasurement.UNRECORDED))
          .toList(), p.stopReason())).toList();
      return new BenchmarkResult(r.name(), r.baseUrl(), r.model(), r.settings(), r.environment(), r.startedAt(),
          r.finishedAt(), phases, r.abortReason(), r.sinkFailures(), java.util.Optional.empty());
    }
  }
}
