package io.github.llmbench.cli;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.core.stats.ComparisonVerdict;
import io.github.llmbench.report.JsonReports;
import io.github.llmbench.report.compare.ComparisonMarkdown;
import io.github.llmbench.report.compare.MultipleTesting;
import io.github.llmbench.report.compare.RunComparator;
import io.github.llmbench.report.compare.RunComparison;
import io.github.llmbench.report.compare.StepComparison;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code llmbench compare base.json new.json}: every step present in both runs, metric by metric, with a test on the
 * per-request samples ({@link RunComparator}); prints the Markdown (or writes it) and exits
 * {@link ExitCode#GATE_FAILED} when a step of the new run is significantly slower, so CI can gate on it.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Compare two saved runs step by step, with statistical tests on the per-request samples.",
        "Exit 0 when no step of NEW is significantly slower than in BASE, 3 when one is."})
final class CompareCommand implements CliCommand {
  private final CliContext cx;

  @Parameters(index = "0", paramLabel = "BASE", description = "the baseline run's benchmark_....json")
  String base = "";

  @Parameters(index = "1", paramLabel = "NEW", description = "the candidate run's benchmark_....json")
  String candidate = "";

  @Option(names = "--alpha", converter = Flags.Alpha.class, paramLabel = "A",
      description = "significance level, for the whole comparison (Holm-Bonferroni) unless --no-correction "
          + "(default 0.05)")
  @Nullable Double alpha;

  @Option(names = "--no-correction",
      description = "judge each test at --alpha on its own (more false alarms: about tests x alpha)")
  boolean noCorrection;

  @Option(names = "--min-change", converter = Flags.Percent.class, paramLabel = "PCT",
      description = "a significant difference smaller than PCT %% of the baseline value counts as none (default 0)")
  @Nullable Double minChangePercent;

  @Option(names = "--output", paramLabel = "FILE.md",
      description = "write the Markdown to this file instead of printing it")
  @Nullable Path output;

  CompareCommand(CliContext cx) {
    this.cx = cx;
  }

  @Override
  public ExitCode run() throws UsageException {
    RunComparator comparator = RunComparator.ofDefaults();
    if (alpha != null) comparator = comparator.withAlpha(alpha);
    if (noCorrection) comparator = comparator.withCorrection(MultipleTesting.NONE);
    if (minChangePercent != null) comparator = comparator.withMinimumRelativeChange(minChangePercent / 100);
    Path out = output;
    if (out != null && Files.isDirectory(out)) throw UsageException.of("--output", out, "is a directory");
    Path basePath = Path.of(base);
    Path candidatePath = Path.of(candidate);
    BenchmarkResult baseline = read(basePath);
    BenchmarkResult newer = read(candidatePath);
    RunComparison comparison = comparator.compare(basePath.getFileName().toString(), baseline,
        candidatePath.getFileName().toString(), newer);
    String markdown = ComparisonMarkdown.render(comparison);
    if (out == null) {
      cx.out().print(markdown);
      if (!markdown.endsWith("\n")) cx.out().println();
    } else {
      try {
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw UsageException.of("--output", out, "cannot be written: " + OutputLocation.reason(e));
      }
      cx.out().println("Comparison written to " + out);
    }
    if (!comparison.anySignificantlySlower()) {
      cx.out().println("llmbench compare: no step of " + candidatePath.getFileName() + " is significantly slower");
      return ExitCode.COMPLETED;
    }
    List<String> slower = comparison.steps().stream().filter(s -> s.verdict() == ComparisonVerdict.SLOWER)
        .map(CompareCommand::slowerLine).toList();
    cx.err().println("llmbench: compare: " + candidatePath.getFileName() + " is significantly slower than "
        + basePath.getFileName() + " in " + slower.size() + (slower.size() == 1 ? " step: " : " steps: ")
        + String.join("; ", slower));
    return ExitCode.GATE_FAILED;
  }

  /** {@code "c8 (latency p50, latency p99)"}: the step and the metrics that are slower. */
  private static String slowerLine(StepComparison s) {
    return s.testName() + " (" + String.join(", ", s.slowerMetrics().stream().map(m -> m.metric().label()).toList())
        + ")";
  }

  private static BenchmarkResult read(Path file) throws UsageException {
    if (!Files.isRegularFile(file)) throw UsageException.of("compare", file, "is not a file");
    try {
      return JsonReports.read(file);
    } catch (IOException | RuntimeException e) {
      throw UsageException.of("compare", file, "cannot be read as a benchmark result: "
          + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
    }
  }
}
