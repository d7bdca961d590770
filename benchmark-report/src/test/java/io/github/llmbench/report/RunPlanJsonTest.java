package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.core.CapacitySearches;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Intensity;
import io.github.llmbench.api.RunPlan;
import io.github.llmbench.api.Presets;
import io.github.llmbench.api.Slo;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A result's plan is structure in the JSON, read back as it was written; an older file reads as unrecorded. */
class RunPlanJsonTest {
  @TempDir Path dir;

  private static BenchmarkResult withPlan(BenchmarkResult r, RunPlan plan) {
    return new BenchmarkResult(r.name(), r.baseUrl(), r.model(), r.settings(), r.environment(), r.startedAt(),
        r.finishedAt(), r.phases(), r.abortReason(), r.sinkFailures(), r.preflight(), plan);
  }

  @Test
  void theUnifiedPlanIsWrittenAndReadBack() throws Exception {
    RunPlan unified = Presets.unified(Intensity.QUICK).target(Target.of("http://localhost:8000", "m")).stream(true)
        .slo(Slo.builder().ttft(Duration.ofMillis(250)).e2e(Duration.ofMillis(2500)).build()).build().runPlan();
    assertThat(unified.phase("SCALING").stopStatuses()).containsExactlyInAnyOrder(Status.SATURATED, Status.FAILING);
    assertThat(unified.phase("SCALING").comparesToBaseline()).isTrue();
    assertThat(unified.phase("BASELINE").providesBaseline()).isTrue();
    BenchmarkResult r = withPlan(Fixtures.unifiedRun(), unified);
    Path json = ReportWriter.writeAll(r, dir, "plan").json();
    assertThat(Files.readString(json)).contains("\"plan\"", "\"compares_to_previous_step\"", "\"ttft_ms\": 250.0");
    assertThat(JsonReports.read(json).plan()).isEqualTo(unified);
  }

  @Test
  void aCapacitySearchIsWrittenAsItsCriteriaAndReadBackEqual() throws Exception {
    io.github.llmbench.api.CapacitySearch search = io.github.llmbench.api.CapacitySearch.rate().targetAttainment(0.9)
        .confidenceLevel(0.99).start(0.5).max(64).precision(0.1).minProbeRequests(77)
        .probeDuration(Duration.ofMillis(12_500)).maxRepeats(1).maxProbes(9).maxRequests(5000)
        .maxDuration(Duration.ofMinutes(3)).cliffDrop(0.3).seed(7).build();
    RunPlan plan = CapacitySearches.benchmark(search, Slo.builder().e2e(Duration.ofSeconds(1)).build(),
        io.github.llmbench.api.RequestBuilders.chat("x", 8)).target(Target.of("http://localhost:8000", "m")).build()
        .runPlan();
    Path json = ReportWriter.writeAll(withPlan(Fixtures.unifiedRun(), plan), dir, "search").json();
    assertThat(Files.readString(json)).contains("\"axis\": \"rate\"", "\"probe_duration_sec\": 12.5");
    assertThat(JsonReports.read(json).plan().search()).hasValue(search);
    String bad = Files.readString(json).replace("\"axis\": \"rate\"", "\"axis\": \"speed\"");
    Path broken = Files.writeString(dir.resolve("bad-search.json"), bad);
    assertThatThrownBy(() -> JsonReports.read(broken))
        .hasMessageContaining("run.plan.search.axis (\"speed\") should be concurrency or rate");
  }

  @Test
  void aFileWithoutAPlanReadsAsUnrecordedAndABadOneNamesItsField() throws Exception {
    Path json = ReportWriter.writeAll(Fixtures.unifiedRun(), dir, "old").json();
    assertThat(Files.readString(json)).doesNotContain("\"plan\"");
    assertThat(JsonReports.read(json).plan()).isEqualTo(RunPlan.UNRECORDED);
    String bad = Files.readString(json).replace("\"run\": {", "\"run\": { \"plan\": { \"phases\": 3 },");
    Path broken = Files.writeString(dir.resolve("broken.json"), bad);
    assertThatThrownBy(() -> JsonReports.read(broken)).hasMessageContaining("run.plan.phases (3) should be an array");
  }
}
