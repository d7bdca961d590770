package io.github.llmbench.cli;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.ImageSource;
import io.github.llmbench.api.Intensity;
import io.github.llmbench.api.Presets;
import io.github.llmbench.api.Slo;
import io.github.llmbench.api.Target;
import io.github.llmbench.api.UnifiedOptions;
import io.github.llmbench.core.BenchmarkRun;
import io.github.llmbench.core.BenchmarkRunner;
import io.github.llmbench.core.MetricSinks;
import io.github.llmbench.report.ReportFiles;
import io.github.llmbench.report.ReportFormats;
import io.github.llmbench.report.ReportWriter;
import io.github.llmbench.report.merge.IntervalLogSink;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ParseResult;

/**
 * {@code llmbench run}: checks every flag and the output directory before any request, then runs the unified
 * benchmark (or a custom run), saving after every step, and maps how it ended to an {@link ExitCode}.
 */
final class RunCommand {
  /** How long the check of {@code /v1/models} waits before calling the target unreachable. */
  private static final Duration MODELS_TIMEOUT = Duration.ofSeconds(10);

  private final CliContext cx;
  private final RunOptions o;
  /** Replaced in the pre-flight's message should a server echo it back. */
  private @Nullable String apiKey;

  // A sharded run (--shard, --start-at) or N local shards (--shards): the flags, what picocli parsed, the plan.
  private final ShardOptions shardOptions;
  private final ParseResult parsed;
  private ShardPlan shards = ShardPlan.whole();
  /** {@code llmbench search}: a capacity search in place of the unified benchmark or a custom run; else null. */
  private final @Nullable SearchOptions search;

  RunCommand(CliContext cx, RunOptions options, ShardOptions shardOptions, ParseResult parsed,
      @Nullable SearchOptions search) {
    this.cx = cx;
    this.o = options;
    this.shardOptions = shardOptions;
    this.parsed = parsed;
    this.search = search;
  }

  ExitCode call() throws UsageException {
    if (shardOptions.launchesLocal()) return new LocalShards(cx, o, shardOptions, parsed).call();
    try {
      return callOnce();
    } finally {
      // A shard that returns before its run ends (the model check refused, a file could not be opened) says so, or
      // the other shards would wait for its steps at the barrier.
      shards.barrier().ifPresent(io.github.llmbench.core.ShardStepBarrier::end);
    }
  }

