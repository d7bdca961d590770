package io.github.llmbench.examples.cli;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ImageSource;
import io.github.llmbench.api.Presets;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import io.github.llmbench.api.UnifiedOptions;
import io.github.llmbench.core.BenchmarkRun;
import io.github.llmbench.core.BenchmarkRunner;
import io.github.llmbench.core.MetricSinks;
import io.github.llmbench.core.TargetCheck;
import io.github.llmbench.report.JsonReports;
import io.github.llmbench.report.ReportFiles;
import io.github.llmbench.report.ReportWriter;
import io.github.llmbench.simulator.SimulatedLlmServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code llmbench}: the unified progressive benchmark on the command line.
 *
 * <p>Exit codes: 0 after a completed run whatever the statuses, 1 when the target cannot be reached (or a result
 * file cannot be written), 2 on bad usage, 130 when stopped with Ctrl-C (finished steps are kept).
 */
public final class LlmBenchCli {
  static final int OK = 0;
  static final int UNREACHABLE = 1;
  static final int USAGE = 2;
  static final int INTERRUPTED = 130;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT);

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean liveProgress;
  private final Supplier<LocalDateTime> clock;
  private final boolean installShutdownHook;

  LlmBenchCli(Map<String, String> env, PrintStream out, PrintStream err, boolean liveProgress,
      Supplier<LocalDateTime> clock, boolean installShutdownHook) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.liveProgress = liveProgress;
    this.clock = clock;
    this.installShutdownHook = installShutdownHook;
  }

  public static void main(String[] args) {
    LlmBenchCli cli = new LlmBenchCli(System.getenv(), System.out, System.err, System.console() != null,
        LocalDateTime::now, true);
    System.exit(cli.run(args));
  }

  /** Runs the command and returns its exit code; never throws. */
  int run(String[] args) {
    try {
      if (args.length > 0 && args[0].equals("report")) return report(args);
      return benchmark(CliOptions.parse(args));
    } catch (UsageException e) {
      err.println("llmbench: " + e.getMessage());
      return USAGE;
    } catch (RuntimeException e) {
      // A bug of ours: say what happened in one line rather than a stack trace.
      err.println("llmbench: internal error: " + e);
      return UNREACHABLE;
    }
  }

  private int report(String[] args) throws UsageException {
    if (args.length != 2) throw new UsageException("report needs exactly one JSON file: report <benchmark_....json>");
    Path json = Path.of(args[1]);
    if (!Files.isRegularFile(json)) throw new UsageException("report: no such file: " + json);
    try {
      BenchmarkResult result = JsonReports.read(json);
      String fileName = json.getFileName().toString();
      String baseName = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
      Path dir = json.toAbsolutePath().getParent();
      ReportFiles files = ReportWriter.writeAll(result, dir, baseName);
      out.println("Report written: " + files.markdown());
      out.println("HTML: " + files.html());
      StringBuilder charts = new StringBuilder().append(files.throughputSvg()).append(", ").append(files.latencySvg());
      files.streamSvg().ifPresent(svg -> charts.append(", ").append(svg));
      files.itlSvg().ifPresent(svg -> charts.append(", ").append(svg));
      out.println("Charts: " + charts);
      return OK;
    } catch (IOException | IllegalArgumentException e) {
      err.println("llmbench: cannot read " + json + ": " + e.getMessage());
      return USAGE;
    }
  }

  private int benchmark(CliOptions options) throws UsageException {
    if (options.help()) {
      out.println(CliOptions.HELP);
      return OK;
    }
    String apiKey = env.get(options.apiKeyEnv());
    if (options.apiKeyEnvGiven() && (apiKey == null || apiKey.isEmpty())) {
      throw new UsageException("--api-key-env: environment variable " + options.apiKeyEnv() + " is not set");
    }
    if (!options.simulate() && options.model().isEmpty()) {
      throw new UsageException("--model is required (or use --simulate to benchmark the built-in simulated server)");
    }
    UnifiedOptions unified = unifiedOptions(options);
    Path outputDir = options.outputDir();
    try {
      Files.createDirectories(outputDir);
    } catch (IOException e) {
      throw new UsageException("--output-dir " + outputDir + " cannot be created: " + e.getMessage());
    }

    SimulatedLlmServer simulator = null;
    try {
      String baseUrl = options.baseUrl();
      String model = options.model().orElse(null);
      if (options.simulate()) {
        simulator = SimulatedLlmServer.builder().build().start();
        baseUrl = simulator.baseUrl();
        if (model == null) model = simulator.model();
        out.println("Started the simulated server at " + baseUrl + " (model " + simulator.model() + ")");
      }
      Target target;
      Benchmark benchmark;
      try {
        target = Target.builder().baseUrl(baseUrl).model(model).apiKey(apiKey).build();
        Benchmark.Builder builder = Presets.unified(unified).target(target);
        options.slo().ifPresent(slo -> builder.slo(slo).setting("slo", slo.describe()));
        benchmark = builder.build();
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new UsageException(e.getMessage());
      }
      Optional<String> problem = TargetCheck.problem(target, Duration.ofSeconds(10));
      if (problem.isPresent()) {
        err.println("llmbench: " + problem.get());
        return UNREACHABLE;
      }
      return runBenchmark(benchmark, outputDir);
    } finally {
      if (simulator != null) simulator.close();
    }
  }

  private UnifiedOptions unifiedOptions(CliOptions options) throws UsageException {
    UnifiedOptions unified = UnifiedOptions.of(options.intensity())
        .completions(options.completions())
        .skipSaturation(options.skipSaturation())
        .stream(options.stream());
    try {
      if (!options.images().isEmpty()) {
        List<ImageSource> images = new ArrayList<>();
        for (String image : options.images()) {
          images.add(image.matches("(?i)^(https?|data):.*") ? ImageSource.url(image) : ImageSource.file(Path.of(image)));
        }
        unified = unified.images(images);
      }
      return unified.vision(options.vision());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--image: " + e.getMessage());
    }
  }

  private int runBenchmark(Benchmark benchmark, Path outputDir) {
    String baseName = "benchmark_" + clock.get().format(STAMP);
    Target target = benchmark.target();
    out.println("llmbench: unified benchmark against " + target.baseUrl() + ", model " + target.model() + ", "
        + benchmark.settings().get("intensity") + " intensity, " + benchmark.steps().size() + " steps planned");
    ResultFileSink resultFile = new ResultFileSink(outputDir, baseName);
    BenchmarkRunner runner = BenchmarkRunner.builder()
        .addSink(new PhaseHeaderSink(out))
        .addSink(MetricSinks.console(out, liveProgress))
        .addSink(MetricSinks.jsonLines(outputDir.resolve(baseName + "_requests.jsonl")))
        .addSink(resultFile)
        .build();
    CountDownLatch filesWritten = new CountDownLatch(1);
    BenchmarkRun run = runner.start(benchmark);
    Thread hook = new Thread(() -> {
      // Ctrl-C: stop cleanly, then give the main thread time to write what finished.
      run.cancel();
      try {
        filesWritten.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "llmbench-shutdown");
    if (installShutdownHook) Runtime.getRuntime().addShutdownHook(hook);
    try {
      BenchmarkResult result = run.await();
      return finish(result, outputDir, baseName, resultFile);
    } finally {
      filesWritten.countDown();
      if (installShutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The JVM is already exiting (Ctrl-C): the hook is running and waits for us.
        }
      }
    }
  }

  private int finish(BenchmarkResult result, Path outputDir, String baseName, ResultFileSink resultFile) {
    ReportFiles files;
    try {
      files = ReportWriter.writeAll(result, outputDir, baseName);
    } catch (IOException e) {
      err.println("llmbench: cannot write the reports into " + outputDir + ": " + e.getMessage());
      return UNREACHABLE;
    }
    out.println();
    out.println("Results saved to " + files.json());
    out.println("Report: " + files.markdown() + " (HTML: " + files.html().getFileName() + ")");
    if (resultFile.lastFailure() != null) {
      err.println("llmbench: warning: saving results after a step failed: " + resultFile.lastFailure().getMessage());
    }
    List<StepResult> steps = result.steps();
    if (result.completed()) return OK;
    if (result.abortReason().equals("cancelled")) {
      err.println("llmbench: stopped; kept the " + steps.size() + " finished steps");
      return INTERRUPTED;
    }
    err.println("llmbench: run ended early: " + result.abortReason() + " (kept the " + steps.size()
        + " finished steps)");
    return UNREACHABLE;
  }
}
