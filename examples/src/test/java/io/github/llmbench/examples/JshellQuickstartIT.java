package io.github.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@code jshell --class-path benchmark-cli/target/llmbench.jar examples/jshell/quickstart.jsh} non-interactively,
 * the way docs/api.md tells a user to, and checks the summary table it prints. An integration test (maven-failsafe,
 * after {@code package}) because it needs the all-in-one jar of the CLI module.
 */
class JshellQuickstartIT {
  private static final Path MODULE = Path.of(System.getProperty("basedir", "."));

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES) // the quickstart benchmarks the in-process simulator over loopback
  void quickstartScriptPrintsASummaryTableOfItsThreeSteps() throws IOException, InterruptedException {
    // The CLI module's all-in-one jar (failsafe passes its path; the same default when run by hand).
    Path jar = Path.of(System.getProperty("llmbench.jar",
        MODULE.resolve("../benchmark-cli/target/llmbench.jar").toString()));
    Path script = MODULE.resolve("jshell/quickstart.jsh");
    assertThat(jar).as("built by the package phase").isRegularFile();
    Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
    assumeTrue(Files.isExecutable(jshell), "no jshell in " + jshell.getParent() + " (a JRE, not a JDK)");

    Process process = new ProcessBuilder(jshell.toString(), "--class-path", jar.toString(), script.toString())
        .redirectErrorStream(true)
        .start();
    process.getOutputStream().close(); // no input, like </dev/null: nothing may wait for a keyboard
    byte[] bytes;
    try (var in = process.getInputStream()) {
      bytes = in.readAllBytes(); // jshell ends itself with /exit; the read ends when it does
    }
    boolean ended = process.waitFor(3, TimeUnit.MINUTES);
    if (!ended) process.destroyForcibly();
    String out = new String(bytes, StandardCharsets.UTF_8);

    assertThat(ended).as("jshell ended").isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    List<String> lines = out.lines().toList();
    assertThat(lines).as(out).noneMatch(l -> l.matches("^(\\|  )?(Error:|Exception ).*"));
    assertThat(lines).as(out).anyMatch(l -> l.matches("step +conc +ok +status +p50 s +p99 s +wall tok/s"));
    for (String[] step : new String[][] {{"c1", "1"}, {"c4", "4"}, {"c16", "16"}}) {
      String row = step[0] + " +" + step[1]
          + " +(\\d+)/\\1 +(OK|DEGRADED|SATURATED) +\\d+\\.\\d{3} +\\d+\\.\\d{3} +\\d+\\.\\d";
      assertThat(lines).as("a healthy row for %s in%n%s", step[0], out).anyMatch(l -> l.matches(row));
    }
    assertThat(lines).as(out).contains("Run complete.");
  }
}
