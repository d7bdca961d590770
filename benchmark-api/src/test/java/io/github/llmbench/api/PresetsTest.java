package io.github.llmbench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresetsTest {
  private static final Target TARGET = Target.of("http://localhost:8000", "m");

  @Test
  void quickPresetHasTheScriptsStepsAndCounts() {
    Benchmark b = Presets.unified(Intensity.QUICK).target(TARGET).build();
    assertThat(b.phases()).extracting(Phase::name)
        .containsExactly("WARMUP", "BASELINE", "SCALING", "STRESS", "SATURATION");
    assertThat(b.steps()).extracting(Step::name, Step::concurrency, Step::numRequests).containsExactly(
        tuple("single", 1, 1), tuple("baseline", 1, 5),
        tuple("scale_5", 5, 5), tuple("scale_10", 10, 10), tuple("scale_25", 25, 25), tuple("scale_50", 50, 50),
        tuple("scale_75", 75, 75), tuple("scale_100", 100, 100),
        tuple("long_output", 50, 15), tuple("long_context", 25, 7),
        tuple("extreme_150", 150, 75), tuple("extreme_200", 200, 100), tuple("extreme_300", 300, 150),
        tuple("extreme_500", 500, 250));
  }

  @Test
  void standardAndThoroughScaleRequestCountsButNotWarmup() {
    Benchmark std = Presets.unified(Intensity.STANDARD).target(TARGET).build();
    assertThat(std.steps()).extracting(Step::numRequests)
        .containsExactly(1, 10, 10, 20, 50, 100, 150, 200, 30, 15, 150, 200, 300, 500);
    Benchmark thorough = Presets.unified(Intensity.THOROUGH).target(TARGET).build();
    assertThat(thorough.steps()).extracting(Step::numRequests)
        .containsExactly(1, 30, 30, 60, 150, 300, 450, 600, 90, 45, 450, 600, 900, 1500);
  }

  @Test
  void phaseRulesMatchTheScript() {
    Map<String, Phase> phases = new java.util.HashMap<>();
    Presets.unified(Intensity.QUICK).target(TARGET).build().phases().forEach(p -> phases.put(p.name(), p));
    assertThat(phases.get("BASELINE").providesBaseline()).isTrue();
    assertThat(phases.get("SCALING").comparesToBaseline()).isTrue();
    assertThat(phases.get("SCALING").comparesToPreviousStep()).isTrue();
    assertThat(phases.get("SCALING").stopStatuses()).containsExactlyInAnyOrder(Status.SATURATED, Status.FAILING);
    assertThat(phases.get("SATURATION").comparesToBaseline()).isFalse();
    assertThat(phases.get("SATURATION").comparesToPreviousStep()).isTrue();
    assertThat(phases.get("SATURATION").stopStatuses()).isEmpty();
    for (String name : List.of("WARMUP", "STRESS")) {
      Phase p = phases.get(name);
      assertThat(p.comparesToBaseline() || p.comparesToPreviousStep() || !p.stopStatuses().isEmpty()).isFalse();
    }
  }

  @Test
  void requestsCarryTheScriptsPromptsAndMaxTokens() {
    Benchmark b = Presets.unified(Intensity.STANDARD).target(TARGET).build();
    Map<String, Object> body = b.steps().get(13).request()
        .build(new RequestBuilder.Context("m", "SATURATION", "extreme_500", 0, false)).body();
    assertThat(body.keySet()).containsExactly("model", "messages", "max_tokens");
    assertThat(body.get("max_tokens")).isEqualTo(100);
    @SuppressWarnings("unchecked")
    Map<String, Object> message = ((List<Map<String, Object>>) body.get("messages")).get(0);
    assertThat(message).containsEntry("role", "user").containsEntry("content", "Explain in detail: ".repeat(125));
    ChatRequestBuilder longContext = (ChatRequestBuilder) b.steps().get(9).request();
    assertThat(longContext.prompt()).hasSize(19 * 1000).endsWith("detail: ");
    assertThat(longContext.maxTokens()).isEqualTo(200);
    ChatRequestBuilder warmup = (ChatRequestBuilder) b.steps().get(0).request();
    assertThat(warmup.prompt()).isEqualTo("Explain in detail: ".repeat(25));
    assertThat(warmup.maxTokens()).isEqualTo(50);
  }

  @Test
  void optionsChangeWhatTheyPromise() {
    UnifiedOptions options = UnifiedOptions.of(Intensity.QUICK);
    Benchmark completions = Presets.unified(options.completions(true)).target(TARGET).build();
    assertThat(completions.steps()).allSatisfy(s -> assertThat(s.request()).isInstanceOf(CompletionsRequestBuilder.class));
    Benchmark skip = Presets.unified(options.skipSaturation(true)).target(TARGET).build();
    assertThat(skip.phases()).extracting(Phase::name).doesNotContain("SATURATION").hasSize(4);
    Benchmark vision = Presets.unified(options.vision(true)).target(TARGET).build();
    Step multiImage = vision.steps().stream().filter(s -> s.name().equals("multi_image")).findFirst().orElseThrow();
    assertThat(multiImage.testType()).isEqualTo(TestType.VISION);
    assertThat(vision.steps()).filteredOn(s -> !s.name().equals("multi_image"))
        .allSatisfy(s -> assertThat(s.testType()).isEqualTo(TestType.TEXT));
    assertThat(Presets.unified(options.stream(true)).target(TARGET).build().stream()).isTrue();
    assertThat(Presets.unified(options).target(TARGET).build().settings())
        .containsEntry("intensity", "quick").containsEntry("vision", "false");
  }
}
