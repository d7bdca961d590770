/**
 * Renderers from a {@link io.github.llmbench.api.BenchmarkResult} to files: the unified script's JSON (and reading it
 * back), a Markdown report for capacity planning, SVG charts and a self-contained HTML report. Entry points:
 * {@link io.github.llmbench.report.ReportFormats}, {@link io.github.llmbench.report.ReportWriter},
 * {@link io.github.llmbench.report.JsonReports} and {@link io.github.llmbench.report.Charts}.
 */
@NullMarked
package io.github.llmbench.report;

import org.jspecify.annotations.NullMarked;
