package io.github.llmbench.report;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The files {@link ReportWriter#writeAll} wrote.
 *
 * @param json the script's JSON with the library's extras
 * @param markdown the Markdown report
 * @param html the self-contained HTML report
 * @param throughputSvg the throughput chart
 * @param latencySvg the latency chart
 * @param streamSvg the time-to-first-token chart ({@code <base>_stream.svg}), when a step had stream figures
 * @param itlSvg the inter-token latency and time-per-output-token chart ({@code <base>_itl.svg}), when a step had
 *     stream figures
 */
public record ReportFiles(Path json, Path markdown, Path html, Path throughputSvg, Path latencySvg,
    Optional<Path> streamSvg, Optional<Path> itlSvg) {
  /** The files of a result without stream figures (the parameter list before streaming existed). */
  public ReportFiles(Path json, Path markdown, Path html, Path throughputSvg, Path latencySvg) {
    this(json, markdown, html, throughputSvg, latencySvg, Optional.empty(), Optional.empty());
  }

  /** The files with a time-to-first-token chart but no inter-token chart (the parameter list before it existed). */
  public ReportFiles(Path json, Path markdown, Path html, Path throughputSvg, Path latencySvg,
      Optional<Path> streamSvg) {
    this(json, markdown, html, throughputSvg, latencySvg, streamSvg, Optional.empty());
  }

  public ReportFiles {
    Objects.requireNonNull(streamSvg, "streamSvg");
    Objects.requireNonNull(itlSvg, "itlSvg");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(markdown, "markdown");
    Objects.requireNonNull(html, "html");
    Objects.requireNonNull(throughputSvg, "throughputSvg");
    Objects.requireNonNull(latencySvg, "latencySvg");
  }
}
