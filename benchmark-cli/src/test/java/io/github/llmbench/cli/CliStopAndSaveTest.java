package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Result files under stress, with the real CLI in-process against a fast simulator: two runs in the same second
 * in one directory, a save that fails during the run (the directory replaced by a file between steps), and stop
 * signals.
 */
@Timeout(60)
class CliStopAndSaveTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private Path dir;
  private SimulatedLlmServer server;

  @BeforeEach
  void start() throws IOException {
    dir = Files.createDirectory(tmp.resolve("results"));
    server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String[] custom(String concurrency) {
    return new String[] {"--base-url", server.baseUrl(), "--model", server.model(), "--concurrency", concurrency,
        "--num-prompts", "20", "--output-len", "8", "--output-dir", dir.toString()};
  }

  @Test
  void twoRunsInTheSameSecondGetTheirOwnFilesOfWholeLines() throws Exception {
    CountDownLatch ready = new CountDownLatch(2);
    // Both runs see the same clock second and start together.
    CompletableFuture<CliRunner.Run> a = CompletableFuture.supplyAsync(() -> {
      ready.countDown();
      await(ready);
      return CliRunner.run(custom("2,4"));
    });
    CompletableFuture<CliRunner.Run> b = CompletableFuture.supplyAsync(() -> {
      ready.countDown();
      await(ready);
      return CliRunner.run(custom("3,5"));
    });
    CliRunner.Run runA = a.get();
    CliRunner.Run runB = b.get();
    assertThat(runA.exitCode()).as(runA.err()).isZero();
    assertThat(runB.exitCode()).as(runB.err()).isZero();

    String first = CliRunner.BASE;
    String second = CliRunner.BASE + "_2";
    assertThat(dir.resolve(first + ".json")).isRegularFile();
    assertThat(dir.resolve(second + ".json")).isRegularFile();
    Set<String> stepsSeen = new java.util.HashSet<>();
    for (String base : List.of(first, second)) {
      JsonNode results = JSON.readTree(dir.resolve(base + ".json").toFile()).get("results");
      assertThat(results).hasSize(2);
      List<String> names = new java.util.ArrayList<>();
      results.forEach(r -> names.add(r.get("test_name").asText()));
      stepsSeen.addAll(names);
      List<String> lines = Files.readAllLines(dir.resolve(base + "_requests.jsonl"));
      assertThat(lines).hasSize(40);
      for (String line : lines) {
        JsonNode request = JSON.readTree(line); // each line whole and valid
        assertThat(names).as("a line of the other run in " + base).contains(request.get("step").asText());
      }
    }
    assertThat(stepsSeen).containsExactlyInAnyOrder("c2", "c4", "c3", "c5");

    // A third run in that second, after the others: the next suffix.
    CliRunner.Run third = CliRunner.run(custom("1"));
    assertThat(third.exitCode()).isZero();
    assertThat(third.out()).contains("Results saved to " + dir.resolve(CliRunner.BASE + "_3.json"));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Replaces the results directory by a file after {@code breakAfter} and puts it back after {@code fixAfter}. */
  private final class BreakTheDirectory implements MetricSink {
    private final String breakAfter;
    private final String fixAfter;
    private final CliRunner cli;
    final List<String> errAtStepStart = new CopyOnWriteArrayList<>();
    private final Path aside = tmp.resolve("aside");

    BreakTheDirectory(CliRunner cli, String breakAfter, String fixAfter) {
      this.cli = cli;
      this.breakAfter = breakAfter;
      this.fixAfter = fixAfter;
    }

    @Override
    public void onStepStarted(MetricSink.StepInfo step) {
      errAtStepStart.add(step.step() + ": " + cli.errSoFar());
    }

    @Override
    public void onStepCompleted(StepResult step) {
      try {
        if (step.testName().equals(breakAfter)) {
          Files.move(dir, aside);
          Files.writeString(dir, "not a directory");
        } else if (step.testName().equals(fixAfter)) {
          Files.delete(dir);
          Files.move(aside, dir);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void aFailedSaveIsSaidAtOnceAndRetriedAtTheNextStep() throws Exception {
    CliRunner cli = new CliRunner();
    BreakTheDirectory breaker = new BreakTheDirectory(cli, "c1", "c2");
    CliRunner.Run run = cli.sink(breaker).go(custom("1,2,3"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    Path json = dir.resolve(CliRunner.BASE + ".json");
    // Said before the next step started, not at the end.
    assertThat(breaker.errAtStepStart).anySatisfy(line -> assertThat(line)
        .startsWith("c2: llmbench: cannot save " + json + " after 1 steps: ")
        .contains("the results are kept in memory and the save is retried after the next step"));
    assertThat(run.err()).contains("llmbench: saved " + json + " again (2 steps)");
    assertThat(JSON.readTree(json.toFile()).get("results")).hasSize(3);
  }

  @Test
  void aSaveThatNeverRecoversExitsFourAndSaysSo() throws Exception {
    CliRunner cli = new CliRunner();
    CliRunner.Run run = cli.sink(new BreakTheDirectory(cli, "c1", "none")).go(custom("1,2"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.INCOMPLETE_ON_DISK.code());
    assertThat(run.err()).contains("llmbench: cannot write the results into " + dir)
        .contains("llmbench: the results on disk are incomplete (2 steps ran)");
    Path json = dir.resolve(CliRunner.BASE + ".json");
    assertThat(run.err()).contains("llmbench: cannot save " + json + " after 1 steps: ")
        .contains("llmbench: cannot save " + json + " after 2 steps: ");
    // The requests file was open before the directory moved: all its lines are there, whole.
    Path aside = tmp.resolve("aside");
    assertThat(aside.resolve(CliRunner.BASE + ".json")).doesNotExist();
    List<String> lines = Files.readAllLines(aside.resolve(CliRunner.BASE + "_requests.jsonl"));
    assertThat(lines).hasSize(40);
    for (String line : lines) JSON.readTree(line);
  }

  @Test
  void aTargetThatGoesAwayMidRunExitsOneAndKeepsTheFinishedSteps() throws Exception {
    String baseUrl = server.baseUrl();
    CliRunner cli = new CliRunner().sink(new MetricSink() {
      @Override
      public void onStepCompleted(StepResult step) {
        if (step.testName().equals("c1")) server.close(); // nothing listens any more: every request is refused
      }
    });
    CliRunner.Run run = cli.go(custom("1,2,3"));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.UNREACHABLE.code());
    assertThat(run.err()).contains("llmbench: run ended early: target unreachable: " + baseUrl);
    JsonNode results = JSON.readTree(dir.resolve(CliRunner.BASE + ".json").toFile()).get("results");
    assertThat(results.get(0).get("test_name").asText()).isEqualTo("c1");
    assertThat(results.get(0).get("successful").asInt()).isEqualTo(20);
  }

  @Test
  void sigintAndSigtermStopTheRunKeepTheFinishedStepsAndExitWithTheirCodes() throws Exception {
    for (ExitCode signal : List.of(ExitCode.SIGINT, ExitCode.SIGTERM)) {
      Path out = Files.createDirectory(tmp.resolve(signal.name()));
      CliRunner cli = new CliRunner();
      cli.sink(new MetricSink() {
        @Override
        public void onStepCompleted(StepResult step) {
          if (step.testName().equals("c1")) {
            // From another thread, as the JVM's signal dispatcher does.
            CompletableFuture.runAsync(() -> cli.signals().send(signal)).join();
          }
        }
      });
      CliRunner.Run run = cli.go("--base-url", server.baseUrl(), "--model", server.model(), "--concurrency",
          "1,2,4,8", "--num-prompts", "40", "--output-len", "8", "--output-dir", out.toString());

      assertThat(run.exitCode()).as(run.err()).isEqualTo(signal.code());
      assertThat(run.err()).contains("stopped by " + signal.name());
      JsonNode results = JSON.readTree(out.resolve(CliRunner.BASE + ".json").toFile()).get("results");
      assertThat(results.size()).isBetween(1, 2);
      assertThat(results.get(0).get("test_name").asText()).isEqualTo("c1");
      assertThat(results.get(0).get("successful").asInt()).isEqualTo(40);
      assertThat(cli.signals().listening()).as("the handler is removed after the run").isFalse();
      try (Stream<Path> files = Files.list(out)) {
        assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
            .noneMatch(name -> name.endsWith(".tmp"));
      }
    }
  }
}
