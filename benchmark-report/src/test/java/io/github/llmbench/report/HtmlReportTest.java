package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report is one self-contained page that a real browser renders. */
class HtmlReportTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  @Test
  void isSelfContainedAndEscapesText() {
    BenchmarkResult r = Fixtures.unifiedRun();
    BenchmarkResult odd = new BenchmarkResult("<b>x</b>", r.baseUrl(), "m&<script>", r.settings(), r.environment(),
        r.startedAt(), r.finishedAt(), r.phases(), "", 0, java.util.Optional.empty());
    String html = ReportFormats.toString(odd, ReportFormats.html());
    assertThat(html).doesNotContain("<script>", "<b>x</b>").contains("&lt;b&gt;x&lt;/b&gt;", "m&amp;&lt;script&gt;");
    assertThat(html).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", "<td class=\"status-FAILING\">FAILING</td>",
        "Capacity answers", "Status legend", "Metric glossary", "longest single request");
  }

  @Test
  void opensInHeadlessChromium() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed");
    ReportFiles files = ReportWriter.writeAll(Fixtures.unifiedRun(), dir, "benchmark_20250102_030405");
    Path png = dir.resolve("report.png");
    Process screenshot = chromium(List.of("--screenshot=" + png, "--window-size=1200,2000",
        files.html().toUri().toString()), dir.resolve("shot.log"));
    assertThat(screenshot.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(Files.exists(png)).as("screenshot written; log: %s", log(dir.resolve("shot.log"))).isTrue();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(20_000); // a blank 1200x2000 PNG compresses to a few KB
    assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");

    // The DOM the browser built holds both charts and the tables: it parsed the page as we meant it.
    Path domFile = dir.resolve("dom.html");
    Process dump = chromium(List.of("--dump-dom", files.html().toUri().toString()), dir.resolve("dom.log"),
        domFile);
    assertThat(dump.waitFor(90, TimeUnit.SECONDS)).isTrue();
    String dom = Files.readString(domFile);
    assertThat(dom).contains("Throughput against concurrency", "Latency against concurrency", "extreme_500",
        "class=\"point\"");
    assertThat(dom.split("<svg", -1)).hasSize(3);
    assertThat(dom.split("<table", -1).length - 1).isEqualTo(5 * 2 + 3); // phase tables + failures, legend, glossary
  }

  private Process chromium(List<String> args, Path log) throws Exception {
    return chromium(args, log, null);
  }

  private Process chromium(List<String> args, Path log, Path stdout) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
    pb.redirectOutput(stdout == null ? log.resolveSibling(log.getFileName() + ".out").toFile() : stdout.toFile());
    return pb.start();
  }

  private static String log(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return "(no log)";
    }
  }
}
