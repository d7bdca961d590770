package io.github.llmbench.cli;

import io.github.llmbench.api.StatusPolicy;
import io.github.llmbench.report.ReportFiles;
import io.github.llmbench.report.ReportWriter;
import io.github.llmbench.report.merge.IntervalLog;
import io.github.llmbench.report.merge.MergeRefusedException;
import io.github.llmbench.report.merge.ShardMerger;
import io.github.llmbench.report.merge.ShardResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code llmbench merge shard-*.json -o merged.json}: the shards of one run merged into one result (see
 * {@link ShardMerger}), written as JSON with its Markdown, HTML, charts and the merged {@code .hlog}. A merge that
 * cannot be exact is refused with one line and exit code 2.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Merge the results of the shards of one run (--shard I/N) into one result and one report.",
        "Each JSON needs its .hlog beside it. Refuses a missing or duplicate shard, mismatched settings or steps,",
        "and histograms of different precision."})
final class MergeCommand implements CliCommand {
  private final CliContext cx;

  @Parameters(paramLabel = "SHARD.json", arity = "1..*", description = "the shards' result files")
  List<String> files = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE.json", required = true,
      description = "the merged result; its .md, .html, .hlog and charts go beside it")
  String output = "";

  @Option(names = "--max-start-lateness", converter = Flags.Lateness.class, paramLabel = "SEC",
      defaultValue = ShardOptions.DEFAULT_MAX_START_LATENESS_SEC,
      description = "a shard that started later than this after --start-at marks every merged step invalid "
          + "(default: ${DEFAULT-VALUE})")
  Duration maxStartLateness = ShardOptions.DEFAULT_MAX_START_LATENESS;

  MergeCommand(CliContext cx) {
    this.cx = cx;
  }

  @Override
  public ExitCode run() throws UsageException {
    Path out = Path.of(output);
    String name = out.getFileName().toString();
    if (!name.endsWith(".json") || name.length() == 5) {
      throw UsageException.of("-o", output, "should name a .json file");
    }
    List<Path> shards = new ArrayList<>();
    for (String f : files) {
      Path p = Path.of(f);
      if (!Files.isRegularFile(p)) throw UsageException.of("merge", f, "is not a file");
      shards.add(p);
    }
    return merge(cx, shards, out, maxStartLateness);
  }

  /** Reads, merges and writes; a refusal is a {@link UsageException}. */
  static ExitCode merge(CliContext cx, List<Path> shardFiles, Path out, Duration tolerance) throws UsageException {
    PrintStream stdout = cx.out();
    ShardMerger.Merged merged;
    try {
      List<ShardResult> shards = new ArrayList<>();
      for (Path f : shardFiles) shards.add(ShardResult.read(f));
      merged = ShardMerger.merge(shards, tolerance, StatusPolicy.unified());
    } catch (MergeRefusedException e) {
      throw new UsageException("merge refused: " + e.getMessage());
    } catch (IOException e) {
      throw new UsageException("merge refused: " + e.getMessage());
    }
    String name = out.getFileName().toString();
    String base = name.substring(0, name.length() - 5);
    Path dir = out.toAbsolutePath().getParent();
    try {
      ReportFiles files = ReportWriter.writeAll(merged.result(), dir, base);
      Path hlog = dir.resolve(base + ".hlog");
      IntervalLog.write(hlog, merged.result().startedAt().toEpochMilli(), merged.latency());
      stdout.println("Merged " + shardFiles.size() + " shards into " + files.json());
      stdout.println("Report: " + files.markdown() + " (HTML: " + files.html().getFileName() + "), interval log: "
          + hlog.getFileName());
      String invalid = merged.result().settings().get("merge_invalid");
      if (invalid != null) cx.err().println("llmbench: " + invalid);
      return ExitCode.COMPLETED;
    } catch (IOException e) {
      cx.err().println("llmbench: cannot write the merged results into " + dir + ": " + OutputLocation.reason(e));
      return ExitCode.INCOMPLETE_ON_DISK;
    }
  }
}
