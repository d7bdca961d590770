package io.github.llmbench.report;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
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
        r.startedAt(), r.finishedAt(), r.phases(), io.github.llmbench.api.BenchmarkResult.AbortReason.of(""), 0,
        java.util.Optional.empty());
    String html = ReportFormats.toString(odd, ReportFormats.html());
    assertThat(html).doesNotContain("<script>", "<b>x</b>").contains("&lt;b&gt;x&lt;/b&gt;", "m&amp;&lt;script&gt;");
    assertThat(html).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", "<td class=\"status-FAILING\">FAILING</td>",
        "Capacity answers", "Status legend", "Metric glossary", "longest single request");
  }

  @Test
  void putsTheAnswersAndCapacityCurvesBeforeTheTables() {
    BenchmarkResult r = MeasuredFixtures.measured();
    String html = ReportFormats.toString(r, ReportFormats.html());
    int answers = html.indexOf("<h2>Capacity answers</h2>");
    int headlines = html.indexOf("<li><strong>SCALING scale_* (text):</strong> sustains 25 in flight at p99 3.512 s "
        + "(scale_25, DEGRADED); within SLO up to 25 in flight; knee at 25 in flight (scale_25);", answers);
    int firstCurve = html.indexOf("Capacity curve: SCALING scale_* (text)");
    int answersTable = html.indexOf("<table", answers);
    int attainment = html.indexOf("SLO attainment against load");
    int phases = html.indexOf("<h2>Results by phase</h2>");
    int run = html.indexOf("<h2>Run</h2>");
    assertThat(answers).isPositive();
    assertThat(headlines).isGreaterThan(answers).isLessThan(firstCurve);
    assertThat(firstCurve).isLessThan(attainment);
    assertThat(attainment).isLessThan(answersTable);
    assertThat(answersTable).isLessThan(run);
    assertThat(run).isLessThan(phases);
    // No table comes before the charts.
    assertThat(html.substring(0, firstCurve)).doesNotContain("<table");
    // The capacity curves and the attainment chart sit in one flex row.
    assertThat(html.substring(html.lastIndexOf("<div class=\"charts\">", firstCurve), attainment))
        .doesNotContain("</div>");
  }

  @Test
  void opensInHeadlessChromium() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed");
    BenchmarkResult result = MeasuredFixtures.measured();
    ReportFiles files = ReportWriter.writeAll(result, dir, "benchmark_20250102_030405");
    Path png = dir.resolve("report.png");
    Process screenshot = chromium(List.of("--screenshot=" + png, "--window-size=1280,900", "--hide-scrollbars",
        files.html().toUri().toString()), dir.resolve("shot.log"));
    assertThat(screenshot.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(Files.exists(png)).as("screenshot written; log: %s", log(dir.resolve("shot.log"))).isTrue();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(20_000); // a blank 1280x900 PNG compresses to a few KB
    assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    String keep = System.getProperty("llmbench.screenshotDir");
    if (keep != null) Files.copy(png, Path.of(keep).resolve("report-first-screen.png"), REPLACE_EXISTING);

    // The DOM the browser built holds every chart and table: it parsed the page as we meant it.
    Path domFile = dir.resolve("dom.html");
    Process dump = chromium(List.of("--dump-dom", files.html().toUri().toString()), dir.resolve("dom.log"),
        domFile);
    assertThat(dump.waitFor(90, TimeUnit.SECONDS)).isTrue();
    String dom = Files.readString(domFile);
    assertThat(dom).contains("Throughput against concurrency", "Latency against concurrency", "extreme_500",
        "class=\"point\"", "Capacity curve: SCALING scale_* (text)", "data-knee=\"true\"",
        "data-client-bound=\"true\"", "class=\"slo-line\"");
    int charts = 2 + Charts.capacitySvgs(result).size() + 1; // throughput, latency, curves, attainment
    assertThat(dom.split("<svg", -1)).hasSize(charts + 1);
    // answers + per phase (script, load, wall-clock, goodput, rules) + 2 server tables + failures, legend, glossary
    // and the glossary's extra rows
    assertThat(dom.split("<table", -1).length - 1).isEqualTo(1 + 5 * 5 + 2 + 4);
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
