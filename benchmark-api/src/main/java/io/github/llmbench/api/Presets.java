package io.github.llmbench.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ready-made benchmarks, built with the same public API a user has.
 *
 * <pre>{@code
 * Benchmark quick = Presets.unified(Intensity.QUICK).target(Target.of("http://localhost:8000", "my-model")).build();
 * }</pre>
 */
public final class Presets {
  /** The three public photo URLs of the unified script (they need internet access). */
  public static final List<String> SCRIPT_TEST_IMAGES = List.of(
      "https://images.unsplash.com/photo-1514888286974-6c03e2ca1dba?w=1280",
      "https://images.unsplash.com/photo-1506905925346-21bda4d32df4?w=1280",
      "https://images.unsplash.com/photo-1504674900247-0877df9cc836?w=1280");

  static final int[] SCALING_CONCURRENCIES = {5, 10, 25, 50, 75, 100};
  static final int[] SATURATION_CONCURRENCIES = {150, 200, 300, 500};

  private Presets() {}

  /** The unified progressive benchmark at this intensity, without a target yet. */
  public static Benchmark.Builder unified(Intensity intensity) {
    return unified(UnifiedOptions.of(intensity));
  }

  /**
   * The streaming variant of the unified benchmark at this intensity: the same phases, steps and status rules,
   * with streamed responses, so each step also reports time to first token, inter-token latency and time per
   * output token.
   */
  public static Benchmark.Builder unifiedStreaming(Intensity intensity) {
    return unified(UnifiedOptions.of(intensity).stream(true));
  }

  /**
   * The unified progressive benchmark: WARMUP, BASELINE, SCALING (stops on SATURATED or FAILING), STRESS and
   * SATURATION, with the script's steps, request counts, prompts and status rules.
   */
  public static Benchmark.Builder unified(UnifiedOptions options) {
    Intensity in = options.intensity();
    List<Phase> phases = new ArrayList<>();
    phases.add(Phase.of("WARMUP", Step.of("single", Load.concurrency(1), 1, text(options, 100, 50))));
    phases.add(Phase.builder("BASELINE")
        .addStep(Step.of("baseline", Load.concurrency(1), in.scale(10), text(options, 500, 100)))
        .providesBaseline()
        .build());
    Phase.Builder scaling = Phase.builder("SCALING").compareToBaseline().compareToPreviousStep()
        .stopWhen(Status.SATURATED, Status.FAILING);
    for (int c : SCALING_CONCURRENCIES) {
      scaling.addStep(Step.of("scale_" + c, Load.concurrency(c), in.scale(c * 2), text(options, 500, 200)));
    }
    phases.add(scaling.build());
    Phase.Builder stress = Phase.builder("STRESS")
        .addStep(Step.of("long_output", Load.concurrency(50), in.scale(30), text(options, 200, 500)))
        .addStep(Step.of("long_context", Load.concurrency(25), in.scale(15), text(options, 4000, 200)));
    if (options.vision()) {
      // The guide's STRESS phase lists multi-image; the script parses --vision but never uses it.
      stress.addStep(Step.of("multi_image", Load.concurrency(25), in.scale(15),
          RequestBuilders.vision(Prompts.unified(500), 200, options.images())));
    }
    phases.add(stress.build());
    if (!options.skipSaturation()) {
      Phase.Builder saturation = Phase.builder("SATURATION").compareToPreviousStep();
      for (int c : SATURATION_CONCURRENCIES) {
        saturation.addStep(Step.of("extreme_" + c, Load.concurrency(c), in.scale(c), text(options, 500, 100)));
      }
      phases.add(saturation.build());
    }
    return Benchmark.builder()
        .name("unified")
        .phases(phases)
        .statusPolicy(StatusPolicy.unified())
        .stream(options.stream())
        .setting("preset", "unified")
        .setting("intensity", in.name().toLowerCase(Locale.ROOT))
        .setting("vision", String.valueOf(options.vision()))
        .setting("completions", String.valueOf(options.completions()))
        .setting("skip_saturation", String.valueOf(options.skipSaturation()))
        .setting("stream", String.valueOf(options.stream()));
  }



  private static RequestBuilder text(UnifiedOptions options, int inputTokens, int outputTokens) {
    String prompt = Prompts.unified(inputTokens);
    return options.completions()
        ? RequestBuilders.completions(prompt, outputTokens)
        : RequestBuilders.chat(prompt, outputTokens);
  }
}
