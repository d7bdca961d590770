package io.github.llmbench.cli;

import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code llmbench run --shards N ...}: the test bed of a sharded run on one machine. Starts N processes of the same
 * java and class path with the options this one parsed (as written) plus {@code --shard i/N}, a common
 * {@code --start-at} ({@code 3 + N} seconds ahead unless given) and {@code --output-dir <dir>/<stem>_shards/shard-i}
 * (each process's console goes to {@code console.log} there), waits for them and merges their results into
 * {@code <dir>/<stem>_merged.json} (with its report). With {@code --simulate} one simulated server is started here
 * and every shard is pointed at it.
 */
final class LocalShards {
  /**
   * How far ahead the common start is, per shard beyond a base: N JVMs starting at once on a small machine share its
   * cores (on a loaded 2-core machine four took 5 to 6.5 s to be ready).
   */
  static final Duration START_LEAD_BASE = Duration.ofSeconds(3);
  static final Duration START_LEAD_PER_SHARD = Duration.ofSeconds(1);
  static final int MAX_SHARDS = 64;
  /** Options the launcher uses itself or sets per shard, so no child is given them as they were. */
  private static final Set<String> LAUNCHER_ONLY = Set.of("--shards", "--max-start-lateness", "--output-dir",
      "--sim-time-scale", "--sim-reasoning-tokens", "--start-at", "--simulate", "--shard-barrier");

  private final CliContext cx;
  private final RunOptions o;
  private final ShardOptions s;
  private final ParseResult parsed;

  LocalShards(CliContext cx, RunOptions o, ShardOptions s, ParseResult parsed) {
    this.cx = cx;
    this.o = o;
    this.s = s;
    this.parsed = parsed;
  }

  ExitCode call() throws UsageException {
    int n = s.shards == null ? 1 : s.shards; // launchesLocal(): given
    if (s.shard != null) throw UsageException.of("--shard", s.shard, "runs one shard; --shards starts all of them");
    Duration tolerance = s.maxStartLateness == null ? ShardOptions.DEFAULT_MAX_START_LATENESS : s.maxStartLateness;
    Instant startAt = s.startAt != null ? s.startAt
        : Instant.now().plus(START_LEAD_BASE).plus(START_LEAD_PER_SHARD.multipliedBy(n));
    SimulatorConfig simulatorConfig = o.simulatorConfig();
    OutputLocation output = OutputLocation.check(o.outputDir);
    String stem = OutputLocation.stem(cx.clock().get());
    Path shardsDir = output.dir().resolve(stem + "_shards");
    PrintStream out = cx.out();
    SimulatedLlmServer simulator = null;
    List<Process> children = new ArrayList<>();
    try (StopSignals.Handle signals = cx.signals().install(code -> children.forEach(Process::destroy))) {
      List<String> common = childArgs();
      if (o.simulate) {
        simulator = SimulatedLlmServer.builder()
            .config(simulatorConfig).build().start();
        common.addAll(List.of("--base-url", simulator.baseUrl()));
        if (o.model == null) common.addAll(List.of("--model", simulator.model()));
        out.println("Started the simulated server at " + simulator.baseUrl() + " for the " + n + " shards");
      }
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> jvmOptions = InheritedJvmOptions.ofThisJvm(); // the launcher's lean JVM for every shard too
      for (int i = 0; i < n; i++) {
        Path dir = Files.createDirectories(shardsDir.resolve("shard-" + i));
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LlmBenchCli.class.getName()));
        command.addAll(common);
        command.addAll(List.of("--shard", i + "/" + n, "--start-at", startAt.toString(), "--output-dir",
            dir.toString(), "--shard-barrier", shardsDir.resolve("barrier").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("console.log").toFile());
        children.add(pb.start());
      }
      out.println("Started " + n + " shards, starting together at " + startAt + "; their files: " + shardsDir);
      List<Path> results = new ArrayList<>();
      ExitCode worst = ExitCode.COMPLETED;
      for (int i = 0; i < n; i++) {
        int code = waitFor(children.get(i));
        Path dir = shardsDir.resolve("shard-" + i);
        if (code != 0) {
          cx.err().println("llmbench: shard " + i + "/" + n + " exited with code " + code + "; see "
              + dir.resolve("console.log"));
          worst = ExitCode.UNREACHABLE;
        }
        try (Stream<Path> files = Files.list(dir)) {
          files.filter(f -> f.getFileName().toString().matches("benchmark_.*\\.json")).forEach(results::add);
        }
      }
      if (results.isEmpty()) {
        cx.err().println("llmbench: no shard wrote a result");
        return ExitCode.UNREACHABLE;
      }
      ExitCode merged = MergeCommand.merge(cx, results, output.dir().resolve(stem + "_merged.json"), tolerance);
      return merged != ExitCode.COMPLETED ? merged : worst;
    } catch (IOException e) {
      cx.err().println("llmbench: cannot start the shards in " + shardsDir + ": " + OutputLocation.reason(e));
      children.forEach(Process::destroy);
      return ExitCode.UNREACHABLE;
    } finally {
      if (simulator != null) simulator.close();
    }
  }

  /**
   * The options picocli matched, each value as it was written ({@code --name=value}, so a value starting with a
   * dash stays a value), without those this launcher uses itself or sets per shard.
   */
  List<String> childArgs() {
    List<String> out = new ArrayList<>();
    // A repeated option is matched once per occurrence, and holds all its values each time.
    for (OptionSpec option : new LinkedHashSet<>(parsed.matchedOptions())) {
      String name = option.names()[0];
      // With --simulate the launcher's simulator is the target, as --simulate overrides --base-url in one process.
      if (LAUNCHER_ONLY.contains(name) || (o.simulate && name.equals("--base-url"))) continue;
      if (option.arity().max() == 0) {
        out.add(name); // a switch
        continue;
      }
      for (String value : option.originalStringValues()) out.add(name + "=" + value);
    }
    return out;
  }

  private static int waitFor(Process p) {
    while (true) {
      try {
        return p.waitFor();
      } catch (InterruptedException e) {
        p.destroy();
      }
    }
  }
}
