package io.github.llmbench.report;

import org.junit.jupiter.api.Test;

/** The JSON and Markdown of a fixed result, pinned byte for byte. */
class GoldenReportTest {
  @Test
  void json() throws Exception {
    Golden.assertMatches("benchmark.json", ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.json()));
  }

  @Test
  void markdown() throws Exception {
    Golden.assertMatches("benchmark.md",
        ReportFormats.toString(Fixtures.unifiedRun(), ReportFormats.markdown("benchmark_20250102_030405")));
  }
}
