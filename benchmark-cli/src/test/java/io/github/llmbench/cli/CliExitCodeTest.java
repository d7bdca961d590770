package io.github.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliExitCodeTest {
  @TempDir Path dir;

  @Test
  void helpDocumentsEveryFlagAndExitsZero() {
    CliRunner.Run run = CliRunner.run(Map.of(), "--help");
    assertThat(run.exitCode()).isZero();
    for (String flag : new String[] {"--base-url", "--model", "--vision", "--quick", "--thorough", "--skip-saturation",
        "--completions", "--output-dir", "--api-key-env", "--simulate", "--stream", "--image"}) {
      assertThat(run.out()).contains(flag);
    }
  }

  @Test
  void badUsageExitsTwoWithOneLine() {
    CliRunner.Run run = CliRunner.run(Map.of(), "--model", "m", "--concurrency", "5");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("llmbench: unknown option: --concurrency (see --help)" + System.lineSeparator());
    assertThat(run.out()).isEmpty();
  }

  @Test
  void missingModelIsBadUsage() {
    CliRunner.Run run = CliRunner.run(Map.of(), "--quick");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("llmbench: --model is required");
  }

  @Test
  void badBaseUrlIsBadUsageNamingTheValue() {
    CliRunner.Run run = CliRunner.run(Map.of(), "--model", "m", "--base-url", "localhost:8000",
        "--output-dir", dir.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("baseUrl (\"localhost:8000\")").doesNotContain("Exception");
  }

  @Test
  void unsetApiKeyVariableIsBadUsage() {
    CliRunner.Run run = CliRunner.run(Map.of(), "--model", "m", "--api-key-env", "NO_SUCH_VAR");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("NO_SUCH_VAR is not set");
  }

  @Test
  void unreachableTargetExitsOneNamingTheUrlWithoutAStackTrace() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    String url = "http://127.0.0.1:" + port;
    CliRunner.Run run = CliRunner.run(Map.of(), "--model", "m", "--base-url", url, "--quick",
        "--output-dir", dir.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(url).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void reportOfAMissingFileIsBadUsage() {
    CliRunner.Run run = CliRunner.run(Map.of(), "report", dir.resolve("nope.json").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no such file");
    assertThat(Files.exists(dir.resolve("nope.md"))).isFalse();
  }
}
