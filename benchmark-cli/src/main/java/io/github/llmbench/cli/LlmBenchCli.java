package io.github.llmbench.cli;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.report.JsonReports;
import io.github.llmbench.report.ReportFiles;
import io.github.llmbench.report.ReportWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code llmbench}: the command line. {@code run} is the default command, so {@code llmbench --simulate --quick}
 * and {@code llmbench run --simulate --quick} are the same; {@code simulate} runs the simulated server and
 * {@code report} re-renders a saved JSON and {@code compare} tests two saved runs against each other. Exit codes:
 * {@link ExitCode}.
 */
public final class LlmBenchCli {
  static final String NAME = "llmbench";
  private static final int HELP_WIDTH = 110;

  private final CliContext cx;

  LlmBenchCli(CliContext cx) {
    this.cx = cx;
  }

  public static void main(String[] args) {
    System.exit(new LlmBenchCli(CliContext.system()).run(args));
  }

  @Command(name = NAME, mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
      description = {
          "Load-tests an OpenAI-compatible LLM server. Without a command: 'run', the unified progressive benchmark",
          "(WARMUP, BASELINE, SCALING, STRESS, SATURATION), or a custom run with --concurrency or --request-rate.",
          "Writes <output-dir>/benchmark_YYYYMMDD_HHMMSS{.json,.md,.html,_requests.jsonl} and charts (a suffix",
          "_2, _3, ... when another run already has the name)."})
  // The top command is 'run', with its own name and description: picocli takes the mixins from the superclass.
  static final class Top extends Run {
    Top(CliContext cx) {
      super(cx);
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Run the unified benchmark, or a custom run (--concurrency or --request-rate). The default command.")
  static class Run extends Measured {
    @Mixin ShardOptions shard = new ShardOptions();

    Run(CliContext cx) {
      super(cx);
    }

    @Override
    public ExitCode run() throws UsageException {
      return new RunCommand(cx, run, shard, spec.commandLine().getParseResult(), null).call();
    }
  }

  /** A command that runs a benchmark against a target: the run's options, its parse result, the context. */
  abstract static class Measured implements CliCommand {
    @Mixin RunOptions run = new RunOptions();
    @Spec CommandSpec spec = CommandSpec.create();
    final CliContext cx;

    Measured(CliContext cx) {
      this.cx = cx;
    }
  }

  @Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Find the largest concurrency (or rate) at which --attainment of the requests meet the --slo-*",
          "objectives: load doubles until a probe misses, then bisects; each probe is judged by the Wilson interval",
          "of its attainment and repeated while that straddles the target. Bounded by --max-probes, --max-requests",
          "and --max-time. Writes the same files as a run, with the answer and every probe."})
  static final class Search extends Measured {
    @Mixin SearchOptions search = new SearchOptions();

    Search(CliContext cx) {
      super(cx);
    }

    @Override
    public ExitCode run() throws UsageException {
      return new RunCommand(cx, run, new ShardOptions(), spec.commandLine().getParseResult(), search).call();
    }
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Re-render the Markdown, HTML and charts next to a saved benchmark_....json.")
  static final class Report implements CliCommand {
    @Parameters(paramLabel = "JSON", arity = "1", description = "a results file written by a run")
    Path json = Path.of("");
    private final CliContext cx;

    Report(CliContext cx) {
      this.cx = cx;
    }

    @Override
    public ExitCode run() throws UsageException {
      if (!Files.isRegularFile(json)) throw UsageException.of("report", json, "is not a file");
      try {
        BenchmarkResult result = JsonReports.read(json);
        String fileName = json.getFileName().toString();
        String baseName = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        Path dir = json.toAbsolutePath().getParent();
        ReportFiles files = ReportWriter.writeAll(result, dir, baseName);
        cx.out().println("Report written: " + files.markdown());
        cx.out().println("HTML: " + files.html());
        StringBuilder charts = new StringBuilder().append(files.throughputSvg()).append(", ").append(files.latencySvg());
        files.streamSvg().ifPresent(svg -> charts.append(", ").append(svg));
        files.itlSvg().ifPresent(svg -> charts.append(", ").append(svg));
        cx.out().println("Charts: " + charts);
        return ExitCode.COMPLETED;
      } catch (IOException | IllegalArgumentException e) {
        throw UsageException.of("report", json, "cannot be read: " + e.getMessage());
      }
    }
  }

  /** {@code llmbench --version}: the version Maven filtered into version.properties. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      return new String[] {NAME + " " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }

    static String version() throws IOException {
      Properties p = new Properties();
      try (InputStream in = LlmBenchCli.class.getResourceAsStream("version.properties")) {
        if (in == null) return "unknown";
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    }
  }

  /** The command line, with help and version going to {@code out} and every failure to {@link FlagErrors}. */
  CommandLine commandLine() {
    CommandLine top = new CommandLine(new Top(cx));
    top.addSubcommand(new CommandLine(new Run(cx)));
    top.addSubcommand(new CommandLine(new Search(cx)));
    top.addSubcommand(new CommandLine(new SimulateCommand(cx)));
    top.addSubcommand(new CommandLine(new MergeCommand(cx)));
    top.addSubcommand(new CommandLine(new Report(cx)));
    top.addSubcommand(new CommandLine(new CompareCommand(cx)));
    for (CommandLine c : List.of(top, top.getSubcommands().get("run"), top.getSubcommands().get("search"))) {
      c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes (when several apply, 4 wins):%n")
          .exitCodeList(ExitCode.helpRows());
    }
    top.setUsageHelpWidth(HELP_WIDTH);
    top.setOut(new PrintWriter(cx.out(), true, StandardCharsets.UTF_8));
    top.setErr(new PrintWriter(cx.err(), true, StandardCharsets.UTF_8));
    FlagErrors errors = new FlagErrors(cx.err());
    top.setParameterExceptionHandler(errors);
    top.setExecutionExceptionHandler(errors);
    return top;
  }

  /** Runs the command and returns its exit code; never throws. */
  int run(String[] args) {
    return commandLine().execute(args);
  }
}
