package io.github.llmbench.report;

import java.nio.file.Path;
import java.util.List;
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
 * @param stepsCsv the steps as CSV ({@code <base>_steps.csv}); empty only in the older constructors' files
 * @param capacitySvgs the capacity curve of each workload shape ({@code <base>_capacity_<shape>.svg})
 * @param attainmentSvg SLO attainment against load ({@code <base>_attainment.svg}), when the run set SLOs
 */
public record ReportFiles(Path json, Path markdown, Path html, Path throughputSvg, Path latencySvg,
    Optional<Path> streamSvg, Optional<Path> itlSvg, Optional<Path> stepsCsv, List<Path> capacitySvgs,
    Optional<Path> attainmentSvg) {
  public ReportFiles {
    Objects.requireNonNull(stepsCsv, "stepsCsv");
    capacitySvgs = List.copyOf(capacitySvgs);
    Objects.requireNonNull(attainmentSvg, "attainmentSvg");
    Objects.requireNonNull(streamSvg, "streamSvg");
    Objects.requireNonNull(itlSvg, "itlSvg");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(markdown, "markdown");
    Objects.requireNonNull(html, "html");
    Objects.requireNonNull(throughputSvg, "throughputSvg");
    Objects.requireNonNull(latencySvg, "latencySvg");
  }
}
