package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-in-one jar as a user runs it, {@code java -jar target/llmbench.jar ...} in its own process: catches what
 * in-process tests cannot, such as a dependency missing from the shaded jar or a wrong exit code from {@code main}.
 */
class CliJarIT {
  private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
  private static final Path JAR = MODULE.resolve("target/llmbench.jar");

  @TempDir Path dir;

  record Result(int exitCode, String out, String err) {}

  private Result java(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    process.getOutputStream().close();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("llmbench.jar did not end within 5 minutes");
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void helpAndBadUsage() throws Exception {
    assertThat(JAR).as("built by the package phase").isRegularFile();
    Result help = java("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--simulate", "--api-key-env", "Exit codes");
    Result bad = java("--model", "m", "--bogus");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("llmbench: unknown option: --bogus (see --help)");
  }

  @Test
  void unreachableTargetExitsOneWithOneLine() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Result r = java("--model", "m", "--base-url", "http://127.0.0.1:" + port, "--quick");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("llmbench: ").contains("http://127.0.0.1:" + port).doesNotContain("\n");
  }

  @Test
  void simulatedRunWritesItsFilesAndReportReRendersThem() throws Exception {
    Result run = java("--simulate", "--quick", "--skip-saturation", "--output-dir", "out");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Phase 1: WARMUP", "Phase 4: STRESS", "Results saved to out/benchmark_")
        .doesNotContain("Phase 5");
    Path json;
    try (var files = Files.list(dir.resolve("out"))) {
      json = files.filter(p -> p.getFileName().toString().matches("benchmark_\\d{8}_\\d{6}\\.json")).findFirst()
          .orElseThrow();
    }
    Path markdown = json.resolveSibling(json.getFileName().toString().replace(".json", ".md"));
    Files.delete(markdown);
    Result report = java("report", json.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(Files.readString(markdown)).contains("Capacity answers", "scale_100");
  }
}
