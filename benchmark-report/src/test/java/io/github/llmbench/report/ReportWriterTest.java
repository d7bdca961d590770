package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.BenchmarkResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  @TempDir Path dir;

  @Test
  void writesAllFilesBesideEachOther() throws Exception {
    BenchmarkResult result = Fixtures.unifiedRun();
    String base = ReportWriter.scriptBaseName(LocalDateTime.of(2025, 1, 2, 3, 4, 5));
    assertThat(base).isEqualTo("benchmark_20250102_030405");
    Path out = dir.resolve("results/nested");
    ReportFiles files = ReportWriter.writeAll(result, out, base);

    assertThat(files.json()).isEqualTo(out.resolve(base + ".json"));
    assertThat(files.markdown()).isEqualTo(out.resolve(base + ".md"));
    assertThat(files.html()).isEqualTo(out.resolve(base + ".html"));
    assertThat(files.throughputSvg()).isEqualTo(out.resolve(base + "_throughput.svg"));
    assertThat(files.latencySvg()).isEqualTo(out.resolve(base + "_latency.svg"));
    try (Stream<Path> listed = Files.list(out)) {
      assertThat(listed.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(base + ".json",
          base + ".md", base + ".html", base + "_throughput.svg", base + "_latency.svg", base + "_steps.csv",
          base + "_capacity_scaling_scale_text.svg", base + "_capacity_saturation_extreme_text.svg"); // no temp file
    }
    assertThat(files.stepsCsv()).contains(out.resolve(base + "_steps.csv"));
    assertThat(files.capacitySvgs()).containsExactly(out.resolve(base + "_capacity_scaling_scale_text.svg"),
        out.resolve(base + "_capacity_saturation_extreme_text.svg"));
    assertThat(files.attainmentSvg()).isEmpty(); // no SLO in this run
    for (Path capacity : files.capacitySvgs()) {
      assertThat(Files.readString(out.resolve(base + ".md"))).contains("(" + capacity.getFileName() + ")");
    }
    assertThat(Files.readString(files.json())).isEqualTo(ReportFormats.toString(result, ReportFormats.json()));
    assertThat(JsonReports.read(files.json())).isEqualTo(result);
    String md = Files.readString(files.markdown());
    assertThat(md).contains("(" + base + "_throughput.svg)", "(" + base + "_latency.svg)");
    assertThat(Files.readString(files.throughputSvg())).isEqualTo(Charts.throughputSvg(result));
    String html = Files.readString(files.html());
    assertThat(html).startsWith("<!DOCTYPE html>").contains(Charts.throughputSvg(result), Charts.latencySvg(result))
        .doesNotContain("<script", "<link", "src=\"http", "href=\"http");
    ChartsTest.parse(Files.readString(files.latencySvg()));
  }

  @Test
  void rewritingReplacesTheFiles() throws Exception {
    Path first = ReportWriter.writeJson(Fixtures.unifiedRun(), dir, "run");
    Files.writeString(first, "garbage");
    Path second = ReportWriter.writeJson(Fixtures.unifiedRun(), dir, "run");
    assertThat(second).isEqualTo(first);
    assertThat(JsonReports.read(second)).isEqualTo(Fixtures.unifiedRun());
  }

  @Test
  void baseNameMustBeAPlainFileName() {
    for (String bad : new String[] {"", " ", "../x", "a/b", "a\\b", ".."}) {
      assertThatThrownBy(() -> ReportWriter.writeAll(Fixtures.unifiedRun(), dir, bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseName");
    }
  }

  @Test
  void aFailingWriteLeavesNeitherTempFileNorTarget() throws Exception {
    Path target = dir.resolve("x.json");
    assertThatThrownBy(() -> io.github.llmbench.report.internal.AtomicFiles.write(target, out -> {
      out.append("half");
      throw new java.io.IOException("disk full");
    })).hasMessage("disk full");
    try (Stream<Path> listed = Files.list(dir)) {
      assertThat(listed).isEmpty();
    }
  }
}
