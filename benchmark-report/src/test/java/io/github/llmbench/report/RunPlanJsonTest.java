package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void aFileWithoutAPlanReadsAsUnrecordedAndABadOneNamesItsField() throws Exception {
    Path json = ReportWriter.writeAll(Fixtures.unifiedRun(), dir, "old").json();
    assertThat(Files.readString(json)).doesNotContain("\"plan\"");
    assertThat(JsonReports.read(json).plan()).isEqualTo(RunPlan.UNRECORDED);
    String bad = Files.readString(json).replace("\"run\": {", "\"run\": { \"plan\": { \"phases\": 3 },");
    Path broken = Files.writeString(dir.resolve("broken.json"), bad);
    assertThatThrownBy(() -> JsonReports.read(broken)).hasMessageContaining("run.plan.phases (3) should be an array");
  }
}
