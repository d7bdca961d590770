package io.github.llmbench.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files {@link ReportWriter#writeAll} wrote.
 *
 * @param json the script's JSON with the library's extras
 * @param markdown the Markdown report
 * @param html the self-contained HTML report
 * @param throughputSvg the throughput chart
 * @param latencySvg the latency chart
 */
public record ReportFiles(Path json, Path markdown, Path html, Path throughputSvg, Path latencySvg) {
  public ReportFiles {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(markdown, "markdown");
    Objects.requireNonNull(html, "html");
    Objects.requireNonNull(throughputSvg, "throughputSvg");
    Objects.requireNonNull(latencySvg, "latencySvg");
  }
}
