package io.github.llmbench.cli;

import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.ImageSource;
import io.github.llmbench.api.LengthDistribution;
import io.github.llmbench.api.Load;
import io.github.llmbench.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The flags of {@code llmbench run}, also accepted without the word {@code run}. The unified script's flags keep
 * their names; the custom-run flags follow vLLM's {@code bench serve} (and GuideLLM where vLLM has none). Each
 * value is typed by its {@link Flags} converter at parse time; checks of several flags together are
 * {@link RunCommand}'s.
 */
final class RunOptions {
  static final String DEFAULT_BASE_URL = "http://localhost:8000";
  static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";

  @Option(names = "--base-url", converter = Flags.BaseUrl.class, paramLabel = "URL", defaultValue = DEFAULT_BASE_URL,
      description = "server base URL; a trailing /v1 is accepted and not doubled (default: ${DEFAULT-VALUE})")
  String baseUrl = DEFAULT_BASE_URL;

  @Option(names = "--model", converter = Flags.NotEmpty.class, paramLabel = "NAME",
      description = "model name as the server knows it (required unless --simulate)")
  @Nullable String model;

  @Option(names = "--quick", description = "unified benchmark: 0.5x requests (fast validation)")
  boolean quick;

  @Option(names = "--thorough",
      description = "unified benchmark: 3x requests (capacity planning); --quick wins if both are given")
  boolean thorough;

  @Option(names = "--vision", description = "add the multi-image step (needs a vision-language model)")
  boolean vision;

  @Option(names = "--image", converter = Flags.Image.class, paramLabel = "URL|FILE",
      description = "an image for --vision (repeatable; a PNG, JPEG, GIF or WebP file, or an http(s)/data URL); "
          + "default: three generated pictures")
  List<ImageSource> images = new ArrayList<>();

  @Option(names = "--completions", description = "use /v1/completions instead of /v1/chat/completions")
  boolean completions;

  @Option(names = "--skip-saturation", description = "unified benchmark: leave out phase 5 (SATURATION)")
  boolean skipSaturation;

  @Option(names = "--stream",
      description = "stream responses (stream: true with usage): adds TTFT, inter-token latency and TPOT")
  boolean stream;

  @Option(names = "--slo-ttft-ms", converter = Flags.Millis.class, paramLabel = "MS",
      description = "goodput: time-to-first-token objective (needs --stream)")
  @Nullable Duration sloTtft;

  @Option(names = "--slo-tpot-ms", converter = Flags.Millis.class, paramLabel = "MS",
      description = "goodput: time-per-output-token objective (needs --stream)")
  @Nullable Duration sloTpot;

  @Option(names = "--slo-e2e-ms", converter = Flags.Millis.class, paramLabel = "MS",
      description = "goodput: end-to-end latency objective")
  @Nullable Duration sloE2e;

  @Option(names = "--request-timeout", converter = Flags.Seconds.class, paramLabel = "SEC",
      description = "per-request timeout in seconds covering the whole exchange: connecting, sending, waiting and "
          + "reading the whole answer or stream (default 300)")
  @Nullable Duration requestTimeout;

  // How llmbench's own client behaves.

  @Option(names = "--new-connection-per-request",
      description = "open a new connection for every request (Connection: close), as the unified script's client "
          + "does, so connection set-up is inside every latency; default: warm, reused connections")
  boolean newConnectionPerRequest;

  @Option(names = "--max-response-mb", converter = Flags.ResponseMegabytes.class, paramLabel = "MB",
      description = "largest response body accepted, streamed or not; past it a request fails as "
          + "response_too_large (default 1024)")
  Flags.@Nullable Megabytes maxResponse;

  @Option(names = "--max-event-mb", converter = Flags.EventMegabytes.class, paramLabel = "MB",
      description = "largest single stream event accepted; past it a request fails as event_too_large (default 8)")
  Flags.@Nullable Megabytes maxEvent;

  @Option(names = "--preflight-request",
      description = "the unified benchmark: send one real request of the first step's shape before any phase, which "
          + "must succeed (a wrong key, model or path then ends the run at once); off by default, so the WARMUP "
          + "step's request is the first generation the server sees, as with the script")
  boolean preflightRequest;

  @Option(names = "--no-preflight-request",
      description = "custom runs and searches: skip the pre-flight's one real request of the first step's shape, "
          + "which by default must succeed before any phase")
  boolean noPreflightRequest;

