package io.github.llmbench.cli;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.ChatRequestBuilder;
import io.github.llmbench.api.ImageSource;
import io.github.llmbench.api.LengthDistribution;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.MaxTokensField;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.Prompts;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A custom run from the command line, built with the public API: one phase, {@code CUSTOM}, with a closed-loop
 * step per {@code --concurrency} value ({@code c1}, {@code c8}, ...) or an open-loop step per
 * {@code --request-rate} value ({@code rate_5}, ...; Poisson arrivals from {@code --seed}, as vLLM's
 * {@code bench serve}). The API has no step that ends after a time, so {@code --duration} is a request count:
 * {@code ceil(rate x duration)} for an open loop, and refused for a closed loop, whose length depends on the server.
 */
final class CustomRun {
  static final int DEFAULT_INPUT_LEN = 500;
  static final int DEFAULT_OUTPUT_LEN = 200;
  static final int DEFAULT_REQUESTS_PER_WORKER = 10;
  static final double DEFAULT_OPEN_LOOP_SEC = 30;
  static final String PHASE = "CUSTOM";

  private CustomRun() {}

  /** The benchmark, without its target. */
  static Benchmark.Builder benchmark(RunOptions o, List<ImageSource> images) throws UsageException {
    if (o.concurrency != null && o.requestRate != null) {
      throw new UsageException("--concurrency (" + o.concurrency + ") and --request-rate (" + o.requestRate
          + ") cannot be combined: a custom run is closed-loop or open-loop; use --max-concurrency to cap an open loop");
    }
    o.refuseUnifiedFlags("a custom run (--concurrency/--request-rate); use --num-prompts or --duration");
    if (o.numPrompts != null && o.duration != null) {
      throw new UsageException("--num-prompts (" + o.numPrompts + ") and --duration (" + Flags.seconds(o.duration)
          + ") cannot be combined: give the request count or the duration of each step");
    }
    Integer numPrompts = o.numPrompts;
    Benchmark.Builder benchmark = Benchmark.builder().name("custom").setting("preset", "custom");
    PromptFlags.Prompts custom = request(o, images);
    RequestBuilder request = custom.request();
    custom.settings().forEach(benchmark::setting);
    // A dataset's step sends the file once, unless told otherwise.
    if (custom.datasetSize() > 0 && numPrompts == null && o.duration == null) numPrompts = custom.datasetSize();
    Phase.Builder phase = Phase.builder(PHASE);
    benchmark.setting("completions", String.valueOf(o.completions)).setting("vision", String.valueOf(o.vision))
        .setting("stream", String.valueOf(o.stream)).stream(o.stream);
    if (o.concurrency != null) {
      if (o.duration != null) {
        throw UsageException.of("--duration", Flags.seconds(o.duration),
            "applies to --request-rate steps only: a closed-loop "
            + "step is a request count (use --num-prompts)");
      }
      if (o.maxConcurrency != null) {
        throw UsageException.of("--max-concurrency", o.maxConcurrency, "caps an open loop (--request-rate); a "
            + "closed loop's concurrency is --concurrency itself");
      }
      if (o.seed != null) throw UsageException.of("--seed", o.seed, "seeds Poisson arrivals: it needs --request-rate");
      List<Integer> levels = o.concurrency.values();
      for (int c : levels) {
        int n = numPrompts != null ? numPrompts
            : (int) Math.min(Integer.MAX_VALUE, (long) c * DEFAULT_REQUESTS_PER_WORKER);
        phase.addStep(Step.of("c" + c, Load.concurrency(c), n, request));
      }
      benchmark.setting("concurrency", o.concurrency.toString());
    } else {
      Flags.Levels<Double> rates = o.requestRate; // isCustom(): one of the two is given
      long seed = o.seed == null ? 0 : o.seed;
      Integer ceiling = o.maxConcurrency;
      Duration duration = o.duration;
      List<Double> levels = rates.values();
      for (double rate : levels) {
        double sec = duration == null ? DEFAULT_OPEN_LOOP_SEC : duration.toNanos() / 1e9;
        long count = numPrompts != null ? numPrompts : Math.max(1, (long) Math.ceil(rate * sec));
        if (count > Integer.MAX_VALUE) throw UsageException.of("--duration", Flags.seconds(duration),
            "asks for too many requests");
        io.github.llmbench.api.Load.OpenLoop schedule = Load.rate(rate).poisson(seed);
        phase.addStep(Step.of("rate_" + Flags.format(rate),
            ceiling == null ? schedule : schedule.maxConcurrency(ceiling),
            (int) count, request));
      }
      benchmark.setting("request_rate", rates.toString()).setting("arrival", "poisson").setting("seed",
          String.valueOf(seed));
      if (ceiling != null) benchmark.setting("max_concurrency", String.valueOf(ceiling));
    }
    if (numPrompts != null) benchmark.setting("num_prompts", String.valueOf(numPrompts));
    if (o.duration != null) benchmark.setting("duration_sec", Flags.seconds(o.duration));
    return benchmark.addPhase(phase.build());
  }

  /**
   * The unified script's phrase repeated and cut to {@code 4 x tokens} characters: about {@code tokens} tokens at
   * the usual 4 characters a token (exactly that many for the simulator, which counts that way).
   */
  static String prompt(int tokens) {
    int chars = tokens * 4;
    String phrase = Prompts.UNIFIED_PHRASE;
    return phrase.repeat(chars / phrase.length() + 1).substring(0, chars);
  }

  /**
   * The request the prompt flags describe: a dataset, drawn lengths, a tokenizer or shared prefixes (see
   * {@link PromptFlags}), else the script's phrase at --input-len with --output-len.
   */
  static PromptFlags.Prompts request(RunOptions o, List<ImageSource> images) throws UsageException {
    if (PromptFlags.used(o)) {
      return PromptFlags.build(o, DEFAULT_INPUT_LEN, DEFAULT_OUTPUT_LEN);
    }
    PromptFlags.checkPlain(o);
    // Not PromptFlags.used: each length is one fixed number.
    int inputLen = o.inputLen == null ? DEFAULT_INPUT_LEN : ((LengthDistribution.Fixed) o.inputLen).tokens();
    int outputLen = o.outputLen == null ? DEFAULT_OUTPUT_LEN : ((LengthDistribution.Fixed) o.outputLen).tokens();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("input_len", String.valueOf(inputLen));
    settings.put("output_len", String.valueOf(outputLen));
    if (o.maxCompletionTokens) settings.put("max_tokens_field", MaxTokensField.MAX_COMPLETION_TOKENS.jsonName());
    return new PromptFlags.Prompts(plain(o, images, prompt(inputLen), outputLen), settings, 0);
  }

  private static RequestBuilder plain(RunOptions o, List<ImageSource> images, String prompt, int outputLen) {
    if (o.completions) return RequestBuilders.completions(prompt, outputLen);
    ChatRequestBuilder chat = o.vision ? RequestBuilders.vision(prompt, outputLen, images)
        : RequestBuilders.chat(prompt, outputLen);
    return o.maxCompletionTokens ? chat.maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS) : chat;
  }

}
