package io.github.llmbench.cli;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.report.ReportWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Rewrites the JSON results file after every finished step, so a run that is killed keeps every finished step.
 * Writes are atomic (temporary file, then move). A failed save is said on stderr at once; the results stay in
 * memory (the engine keeps them) and the next step's save is the retry, since each save writes everything so far.
 * It never stops the run.
 */
final class ResultFileSink implements MetricSink {
  private final Path dir;
  private final String baseName;
  private final PrintStream err;
  private boolean failing; // guarded by this

  ResultFileSink(Path dir, String baseName, PrintStream err) {
    this.dir = dir;
    this.baseName = baseName;
    this.err = err;
  }

  @Override
  public synchronized void onSnapshot(BenchmarkResult resultSoFar) {
    int steps = resultSoFar.steps().size();
    try {
      ReportWriter.writeJson(resultSoFar, dir, baseName);
      if (failing) {
        err.println("llmbench: saved " + dir.resolve(baseName + ".json") + " again (" + steps + " steps)");
        failing = false;
      }
    } catch (IOException | RuntimeException e) {
      err.println("llmbench: cannot save " + dir.resolve(baseName + ".json") + " after " + steps + " steps: "
          + (e instanceof IOException io ? OutputLocation.reason(io) : e.toString())
          + "; the results are kept in memory and the save is retried after the next step");
      failing = true;
    }
    err.flush();
  }
}
