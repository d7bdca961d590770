package io.github.llmbench.report;

import io.github.llmbench.api.BenchmarkResult;
import java.io.IOException;

/**
 * Renders a {@link BenchmarkResult} in one format. The caller owns the destination: a format appends to it and never
 * flushes or closes it. Implementations from {@link ReportFormats} are stateless and thread-safe.
 */
@FunctionalInterface
public interface ReportFormat {
  /**
   * Appends the rendering of {@code result} to {@code out}.
   *
   * @throws IOException if {@code out} fails
   */
  void write(BenchmarkResult result, Appendable out) throws IOException;
}