  private ExitCode callOnce() throws UsageException {
    shards = ShardPlan.of(shardOptions);
    if (shards.sharded() && o.simulate) {
      throw UsageException.of("--shard", shardOptions.shard, "needs the shards' common server: start 'llmbench "
          + "simulate' and give its --base-url, or use --shards N --simulate");
    }
    String apiKeyEnv = o.apiKeyEnv == null ? RunOptions.DEFAULT_API_KEY_ENV : o.apiKeyEnv;
    String apiKey = cx.env().get(apiKeyEnv);
    this.apiKey = apiKey;
    if (o.apiKeyEnv != null && (apiKey == null || apiKey.isEmpty())) {
      throw UsageException.of("--api-key-env", apiKeyEnv, "names an environment variable that is not set");
    }
    if (!o.simulate && o.model == null) {
      throw new UsageException("--model is required (or use --simulate to benchmark the built-in simulated server)");
    }
    SimulatorConfig simulatorConfig = o.simulatorConfig();
    String baseUrl = o.baseUrl;
    if (o.vision && o.completions) throw new UsageException("--vision needs chat requests; drop --completions");
    if (!o.images.isEmpty() && !o.vision) throw new UsageException("--image is only used with --vision");
    List<ImageSource> images = List.copyOf(o.images);
    Optional<Slo> slo = slo();
    Duration timeout = o.requestTimeout == null ? Target.DEFAULT_REQUEST_TIMEOUT : o.requestTimeout;
    List<ImageSource> customImages = images.isEmpty() ? UnifiedOptions.defaultImages() : images;
    Benchmark.Builder plan = search != null ? SearchRun.benchmark(o, search, slo, customImages)
        : o.isCustom() ? CustomRun.benchmark(o, customImages) : unified(images);
    slo.ifPresent(s -> plan.slo(s).setting("slo", s.describe()));
    if (o.requestTimeout != null) plan.setting("request_timeout_sec", Flags.seconds(o.requestTimeout));
    ClientFlags.check(o);
    Gates gates = Gates.of(o, slo.isPresent());
    OutputLocation output = OutputLocation.check(o.outputDir); // before any traffic

    SimulatedLlmServer simulator = null;
    try {
      String model = o.model;
      if (o.simulate) {
        simulator = SimulatedLlmServer.builder()
            .config(simulatorConfig).build().start();
        baseUrl = simulator.baseUrl();
        if (model == null) model = simulator.model();
        cx.out().println("Started the simulated server at " + baseUrl + " (model " + simulator.model()
            + (simulatorConfig.timeScale() == 1.0 ? "" : ", time scale " + simulatorConfig.timeScale())
            + (simulatorConfig.reasoningTokens() == 0 ? ""
                : ", reasoning " + simulatorConfig.reasoningTokens() + " tokens before each chat answer") + ")");
      }
      Benchmark benchmark;
      try {
        Target target = Target.builder().baseUrl(baseUrl).model(model).apiKey(apiKey).requestTimeout(timeout).build();
        benchmark = shards.apply(plan.target(target).build());
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new UsageException(e.getMessage());
      }
      benchmark = ClientFlags.apply(o, benchmark, search == null && !o.isCustom(),
          note -> cx.out().println("llmbench: note: " + note));
      ServedModels.Finding models = ServedModels.check(benchmark.target(), benchmark.client(), MODELS_TIMEOUT);
      switch (models.kind()) {
        case UNREACHABLE -> {
          cx.err().println("llmbench: " + models.line());
          return ExitCode.UNREACHABLE;
        }
        case REFUSED -> {
          cx.err().println("llmbench: " + models.line());
          return ExitCode.USAGE;
        }
        case NOT_CHECKED -> cx.out().println("llmbench: note: " + models.line());
        case SERVED -> { }
      }
      return run(benchmark, output, gates);
    } finally {
      if (simulator != null) simulator.close();
    }
  }

  private Benchmark.Builder unified(List<ImageSource> images) throws UsageException {
    Object duration = o.duration == null ? null : Flags.seconds(o.duration);
    Object inputLen = o.inputLen == null ? null : o.inputLen.spec();
    Object outputLen = o.outputLen == null ? null : o.outputLen.spec();
    Object[][] customFlags = {{"--num-prompts", o.numPrompts}, {"--duration", duration},
        {"--max-concurrency", o.maxConcurrency}, {"--seed", o.seed}, {"--input-len", inputLen},
        {"--output-len", outputLen}, {"--dataset", o.dataset}, {"--dataset-seed", o.datasetSeed},
        {"--tokenizer", o.tokenizer}, {"--prefix-tokens", o.prefixTokens}, {"--prefix-groups", o.prefixGroups},
        {"--disable-shuffle", o.disableShuffle ? "true" : null},
        {"--max-completion-tokens", o.maxCompletionTokens ? "true" : null}, {"--tools", o.tools},
        {"--trace-speed", o.traceSpeed == null ? null : Flags.format(o.traceSpeed)},
        {"--trace-block-size", o.traceBlockSize}, {"--embeddings", o.embeddings ? "true" : null}};
    for (Object[] custom : java.util.stream.Stream.concat(java.util.Arrays.stream(customFlags),
        java.util.Arrays.stream(CustomRun.openLoopFlags(o))).toList()) {
      if (custom[1] != null) {
        throw UsageException.of((String) custom[0], custom[1], "applies to a custom run: add --concurrency or "
            + "--request-rate");
      }
    }
    // As in the script: --quick wins when both are given.
    Intensity intensity = o.quick ? Intensity.QUICK : o.thorough ? Intensity.THOROUGH : Intensity.STANDARD;
    UnifiedOptions unified = UnifiedOptions.of(intensity).completions(o.completions).skipSaturation(o.skipSaturation)
        .stream(o.stream);
    if (!images.isEmpty()) unified = unified.images(images);
    return Presets.unified(unified.vision(o.vision));
  }

