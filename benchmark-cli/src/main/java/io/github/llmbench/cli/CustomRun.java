package io.github.llmbench.cli;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.ChatRequestBuilder;
import io.github.llmbench.api.DatasetRequestBuilder;
import io.github.llmbench.api.ImageSource;
import io.github.llmbench.api.LengthDistribution;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.MaxTokensField;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.Prompts;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.SyntheticRequestBuilder;
import io.github.llmbench.core.data.TraceFiles;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A custom run from the command line, built with the public API: one phase, {@code CUSTOM}, with a closed-loop
 * step per {@code --concurrency} value ({@code c1}, {@code c8}, ...) or an open-loop step per
 * {@code --request-rate} value ({@code rate_5}, ...; Poisson arrivals from {@code --seed}, or gamma arrivals with
 * {@code --burstiness}, optionally ramping up with {@code --ramp-up-strategy}, as vLLM's {@code bench serve}). The
 * API has no step that ends after a time, so {@code --duration} is a request count: the arrivals the schedule expects
 * in that time ({@code ceil(rate x duration)} without a ramp) for an open loop, and refused for a closed loop, whose
 * length depends on the server.
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
    if (o.trace == null) {
      if (o.traceSpeed != null) throw UsageException.of("--trace-speed", Flags.format(o.traceSpeed), "needs --trace");
      if (o.traceBlockSize != null) throw UsageException.of("--trace-block-size", o.traceBlockSize, "needs --trace");
    }
    Integer numPrompts = o.numPrompts;
    Benchmark.Builder benchmark = Benchmark.builder().name("custom").setting("preset", "custom");
    PromptFlags.Prompts custom = request(o, images);
    RequestBuilder request = custom.request();
    custom.settings().forEach(benchmark::setting);
    // A dataset's step sends the file once, unless told otherwise.
    if (custom.datasetSize() > 0 && numPrompts == null && o.duration == null) numPrompts = custom.datasetSize();
    Phase.Builder phase = Phase.builder(PHASE);
    if (o.embeddings) benchmark.setting("embeddings", "true");
    benchmark.setting("completions", String.valueOf(o.completions)).setting("vision", String.valueOf(o.vision))
        .setting("stream", String.valueOf(o.stream)).stream(o.stream);
    if (custom.trace() != null) {
      phase.addStep(traceStep(o, custom.trace(), numPrompts, request));
      if (o.maxConcurrency != null) benchmark.setting("max_concurrency", String.valueOf(o.maxConcurrency));
    } else if (o.concurrency != null) {
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
      // A closed loop ramps its workers; the rest of the open loop's flags shape arrivals it does not have.
      java.util.Set<String> ramps = java.util.Set.of("--ramp-up-strategy", "--ramp-up-duration",
          "--ramp-up-start-concurrency");
      for (Object[] openOnly : openLoopFlags(o)) {
        if (openOnly[1] != null && !ramps.contains((String) openOnly[0])) {
          throw UsageException.of((String) openOnly[0], openOnly[1], "shapes an open loop's arrivals: it needs "
              + "--request-rate");
        }
      }
      java.util.Optional<Load.WorkerRamp> workerRamp = workerRamp(o);
      List<Integer> levels = o.concurrency.values();
      for (int c : levels) {
        int n = numPrompts != null ? numPrompts
            : (int) Math.min(Integer.MAX_VALUE, (long) c * DEFAULT_REQUESTS_PER_WORKER);
        Load.ClosedLoop load = Load.concurrency(c);
        if (workerRamp.isPresent()) {
          if (workerRamp.get().fromWorkers() > c) {
            throw UsageException.of("--ramp-up-start-concurrency", workerRamp.get().fromWorkers(), "is more than the "
                + "step's --concurrency " + c);
          }
          load = load.rampUp(workerRamp.get());
        }
        phase.addStep(Step.of("c" + c, load, n, request));
      }
      benchmark.setting("concurrency", o.concurrency.toString());
      workerRamp.ifPresent(r -> benchmark.setting("ramp_up_strategy", r.shape().label())
          .setting("ramp_up_start_concurrency", String.valueOf(r.fromWorkers()))
          .setting("ramp_up_duration_sec", Flags.seconds(r.over())));
    } else {
      Flags.Levels<Double> rates = o.requestRate; // isCustom(): one of the two is given
      long seed = o.seed == null ? 0 : o.seed;
      Integer ceiling = o.maxConcurrency;
      Duration duration = o.duration;
      double sec = duration == null ? DEFAULT_OPEN_LOOP_SEC : duration.toNanos() / 1e9;
      java.util.Optional<Load.Ramp> ramp = ramp(o, duration);
      for (double rate : rates.values()) {
        Load.OpenLoop schedule = o.burstiness == null ? Load.rate(rate).poisson(seed)
            : Load.rate(rate).gamma(o.burstiness, seed);
        if (ramp.isPresent()) schedule = schedule.ramp(ramp.get());
        long count = numPrompts != null ? numPrompts
            : Math.max(1, (long) Math.ceil(schedule.expectedArrivals(sec)));
        if (count > Integer.MAX_VALUE) throw UsageException.of("--duration", Flags.seconds(duration),
            "asks for too many requests");
        phase.addStep(Step.of("rate_" + Flags.format(rate),
            ceiling == null ? schedule : schedule.maxConcurrency(ceiling),
            (int) count, request));
      }
      benchmark.setting("request_rate", rates.toString()).setting("seed", String.valueOf(seed));
      if (o.burstiness == null) {
        benchmark.setting("arrival", "poisson");
      } else {
        benchmark.setting("arrival", "gamma").setting("burstiness", Flags.format(o.burstiness));
      }
      ramp.ifPresent(r -> benchmark.setting("ramp_up_strategy", r.shape().label())
          .setting("ramp_up_start_rps", Flags.format(r.fromRatePerSec()))
          .setting("ramp_up_duration_sec", Flags.seconds(r.over())));
      if (ceiling != null) benchmark.setting("max_concurrency", String.valueOf(ceiling));
    }
    if (numPrompts != null) benchmark.setting("num_prompts", String.valueOf(numPrompts));
    if (o.duration != null) benchmark.setting("duration_sec", Flags.seconds(o.duration));
    return benchmark.addPhase(phase.build());
  }

  /** {@code --trace}: one open-loop step, {@code trace}, that sends the trace's requests at its times. */
  private static Step traceStep(RunOptions o, TraceFiles.Trace trace, @Nullable Integer numPrompts,
      RequestBuilder request) throws UsageException {
    Object[][] own = {{"--concurrency", o.concurrency}, {"--request-rate", o.requestRate},
        {"--duration", o.duration == null ? null : Flags.seconds(o.duration)}, {"--seed", o.seed}};
    for (Object[] flag : java.util.stream.Stream.concat(java.util.Arrays.stream(own),
        java.util.Arrays.stream(openLoopFlags(o))).toList()) {
      if (flag[1] != null) {
        throw UsageException.of((String) flag[0], flag[1], "sets the load; --trace replays the trace's own times");
      }
    }
    int n = numPrompts == null ? trace.dataset().size() : numPrompts;
    if (n > trace.dataset().size()) {
      throw UsageException.of("--num-prompts", n, "is more than the trace's " + trace.dataset().size() + " requests");
    }
    Load.OpenLoop load = trace.load();
    return Step.of("trace", o.maxConcurrency == null ? load : load.maxConcurrency(o.maxConcurrency), n, request);
  }

  /** The flags that shape a custom step over time (arrivals and ramps), with their values (null when not given). */
  static Object[][] openLoopFlags(RunOptions o) {
    return new Object[][] {{"--burstiness", o.burstiness == null ? null : Flags.format(o.burstiness)},
        {"--ramp-up-strategy", o.rampUpStrategy == null ? null : o.rampUpStrategy.label()},
        {"--ramp-up-start-rps", o.rampUpStartRps == null ? null : Flags.format(o.rampUpStartRps)},
        {"--ramp-up-duration", o.rampUpDuration == null ? null : Flags.seconds(o.rampUpDuration)},
        {"--ramp-up-start-concurrency", o.rampUpStartConcurrency}};
  }

  /** A closed loop's ramp: from {@code --ramp-up-start-concurrency} workers over {@code --ramp-up-duration}. */
  private static java.util.Optional<Load.WorkerRamp> workerRamp(RunOptions o) throws UsageException {
    if (o.rampUpStrategy == null) {
      if (o.rampUpStartConcurrency != null) {
        throw UsageException.of("--ramp-up-start-concurrency", o.rampUpStartConcurrency, "needs --ramp-up-strategy");
      }
      if (o.rampUpDuration != null) {
        throw UsageException.of("--ramp-up-duration", Flags.seconds(o.rampUpDuration), "needs --ramp-up-strategy");
      }
      return java.util.Optional.empty();
    }
    if (o.rampUpStartConcurrency == null) {
      throw UsageException.of("--ramp-up-strategy", o.rampUpStrategy.label(), "needs --ramp-up-start-concurrency, "
          + "the workers each closed-loop step starts with");
    }
    if (o.rampUpDuration == null) {
      throw UsageException.of("--ramp-up-strategy", o.rampUpStrategy.label(), "needs --ramp-up-duration with "
          + "--concurrency: a closed-loop step has no duration to ramp over");
    }
    return java.util.Optional.of(new Load.WorkerRamp(o.rampUpStrategy, o.rampUpStartConcurrency, o.rampUpDuration));
  }

  /**
   * The ramp the flags ask for: from {@code --ramp-up-start-rps} over {@code --ramp-up-duration}, else over the
   * step's {@code --duration}, else over the default 30 s step.
   */
  private static java.util.Optional<Load.Ramp> ramp(RunOptions o, Duration stepDuration) throws UsageException {
    if (o.rampUpStartConcurrency != null) {
      throw UsageException.of("--ramp-up-start-concurrency", o.rampUpStartConcurrency, "ramps a closed loop's "
          + "workers: it needs --concurrency (an open loop ramps its rate from --ramp-up-start-rps)");
    }
    if (o.rampUpStrategy == null) {
      if (o.rampUpStartRps != null) {
        throw UsageException.of("--ramp-up-start-rps", Flags.format(o.rampUpStartRps), "needs --ramp-up-strategy");
      }
      if (o.rampUpDuration != null) {
        throw UsageException.of("--ramp-up-duration", Flags.seconds(o.rampUpDuration), "needs --ramp-up-strategy");
      }
      return java.util.Optional.empty();
    }
    if (o.rampUpStartRps == null) {
      throw UsageException.of("--ramp-up-strategy", o.rampUpStrategy.label(), "needs --ramp-up-start-rps, the rate "
          + "each step starts at");
    }
    Duration over = o.rampUpDuration != null ? o.rampUpDuration
        : stepDuration != null ? stepDuration : Duration.ofNanos(Math.round(DEFAULT_OPEN_LOOP_SEC * 1e9));
    return java.util.Optional.of(new Load.Ramp(o.rampUpStrategy, o.rampUpStartRps, over));
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
    PromptFlags.Prompts prompts = prompts(o, images);
    if (o.tools == null) return prompts;
    if (o.completions) throw UsageException.of("--tools", o.tools, "goes with chat requests; drop --completions");
    Map<String, Object> body = Map.of("tools", ToolsFile.read(o.tools));
    RequestBuilder built = prompts.request();
    RequestBuilder request;
    if (built instanceof ChatRequestBuilder chat) {
      request = chat.extraBody(body);
    } else if (built instanceof SyntheticRequestBuilder synthetic) {
      request = synthetic.extraBody(body);
    } else if (built instanceof DatasetRequestBuilder dataset) {
      request = dataset.extraBody(body);
    } else {
      throw new IllegalStateException("a custom run built " + built + ", which takes no tools");
    }
    Map<String, String> settings = new LinkedHashMap<>(prompts.settings());
    settings.put("tools", o.tools.toString());
    return new PromptFlags.Prompts(request, settings, prompts.datasetSize(), prompts.trace());
  }

  private static PromptFlags.Prompts prompts(RunOptions o, List<ImageSource> images) throws UsageException {
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
