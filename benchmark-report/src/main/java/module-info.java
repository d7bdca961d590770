/**
 * Reports of llmbench results (Markdown, HTML, JSON), run comparison ({@code report.compare}) and the merge of
 * shards ({@code report.merge}). {@code io.github.llmbench.report.internal} is implementation and is not exported.
 */
module io.github.llmbench.report {
  requires transitive io.github.llmbench.api;
  // RunComparator takes a core.stats.Bootstrap.
  requires transitive io.github.llmbench.core;
  requires com.fasterxml.jackson.databind;
  // report.merge reads and writes HdrHistogram interval logs and hands out its Histograms. Filename-based name:
  // see io.github.llmbench.core.
  requires transitive HdrHistogram;
  requires commons.math3;
  requires static org.jspecify;

  exports io.github.llmbench.report;
  exports io.github.llmbench.report.compare;
  exports io.github.llmbench.report.merge;
}
