package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Target;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client checks itself, and marks a step only when its own delays could have moved a figure the step reports.
 * Here the one event loop is held up for real: a request builder that sleeps when the loop has to build a request
 * itself (the preparing thread having fallen behind) keeps it from reading the other worker's answers, whose
 * latencies then include the wait. The same step without the sleep, whose requests take a second, is not marked.
 *
 * <p>The machine's own load can stall this JVM for real (a loaded 2-core host easily does for 10-50 ms), and the
 * self-check is right to charge such a stall to the request it held; so the unmarked step is judged with thresholds
 * that only a regression can exceed (a step's own waiting counted as the client's charges all of it), not the 1 %
 * default, which a noisy host can exceed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientBoundTest {
  private MockWebServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  /** Half the figure: a charge of a whole second's hold reads 100 %, a host's stall of tens of ms a few %. */
  private static final ClientSettings.ClientBoundThresholds ONLY_A_REGRESSION = new ClientSettings.ClientBoundThresholds(Duration.ofMillis(1), 0.5);

  private StepResult run(RequestBuilder request, long holdMillis, int n,
      ClientSettings.ClientBoundThresholds thresholds) {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.okAfter(3, 4, holdMillis)));
    Benchmark benchmark = Benchmark.builder().target(Target.of(baseUrl(server), "m"))
        .client(ClientSettings.DEFAULT.eventLoops(1).clientBoundThresholds(thresholds))
        .phases(Phase.of("P", Step.of("s", Load.concurrency(2), n, request))).build();
    BenchmarkResult result = BenchmarkRunner.builder().build().run(benchmark);
    assertThat(result.steps()).hasSize(1);
    return result.steps().get(0);
  }

  @Test
  void aStalledEventLoopMarksItsStepClientBoundAndSaysByHowMuch() {
    RequestBuilder chat = RequestBuilders.chat("x", 4);
    RequestBuilder stalling = ctx -> {
      if (ctx.requestIndex() >= 20) {
        try {
          // Slower than the step's requests: the preparing thread falls behind, and the event loop, building the
          // next request itself, holds up every read behind it.
          Thread.sleep(150);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return chat.build(ctx);
    };
    // Default thresholds: the machine's noise can only add to the loop's 150 ms stalls, never hide them.
    StepResult step = run(stalling, 20, 40, ClientSettings.ClientBoundThresholds.ofDefaults());
    assertThat(step.statistics().successful()).as(step.statistics().measured().failures().toString()).isEqualTo(40);
    ClientHealth health = step.measurement().clientHealth().orElseThrow();
    assertThat(step.measurement().clientBound()).isTrue();
    assertThat(health.bounds()).anySatisfy(b -> {
      assertThat(b.figure()).isEqualTo(ClientHealth.Figure.SLOWEST_LATENCY);
      assertThat(b.boundMillis()).isGreaterThan(50);
    });
    assertThat(health.reasons()).anySatisfy(r -> assertThat(r).matches(".* could be [0-9.]+ ms \\([0-9.]+ %\\) too high"));
    assertThat(step.verdict().reason()).contains("client-bound:");
    assertThat(io.github.llmbench.core.internal.ConsoleSink.stepLine(step)).contains("client-bound");
  }

  @Test
  void aStepWhoseFiguresNoDelayOfTheClientsCouldMoveIsNotMarked() {
    StepResult step = run(RequestBuilders.chat("x", 4), 1000, 4, ONLY_A_REGRESSION);
    ClientHealth health = step.measurement().clientHealth().orElseThrow();
    assertThat(health.sendLag().samples()).isEqualTo(4);
    assertThat(health.bounds()).extracting(ClientHealth.FigureBound::figure)
        .contains(ClientHealth.Figure.LATENCY_P50, ClientHealth.Figure.LATENCY_P99,
            ClientHealth.Figure.WALL_CLOCK_SPAN);
    assertThat(step.measurement().clientBound()).as(health.reasons().toString()).isFalse();
    assertThat(health.reasons()).isEmpty();
    assertThat(step.verdict().reason()).doesNotContain("client-bound");
  }
}
