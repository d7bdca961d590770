/**
 * Run comparison: a candidate {@link io.github.llmbench.api.BenchmarkResult} against a baseline, step by step and
 * metric by metric, with a statistical test, an effect size and a verdict for each metric
 * ({@link io.github.llmbench.report.compare.RunComparator}), steps of a different load or shape flagged as not
 * comparable ({@link io.github.llmbench.report.compare.StepComparability}), rendered as Markdown
 * ({@link io.github.llmbench.report.compare.ComparisonMarkdown}).
 *
 * <pre>{@code
 * RunComparison c = RunComparator.ofDefaults().compare(JsonReports.read(base), JsonReports.read(candidate));
 * String md = ComparisonMarkdown.render(c);
 * int exitCode = c.anySignificantlySlower() ? 1 : 0;
 * }</pre>
 */
@NullMarked
package io.github.llmbench.report.compare;

import org.jspecify.annotations.NullMarked;