  private Optional<Slo> slo() throws UsageException {
    if (o.sloTtft == null && o.sloTpot == null && o.sloE2e == null) return Optional.empty();
    if (!o.stream && (o.sloTtft != null || o.sloTpot != null)) {
      throw new UsageException("--slo-ttft-ms and --slo-tpot-ms need --stream (only streams show the first token)");
    }
    Slo.Builder slo = Slo.builder();
    if (o.sloTtft != null) slo.ttft(o.sloTtft);
    if (o.sloTpot != null) slo.tpot(o.sloTpot);
    if (o.sloE2e != null) slo.e2e(o.sloE2e);
    return Optional.of(slo.build());
  }

  private ExitCode run(Benchmark benchmark, OutputLocation output, Gates gates) {
    PrintStream out = cx.out();
    PrintStream err = cx.err();
    Path dir = output.dir();
    OutputLocation.Claim claim;
    WholeLineWriter requests;
    try {
      claim = output.claim(cx.clock().get());
      Path requestsFile = claim.requestsFile();
      requests = new WholeLineWriter(claim.requestsChannel(),
          e -> err.println("llmbench: cannot write " + requestsFile + ": " + OutputLocation.reason(e)
              + "; its lines are kept in memory and retried"),
          () -> err.println("llmbench: " + requestsFile + " has caught up"));
    } catch (IOException e) {
      err.println("llmbench: " + OutputLocation.FLAG + " (" + dir + ") cannot hold this run's files: "
          + OutputLocation.reason(e));
      return ExitCode.USAGE;
    }
    String baseName = claim.baseName();
    Target target = benchmark.target();
    out.println("llmbench: " + benchmark.name() + " benchmark against " + target.baseUrl() + ", model "
        + target.model() + (benchmark.settings().containsKey("intensity")
            ? ", " + benchmark.settings().get("intensity") + " intensity" : "")
        + (benchmark.phases().stream().anyMatch(io.github.llmbench.api.Phase::adaptive)
            ? ", up to " + benchmark.maxSteps() + " probes" : ", " + benchmark.steps().size() + " steps planned")
        + (benchmark.client().connectionMode() == ClientSettings.ConnectionMode.NEW_PER_REQUEST
            ? ", a new connection per request" : ", warm connections"));
    BenchmarkRunner.Builder runner = BenchmarkRunner.builder();
    // The shards' barrier holds a step first, before any other sink (the console's elapsed time, the interval log's
    // step start) sees it, and says a step is done last, once every other sink (the interval log's step end) has.
    Optional<io.github.llmbench.core.ShardStepBarrier> barrier = shards.barrier();
    barrier.ifPresent(b -> runner.addSink(b.gate()));
    runner.addSink(new PhaseHeaderSink(out))
        .addSink(MetricSinks.console(out, cx.liveProgress()))
        .addSink(MetricSinks.jsonLines(requests));
    cx.extraSinks().forEach(runner::addSink);
    runner.addSink(new ResultFileSink(dir, baseName, err));
    // Every run keeps its latencies as an HdrHistogram interval log (one interval per step), which HdrHistogram's
    // tools read and which the shards of one run merge exactly.
    try {
      runner.addSink(IntervalLogSink.open(dir.resolve(baseName + ".hlog"), System::currentTimeMillis));
    } catch (IOException e) {
      err.println("llmbench: cannot write " + dir.resolve(baseName + ".hlog") + ": " + OutputLocation.reason(e));
      return ExitCode.USAGE;
    }
    barrier.ifPresent(b -> runner.addSink(b.marker()));
    AtomicReference<@Nullable ExitCode> stoppedBy = new AtomicReference<>();
    AtomicReference<@Nullable BenchmarkRun> current = new AtomicReference<>();
    BenchmarkResult result;
    try (StopSignals.Handle signals = cx.signals().install(code -> {
      stoppedBy.compareAndSet(null, code);
      BenchmarkRun started = current.get();
      if (started != null) started.cancel();
    })) {
      if (shards.sharded()) {
        try {
          benchmark = shards.awaitStart(benchmark, System::currentTimeMillis, out);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stoppedBy.compareAndSet(null, ExitCode.SIGTERM);
        }
      }
      BenchmarkRun run = runner.build().start(benchmark);
      current.set(run);
      if (stoppedBy.get() != null) run.cancel(); // a signal before the run existed
      result = run.await();
    }
    boolean requestsComplete;
    try {
      requests.close();
      requestsComplete = requests.complete();
    } catch (IOException e) {
      requestsComplete = false;
    }
    return finish(result, dir, baseName, claim.requestsFile(), requestsComplete, requests.pendingLines(),
        stoppedBy.get(), gates);
  }