  @Option(names = "--transport", converter = Flags.Transport.class, paramLabel = "netty|okhttp",
      description = "the client that sends the timed requests: netty (default: event loops, connections opened "
          + "before each step's clock, timestamps at the I/O edge) or okhttp (blocking calls on worker threads)")
  ClientSettings.@Nullable TransportKind transport;

  @Option(names = "--event-loops", converter = Flags.EventLoops.class, paramLabel = "N",
      description = "Netty event loops (default: one per available processor)")
  @Nullable Integer eventLoops;

  @Option(names = "--ca-cert", converter = Flags.PemFile.class, paramLabel = "FILE",
      description = "a PEM file of the certificates to trust for an https target instead of the JDK's (a "
          + "self-signed server's certificate, or its CA); host names are still verified")
  @Nullable Path caCert;

  @Option(names = "--no-server-metrics",
      description = "do not scrape the server's Prometheus metrics during each step (default: <base-url>/metrics)")
  boolean noServerMetrics;

  @Option(names = "--metrics-url", converter = Flags.HttpUrl.class, paramLabel = "URL",
      description = "scrape the server's Prometheus metrics here instead of <base-url>/metrics")
  @Nullable String metricsUrl;

  // Trimming (GuideLLM's --warmup-percent/--cooldown-percent; counts as AIPerf's --warmup-request-count).

  @Option(names = "--warmup-requests", converter = Flags.Count.class, paramLabel = "N",
      description = "leave each step's first N requests sent out of its figures (they are sent and counted); "
          + "custom runs, and the unified benchmark only if given")
  @Nullable Integer warmupRequests;

  @Option(names = "--cooldown-requests", converter = Flags.Count.class, paramLabel = "N",
      description = "leave each step's last N requests to finish out of its figures")
  @Nullable Integer cooldownRequests;

  @Option(names = "--warmup-percent", converter = Flags.Percent.class, paramLabel = "P",
      description = "leave the first P %% of each step's requests out of its figures (adds to --warmup-requests)")
  @Nullable Double warmupPercent;

  @Option(names = "--cooldown-percent", converter = Flags.Percent.class, paramLabel = "P",
      description = "leave the last P %% of each step's requests out of its figures (adds to --cooldown-requests)")
  @Nullable Double cooldownPercent;

  // Gates for CI: each fails the run with exit code 3; results are saved all the same.

  @Option(names = "--fail-on", converter = Flags.StatusList.class, paramLabel = "STATUS[,STATUS]",
      description = "gate: fail (exit 3) if any step ends with one of these statuses (OK, DEGRADED, SATURATED, "
          + "FAILING), e.g. FAILING,DEGRADED")
  Flags.Statuses failOn = Flags.Statuses.NONE;

  @Option(names = "--fail-on-marginal",
      description = "gate: fail (exit 3) if any step's status decision is marginal (its interval straddles the "
          + "threshold, or too few requests to bound it on the threshold's side)")
  boolean failOnMarginal;

  @Option(names = "--fail-if-client-bound",
      description = "gate: fail (exit 3) if any step is marked client-bound (its figures include llmbench's own time)")
  boolean failIfClientBound;

  @Option(names = "--fail-on-slo", converter = Flags.GoodputPercent.class, paramLabel = "PERCENT",
      description = "gate: fail (exit 3) if any step's goodput (share of requests meeting every --slo-* objective) "
          + "is below PERCENT; needs an --slo-* flag")
  @Nullable Double failOnSloPercent;

