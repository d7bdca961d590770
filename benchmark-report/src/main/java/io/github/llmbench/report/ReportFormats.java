package io.github.llmbench.report;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.report.internal.ConsoleSummary;
import io.github.llmbench.report.internal.HtmlRenderer;
import io.github.llmbench.report.internal.JsonResultWriter;
import io.github.llmbench.report.internal.MarkdownRenderer;
import io.github.llmbench.report.internal.ReportContent;
import io.github.llmbench.report.internal.StepsCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The report formats: the unified script's JSON (with the library's extras), Markdown for capacity planning and a
 * self-contained HTML page with the charts.
 *
 * <pre>{@code
 * String markdown = ReportFormats.toString(result, ReportFormats.markdown());   // JShell shows it
 * }</pre>
 */
public final class ReportFormats {
  private ReportFormats() {}

  /**
   * {@code {"results": [...]}} exactly as the unified script's {@code json.dump(..., indent=2)} writes it (field order,
   * indentation, Python float formatting), each step followed by the library's figures, then the top-level keys
   * {@code schema_version}, {@code llmbench_version} and {@code run}. {@link JsonReports} reads it back.
   */
  public static ReportFormat json() {
    return JsonResultWriter::write;
  }

  /** The Markdown report, without links to chart files (see {@link #markdown(String)}). */
  public static ReportFormat markdown() {
    return (result, out) -> MarkdownRenderer.render(ReportContent.build(result, null), out);
  }

  /**
   * The Markdown report, linking the charts {@code <chartBaseName>_throughput.svg} and
   * {@code <chartBaseName>_latency.svg} written beside it by {@link ReportWriter}.
   */
  public static ReportFormat markdown(String chartBaseName) {
    Objects.requireNonNull(chartBaseName, "chartBaseName");
    return (result, out) -> MarkdownRenderer.render(ReportContent.build(result, chartBaseName), out);
  }

  /**
   * One self-contained HTML page: the Markdown report's content with the charts embedded as inline SVG, laid out to be
   * read at a glance: the capacity answers and each workload shape's capacity curve (and SLO attainment) first, the
   * run and the tables after them.
   */
  public static ReportFormat html() {
    return (result, out) -> HtmlRenderer.render("llmbench: " + result.name() + " - " + result.model(),
        ReportContent.build(result, null), out);
  }

  /**
   * The steps as CSV for spreadsheets (RFC 4180, CRLF line ends, {@link java.util.Locale#ROOT} numbers): a header,
   * then one row per step with every figure, the script's fields first in the script's order, then llmbench's
   * (workload shape, wall-clock, HdrHistogram, stream, open-loop, goodput, achieved load, client health, server
   * metrics). An absent figure is an empty cell. {@link ReportWriter#writeAll} writes it as
   * {@code <base>_steps.csv}.
   */
  public static ReportFormat csv() {
    return StepsCsv::write;
  }

  /**
   * What a terminal shows at the end of a run, in at most 80 columns: a compact table of the steps (achieved load,
   * p50/p99, wall-clock output throughput, status and the client-bound mark) and the capacity answers per workload
   * shape. The command line prints it before the paths of the files it wrote.
   */
  public static ReportFormat summary() {
    return ConsoleSummary::write;
  }

  /** Renders to a string (a JShell convenience). */
  public static String toString(BenchmarkResult result, ReportFormat format) {
    StringBuilder out = new StringBuilder();
    try {
      format.write(result, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not throw
    }
    return out.toString();
  }
}