  private ExitCode finish(BenchmarkResult result, Path dir, String baseName, Path requestsFile,
      boolean requestsComplete, int requestsPending, @Nullable ExitCode stoppedBy, Gates gates) {
    PrintStream out = cx.out();
    PrintStream err = cx.err();
    boolean incomplete = false;
    try {
      ReportFiles files = ReportWriter.writeAll(result, dir, baseName);
      // The answer first, then where the files are.
      out.println();
      out.print(ReportFormats.toString(result, ReportFormats.summary()));
      out.println();
      out.println("Results saved to " + files.json());
      out.println("Report: " + files.markdown() + " (HTML: " + files.html().getFileName()
          + files.stepsCsv().map(csv -> ", CSV: " + csv.getFileName()).orElse("") + ")");
    } catch (IOException | RuntimeException e) {
      err.println("llmbench: cannot write the results into " + dir + ": "
          + (e instanceof IOException io ? OutputLocation.reason(io) : e.toString()));
      incomplete = true;
    }
    if (!requestsComplete) {
      err.println("llmbench: " + requestsFile + " lacks " + requestsPending
          + " request lines that could not be written");
      incomplete = true;
    }
    int steps = result.steps().size();
    if (incomplete) {
      err.println("llmbench: the results on disk are incomplete (" + steps + " steps ran)");
      return ExitCode.INCOMPLETE_ON_DISK;
    }
    if (stoppedBy != null) {
      err.println("llmbench: stopped by " + stoppedBy.name() + "; kept the " + steps + " finished steps");
      return stoppedBy;
    }
    if (result.abortReason().kind() == BenchmarkResult.AbortReason.Kind.PREFLIGHT_FAILED) return preflightFailed(result);
    if (!result.completed()) {
      // Every request of a step refused with the same 4xx (400 or 404 for an unknown model, 401 for a key): the
      // server answered, and refused what it was asked, which is the configuration's, not the target's.
      ExitCode code = result.abortReason().kind() == BenchmarkResult.AbortReason.Kind.CLIENT_ERROR ? ExitCode.USAGE
          : ExitCode.UNREACHABLE;
      err.println("llmbench: run ended early: " + result.abortReason() + " (kept the " + steps + " finished steps; "
          + "exit " + code.code() + ")");
      return code;
    }
    List<String> failed = gates.failures(result);
    failed.forEach(line -> err.println("llmbench: " + line));
    return failed.isEmpty() ? ExitCode.COMPLETED : ExitCode.GATE_FAILED;
  }

  /**
   * The pre-flight request failed, so no phase ran: a refusal (a key, a path, a model, a field) is the user's
   * configuration, anything else the target's ({@link ExitCode#ofRefusal}).
   */
  private ExitCode preflightFailed(BenchmarkResult result) {
    int status = result.preflight().map(BenchmarkResult.Preflight::httpStatus).orElse(0);
    String answer = result.preflight().map(BenchmarkResult.Preflight::detail).orElse(result.abortReason().message());
    if (apiKey != null && !apiKey.isEmpty()) answer = answer.replace(apiKey, "***");
    String hint = switch (status) {
      case 401, 403 -> "; check the API key (--api-key-env)";
      case 404 -> "; check --model and --base-url";
      case 400, 422 -> "; check --model and the request flags";
      default -> "";
    };
    ExitCode code = ExitCode.ofRefusal(status);
    cx.err().println("llmbench: the pre-flight request failed before any phase: " + answer + hint
        + " (exit " + code.code() + ")");
    return code;
  }
}