  @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "results",
      description = "where result files are written; must be writable, its parent must exist (default: ${DEFAULT-VALUE})")
  Path outputDir = Path.of("results");

  @Option(names = "--api-key-env", converter = Flags.VariableName.class, paramLabel = "NAME",
      description = "read the API key from this environment variable (default " + DEFAULT_API_KEY_ENV + "); "
          + "it is sent as a bearer token and never printed or written")
  @Nullable String apiKeyEnv;

  @Option(names = "--simulate", description = "start the simulated vLLM-like server in-process and benchmark it")
  boolean simulate;

  @Option(names = "--sim-time-scale", converter = Flags.Positive.class, paramLabel = "X",
      description = "with --simulate: multiply the simulator's engine times by X (default 1.0; 0.05 = 20x faster)")
  @Nullable Double simTimeScale;

  @Option(names = "--sim-reasoning-tokens", converter = Flags.PositiveInt.class, paramLabel = "N",
      description = "with --simulate: the simulator acts as a reasoning model, sending N reasoning tokens (vLLM's "
          + "reasoning_content deltas) before each chat answer, within its max_tokens")
  @Nullable Integer simReasoningTokens;

  // Custom runs (instead of the unified benchmark).

  @Option(names = "--concurrency", converter = Flags.Concurrencies.class, paramLabel = "N,N,...",
      description = "custom run: one closed-loop step per concurrency, e.g. 1,8,32")
  Flags.@Nullable Levels<Integer> concurrency;

  @Option(names = "--request-rate", converter = Flags.Rates.class, paramLabel = "R,R,...",
      description = "custom run: one open-loop step per rate in requests/s (Poisson arrivals), e.g. 5,10,20")
  Flags.@Nullable Levels<Double> requestRate;

  @Option(names = "--burstiness", converter = Flags.Positive.class, paramLabel = "F",
      description = "custom open-loop run: gamma-distributed gaps with shape F, as vLLM's --burstiness (1 is "
          + "Poisson, below 1 burstier, above 1 more even; the mean gap stays 1/rate)")
  @Nullable Double burstiness;

  @Option(names = "--ramp-up-strategy", converter = Flags.RampShape.class, paramLabel = "linear|exponential",
      description = "custom run: raise each step's rate from --ramp-up-start-rps to its --request-rate over "
          + "--ramp-up-duration (default: the step's --duration), then hold it; or its workers from "
          + "--ramp-up-start-concurrency to its --concurrency")
  Load.Ramp.@Nullable Shape rampUpStrategy;

  @Option(names = "--ramp-up-start-rps", converter = Flags.Positive.class, paramLabel = "R",
      description = "custom open-loop run: the rate at each step's start, with --ramp-up-strategy")
  @Nullable Double rampUpStartRps;

  @Option(names = "--ramp-up-duration", converter = Flags.Seconds.class, paramLabel = "SEC",
      description = "custom run: how long the ramp lasts, with --ramp-up-strategy")
  @Nullable Duration rampUpDuration;

  @Option(names = "--ramp-up-start-concurrency", converter = Flags.PositiveInt.class, paramLabel = "N",
      description = "custom closed-loop run: start each step with N workers and add the rest as --ramp-up-strategy "
          + "rises to its --concurrency over --ramp-up-duration")
  @Nullable Integer rampUpStartConcurrency;

  @Option(names = "--num-prompts", converter = Flags.PositiveInt.class, paramLabel = "N",
      description = "custom run: requests per step (default 10 x concurrency; open loop: 30 s at the rate)")
  @Nullable Integer numPrompts;

  @Option(names = "--duration", converter = Flags.Seconds.class, paramLabel = "SEC",
      description = "custom open-loop run: each step lasts about SEC, i.e. rate x SEC requests")
  @Nullable Duration duration;

  @Option(names = "--max-concurrency", converter = Flags.PositiveInt.class, paramLabel = "N",
      description = "custom open-loop run: at most N requests in flight (a request due beyond it waits)")
  @Nullable Integer maxConcurrency;

  @Option(names = "--seed", converter = Flags.AnyLong.class, paramLabel = "N",
      description = "custom open-loop run: seed of the Poisson or gamma arrivals (default 0)")
  @Nullable Long seed;

  @Option(names = "--input-len", converter = Flags.Length.class, paramLabel = "TOKENS",
      description = "custom run: prompt length: N (the script's phrase, about 4 characters a token), or drawn per "
          + "request: uniform:MIN:MAX or normal:MEAN:STDDEV[:MIN:MAX] (default " + CustomRun.DEFAULT_INPUT_LEN + ")")
  @Nullable LengthDistribution inputLen;

  @Option(names = "--output-len", converter = Flags.Length.class, paramLabel = "TOKENS",
      description = "custom run: max_tokens of each request: N, uniform:MIN:MAX or normal:MEAN:STDDEV[:MIN:MAX] "
          + "(default " + CustomRun.DEFAULT_OUTPUT_LEN + "; with --dataset, for lines without their own)")
  @Nullable LengthDistribution outputLen;

  @Option(names = {"--dataset", "--dataset-path"}, paramLabel = "FILE",
      description = "custom run: send the prompts of this JSONL file, one {\"messages\": [...]} or {\"prompt\": ...} "
          + "a line (optional max_tokens), in a seeded order; each step sends the file once unless --num-prompts")
  @Nullable Path dataset;

  @Option(names = "--dataset-seed", converter = Flags.AnyLong.class, paramLabel = "N",
      description = "custom run: seed of the --dataset order and of drawn lengths and prompts (default 0)")
  @Nullable Long datasetSeed;

  @Option(names = "--disable-shuffle", description = "custom run: send --dataset in the file's order")
  boolean disableShuffle;

  @Option(names = "--tokenizer", paramLabel = "NAME|FILE",
      description = "custom run: size prompts in this tokenizer's tokens: cl100k_base, o200k_base, p50k_base, "
          + "r50k_base (OpenAI's) or a Hugging Face tokenizer.json (or its directory)")
  @Nullable String tokenizer;

  @Option(names = "--prefix-tokens", converter = Flags.PrefixTokens.class, paramLabel = "N",
      description = "custom run: every prompt starts with a prefix of N tokens shared within its group (prefix-cache "
          + "tests), followed by --input-len tokens of its own")
  @Nullable Integer prefixTokens;

  @Option(names = "--prefix-groups", converter = Flags.PrefixGroups.class, paramLabel = "G",
      description = "custom run: G different shared prefixes, request i in group i mod G (default 1)")
  @Nullable Integer prefixGroups;

  @Option(names = "--embeddings",
      description = "custom run: send each prompt as the input of /v1/embeddings; the step reports inputs/s and "
          + "prompt tokens/s (nothing is generated: --output-len and --stream do not apply)")
  boolean embeddings;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "custom run: replay this timed JSONL trace as one open-loop step: Mooncake lines ({\"timestamp\": "
          + "ms, \"input_length\", \"output_length\", \"hash_ids\"}) or prompts/messages with a \"timestamp\"")
  @Nullable Path trace;

  @Option(names = "--trace-speed", converter = Flags.Positive.class, paramLabel = "X",
      description = "with --trace: replay X times faster than recorded (default 1)")
  @Nullable Double traceSpeed;

  @Option(names = "--trace-block-size", converter = Flags.PositiveInt.class, paramLabel = "TOKENS",
      description = "with --trace: tokens each of a line's hash_ids stands for (default 512, Mooncake's)")
  @Nullable Integer traceBlockSize;

  @Option(names = "--tools", paramLabel = "FILE",
      description = "custom run: send the OpenAI tools of this JSON file (an array of {\"type\": \"function\", "
          + "\"function\": {...}}) with each chat request; streamed tool_calls deltas count as output")
  @Nullable Path tools;

  @Option(names = "--max-completion-tokens",
      description = "chat requests of a custom run send max_completion_tokens instead of max_tokens")
  boolean maxCompletionTokens;

  /**
   * Refuses the unified benchmark's own flags in another kind of run.
   *
   * @param where what the run is, and what to use instead, e.g. {@code "a search"}
   */
  void refuseUnifiedFlags(String where) throws UsageException {
    String given = quick ? "--quick" : thorough ? "--thorough" : skipSaturation ? "--skip-saturation" : null;
    if (given != null) throw new UsageException(given + " applies to the unified benchmark, not to " + where);
  }

  /** The simulator {@code --simulate} starts, as the {@code --sim-*} flags set it; they need {@code --simulate}. */
  SimulatorConfig simulatorConfig() throws UsageException {
    if (!simulate) {
      if (simTimeScale != null) {
        throw UsageException.of("--sim-time-scale", Flags.format(simTimeScale), "sets the simulator's speed: it needs "
            + "--simulate");
      }
      if (simReasoningTokens != null) {
        throw UsageException.of("--sim-reasoning-tokens", simReasoningTokens, "makes the simulator reason: it needs "
            + "--simulate");
      }
    }
    return SimulatorConfig.builder().timeScale(simTimeScale == null ? 1.0 : simTimeScale)
        .reasoningTokens(simReasoningTokens == null ? 0 : simReasoningTokens).build();
  }

  boolean isCustom() {
    return concurrency != null || requestRate != null || trace != null;
  }
}
