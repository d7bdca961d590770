package io.github.llmbench.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A compile test in the manner of Gatling's {@code CoreJavaCompileTest}: it calls every public builder and factory
 * method of the API from Java, so that a signature break fails the build, and checks that each call took effect.
 */
class PublicApiCompileTest {
  private static final Path NO_FILE = Path.of("does-not-exist.png");

  @Test
  void everyBuilderMethodIsCallableAndTakesEffect() {
    ChatRequestBuilder chat = RequestBuilders.chat().prompt("p").maxTokens(8).model("other")
        .addImage(ImageSource.url("https://example.com/a.png")).images(List.of(ImageSource.generated(4, 4, 1)))
        .extraBody(Map.of("ignore_eos", true));
    assertThat(chat.prompt()).isEqualTo("p");
    assertThat(chat.maxTokens()).isEqualTo(8);
    assertThat(chat.images()).hasSize(1);
    CompletionsRequestBuilder completions = RequestBuilders.completions().prompt("q").maxTokens(4).model("m2")
        .extraBody(Map.of("top_k", 1));
    assertThat(completions.prompt()).isEqualTo("q");
    assertThat(RequestBuilders.completions("q", 4).maxTokens()).isEqualTo(4);
    assertThat(RequestBuilders.vision("v", 4, List.of(ImageSource.generated(2, 2, 3))).testType())
        .isEqualTo(TestType.VISION);
    assertThat(ImageSource.url("https://example.com/b.png").url()).startsWith("https://");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageSource.file(NO_FILE))
        .hasMessageContaining("does-not-exist.png");

    Target target = Target.builder().baseUrl("http://127.0.0.1:9").model("m").apiKey("sk-x")
        .requestTimeout(Duration.ofSeconds(7)).build();
    assertThat(target.toBuilder().build()).isEqualTo(target);
    assertThat(Target.of("http://127.0.0.1:9", "m").requestTimeout()).isEqualTo(Target.DEFAULT_REQUEST_TIMEOUT);

    Slo slo = Slo.builder().ttft(Duration.ofMillis(500)).tpot(Duration.ofMillis(50)).e2e(Duration.ofSeconds(5))
        .build();
    assertThat(slo.describe()).contains("ttft", "tpot", "e2e");

    Step closed = Step.of("c", Load.concurrency(4), 8, chat).trim(Trim.requests(1, 1));
    Step open = Step.of("r", Load.rate(5.0).poisson(7).maxConcurrency(3), 10, completions).trim(Trim.share(0.1, 0.1));
    assertThat(closed.load()).isEqualTo(new Load.ClosedLoop(4));
    assertThat(open.openLoop()).isNotNull();
    assertThat(open.openLoop().arrival()).isEqualTo(Load.Arrival.POISSON);
    assertThat(open.concurrency()).isEqualTo(3);

    Phase phase = Phase.builder("P").addStep(closed).steps(List.of(closed, open)).providesBaseline()
        .compareToBaseline().compareToPreviousStep().stopWhen(Status.FAILING).build();
    assertThat(phase.toBuilder().build()).isEqualTo(phase);
    assertThat(Phase.of("Q", Step.of("q", Load.concurrency(1), 1, chat)).steps()).hasSize(1);

    ClientSettings.ClientBoundThresholds thresholds = new ClientSettings.ClientBoundThresholds(Duration.ofMillis(2),
        0.02);
    assertThat(thresholds.minShare()).isEqualTo(0.02);
    ClientSettings client = ClientSettings.DEFAULT.connectionMode(ClientSettings.ConnectionMode.NEW_PER_REQUEST)
        .responseLimits(new ClientSettings.ResponseLimits(1 << 20, 1 << 10)).preflight(true).preflightRequest(true)
        .clientBoundThresholds(thresholds);
    assertThat(client.preflightRequest()).isTrue();

    Benchmark benchmark = Benchmark.builder().name("api").target(target).target("http://127.0.0.1:9", "m")
        .phases(phase).phases(List.of(phase)).addPhase(Phase.of("extra", Step.of("e", Load.concurrency(1), 1, chat)))
        .removePhase("extra").statusPolicy(StatusPolicy.unified().minSuccessRate(0.9).latencyFactor(3)
            .throughputGrowth(1.1))
        .stream(true).slo(slo).client(client).connectionMode(ClientSettings.ConnectionMode.WARM)
        .responseLimits(ClientSettings.ResponseLimits.DEFAULT).preflight(true).preflightRequest(false)
        .serverMetrics(ServerMetrics.Settings.at("http://127.0.0.1:9/metrics")).setting("k", "v").build();
    assertThat(benchmark.phases()).hasSize(1);
    assertThat(benchmark.client().connectionMode()).isEqualTo(ClientSettings.ConnectionMode.WARM);
    assertThat(benchmark.client().preflightRequest()).isFalse();
    assertThat(benchmark.serverMetrics().urlFor("x")).isEqualTo("http://127.0.0.1:9/metrics");
    assertThat(benchmark.settings()).containsEntry("k", "v");
    assertThat(benchmark.toBuilder().build()).isEqualTo(benchmark);
    assertThat(benchmark.maxConcurrency()).isEqualTo(4);

    UnifiedOptions options = UnifiedOptions.of(Intensity.QUICK).intensity(Intensity.THOROUGH).vision(true)
        .completions(false).skipSaturation(true).stream(true).images(UnifiedOptions.defaultImages());
    assertThat(Presets.unified(options).target(target).build().phases()).extracting(Phase::name)
        .containsExactly("WARMUP", "BASELINE", "SCALING", "STRESS");
    assertThat(Presets.unified(Intensity.QUICK).target(target).build().steps()).hasSize(14);
    assertThat(Presets.unifiedStreaming(Intensity.STANDARD).target(target).build().stream()).isTrue();
    assertThat(Intensity.QUICK.scale(10)).isEqualTo(5);

    CapacitySearch search = CapacitySearch.concurrency().targetAttainment(0.9).confidenceLevel(0.99).start(2).max(64)
        .precision(0.1).minProbeRequests(50).requestsPerWorker(4).probeDuration(Duration.ofSeconds(5)).maxRepeats(1)
        .maxProbes(12).maxRequests(9_000).maxDuration(Duration.ofMinutes(2)).cliffDrop(0.3).seed(3).build();
    assertThat(search.minProbeRequests()).isEqualTo(50);
    assertThat(CapacitySearch.rate().build().axis()).isEqualTo(CapacitySearch.Axis.RATE);
    StepPlanner fixed = new StepPlanner() {
      @Override public Step first() { return closed; }
      @Override public java.util.Optional<Step> next(List<StepResult> finished) { return java.util.Optional.empty(); }
      @Override public int maxConcurrency() { return 9; }
      @Override public int maxSteps() { return 1; }
    };
    Benchmark planned = Benchmark.builder().target(target).phases(Phase.builder("A").planner(fixed).build()).build();
    assertThat(planned.maxConcurrency()).isEqualTo(9);
    assertThat(planned.steps()).containsExactly(closed);
  }
}
