package io.github.llmbench.examples.cli;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rewrites the JSON results file after every finished step, so a run that is killed keeps every finished step.
 * Writes are atomic (temporary file, then move). A failed write is remembered and reported by the CLI; it never
 * stops the run.
 */
final class ResultFileSink implements MetricSink {
  private final Path dir;
  private final String baseName;
  private final AtomicReference<IOException> lastFailure = new AtomicReference<>();

  ResultFileSink(Path dir, String baseName) {
    this.dir = dir;
    this.baseName = baseName;
  }

  @Override
  public void onSnapshot(BenchmarkResult resultSoFar) {
    try {
      ReportWriter.writeJson(resultSoFar, dir, baseName);
    } catch (IOException e) {
      lastFailure.set(e);
    }
  }

  IOException lastFailure() {
    return lastFailure.get();
  }
}
