package io.github.llmbench.report;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.CapacitySearch;
import io.github.llmbench.report.internal.AtomicFiles;
import io.github.llmbench.report.internal.ChartData;
import io.github.llmbench.report.internal.SearchSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a result's report files into a directory. Each file is written to a temporary file in the same directory
 * and then moved into place atomically, so a killed process never leaves a half-written report (at worst a stray
 * {@code .tmp} file).
 *
 * <pre>{@code
 * ReportFiles files = ReportWriter.writeAll(result, Path.of("results"),
 *     ReportWriter.scriptBaseName(LocalDateTime.now()));   // results/benchmark_20250102_030405.json, .md, ...
 * }</pre>
 */
public final class ReportWriter {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT);

  private ReportWriter() {}

  /** The unified script's file name stem for a run started at {@code time}: {@code benchmark_YYYYMMDD_HHMMSS}. */
  public static String scriptBaseName(LocalDateTime time) {
    return "benchmark_" + STAMP.format(time);
  }

  /**
   * Writes {@code <dir>/<baseName>.json}, {@code .md}, {@code .html}, {@code <baseName>_throughput.svg} and
   * {@code <baseName>_latency.svg}, and when a step has stream figures {@code <baseName>_stream.svg} (time to first
   * token) and {@code <baseName>_itl.svg} (inter-token latency, time per output token); {@code <baseName>_steps.csv}
   * (one row per step), {@code <baseName>_capacity_<shape>.svg} (each workload shape's capacity curve) and, when
   * the run set SLOs, {@code <baseName>_attainment.svg}, and for a capacity search {@code <baseName>_search.svg};
   * creates {@code dir} if needed and replaces existing files.
   *
   * @throws IllegalArgumentException if {@code baseName} is empty or holds a path separator
   */
  public static ReportFiles writeAll(BenchmarkResult result, Path dir, String baseName) throws IOException {
    checkBaseName(baseName);
    Files.createDirectories(dir);
    Path json = writeJson(result, dir, baseName);
    Path throughput = AtomicFiles.write(dir.resolve(baseName + "_throughput.svg"),
        out -> out.append(Charts.throughputSvg(result)));
    Path latency = AtomicFiles.write(dir.resolve(baseName + "_latency.svg"),
        out -> out.append(Charts.latencySvg(result)));
    Optional<Path> stream = Optional.empty();
    Optional<Path> itl = Optional.empty();
    if (ChartData.hasStream(result)) {
      stream = Optional.of(AtomicFiles.write(dir.resolve(baseName + "_stream.svg"),
          out -> out.append(Charts.ttftSvg(result))));
      itl = Optional.of(AtomicFiles.write(dir.resolve(baseName + "_itl.svg"),
          out -> out.append(Charts.itlSvg(result))));
    }
    List<Path> capacity = new ArrayList<>();
    for (Map.Entry<String, String> e : Charts.capacitySvgs(result).entrySet()) {
      capacity.add(AtomicFiles.write(dir.resolve(baseName + "_capacity_" + e.getKey() + ".svg"),
          out -> out.append(e.getValue())));
    }
    Optional<Path> attainment = Optional.empty();
    if (ChartData.hasSlo(result)) {
      attainment = Optional.of(AtomicFiles.write(dir.resolve(baseName + "_attainment.svg"),
          out -> out.append(Charts.attainmentSvg(result))));
    }
    Optional<io.github.llmbench.api.CapacitySearch.Estimate> search = SearchSection.estimate(result);
    if (search.isPresent()) {
      AtomicFiles.write(dir.resolve(baseName + "_search.svg"),
          out -> out.append(SearchSection.svg(result, search.get())));
    }
    Path csv = AtomicFiles.write(dir.resolve(baseName + "_steps.csv"), out -> ReportFormats.csv().write(result, out));
    Path markdown = AtomicFiles.write(dir.resolve(baseName + ".md"),
        out -> ReportFormats.markdown(baseName).write(result, out));
    Path html = AtomicFiles.write(dir.resolve(baseName + ".html"), out -> ReportFormats.html().write(result, out));
    return new ReportFiles(json, markdown, html, throughput, latency, stream, itl, Optional.of(csv),
        capacity, attainment);
  }

  /**
   * Writes only {@code <dir>/<baseName>.json}, atomically, creating {@code dir} if needed.
   *
   * @throws IllegalArgumentException if {@code baseName} is empty or holds a path separator
   */
  public static Path writeJson(BenchmarkResult result, Path dir, String baseName) throws IOException {
    checkBaseName(baseName);
    Files.createDirectories(dir);
    return AtomicFiles.write(dir.resolve(baseName + ".json"), out -> ReportFormats.json().write(result, out));
  }

  private static void checkBaseName(String baseName) {
    Objects.requireNonNull(baseName, "baseName");
    if (baseName.isBlank() || baseName.contains("/") || baseName.contains("\\") || baseName.equals(".")
        || baseName.equals("..")) {
      throw new IllegalArgumentException("baseName (\"" + baseName + "\") should be a non-empty file name without "
          + "path separators");
    }
  }
}
