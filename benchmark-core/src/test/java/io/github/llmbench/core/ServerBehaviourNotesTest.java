package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Step;
import io.github.llmbench.core.StepNotes;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Server behaviour that changes the figures is said, once per step, never left silent (issue 12 item 5): a stream
 * request answered with plain JSON has no time to first token; answers without {@code usage} leave the token
 * counts unknown.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerBehaviourNotesTest {
  private MockWebServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private StepResult run(boolean stream, String body, ByteArrayOutputStream console) {
    return run(stream, body, console, 4);
  }

  private StepResult run(boolean stream, String body, ByteArrayOutputStream console, int maxTokens) {
    if (server != null) server.close();
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.json(200, body)));
    // Only the server's behaviour is under test: the shared machine's own stalls must not add a client-bound note.
    Benchmark benchmark = Benchmark.builder().target(Target.of(baseUrl(server), "m")).stream(stream)
        .client(ClientSettings.DEFAULT.clientBoundThresholds(TestServers.ONLY_HUGE_CLIENT_DELAYS))
        .phases(Phase.of("P",
            Step.of("s", Load.concurrency(2), 6, RequestBuilders.chat("x".repeat(8), maxTokens)))).build();
    BenchmarkResult result = BenchmarkRunner.builder()
        .addSink(MetricSinks.console(new PrintStream(console, true, StandardCharsets.UTF_8), false)).build()
        .run(benchmark);
    return result.steps().get(0);
  }

  @Test
  void aStreamRequestAnsweredWithPlainJsonWithoutUsageIsSaidOnce() {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    StepResult step = run(true, "{\"id\":\"x\",\"choices\":[]}", console);
    assertThat(step.statistics().successful()).isEqualTo(6);
    assertThat(step.statistics().measured().stream()).isEmpty();
    assertThat(step.measurement().answersNotStreamed()).isEqualTo(6);
    assertThat(step.measurement().answersWithoutUsage()).isEqualTo(6);
    assertThat(StepNotes.of(step)).containsExactly(
        "6 of 6 answers to a stream request were not streamed: no time to first token or inter-token latency for "
            + "this step",
        "6 of 6 answers carried no usage: token counts and throughputs are unknown; their prompts estimated at "
            + "about 2 tokens each from their text (the script's fields count them as 0)");
    assertThat(StepNotes.tokensUnknown(step)).isTrue();
    String out = console.toString(StandardCharsets.UTF_8);
    assertThat(out.split("answers to a stream request were not streamed", -1)).hasSize(2); // once
    assertThat(out).contains("    note: 6 of 6 answers carried no usage");
  }

  @Test
  void plainAnswersWithUsageToAPlainRequestNeedNoNote() {
    StepResult step = run(false, TestServers.usageBody(2, 4), new ByteArrayOutputStream());
    assertThat(step.measurement().answersNotStreamed()).isZero();
    assertThat(step.measurement().answersWithoutUsage()).isZero();
    assertThat(StepNotes.of(step)).isEmpty();
    assertThat(StepNotes.tokensUnknown(step)).isFalse();
  }

  @Test
  void aServerThatServedAnotherWorkloadIsSaid() {
    // 500 output tokens asked, 128 served: the server capped the output, as a mock in issue 11 did.
    StepResult capped = run(false, TestServers.usageBody(2, 128), new ByteArrayOutputStream(), 500);
    assertThat(capped.measurement().requestShape()).hasValue(new io.github.llmbench.api.RequestShape(2, 500, 0));
    assertThat(StepNotes.of(capped)).containsExactly("asked 500 output tokens, served 128 on average: this step ran "
        + "another workload than it asked for");
    StepResult served = run(false, TestServers.usageBody(2, 500), new ByteArrayOutputStream(), 500);
    assertThat(StepNotes.of(served)).isEmpty();
  }
}
