package io.github.llmbench.cli;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The flags of {@code llmbench run}, also accepted without the word {@code run}. The unified script's flags keep
 * their names; the custom-run flags follow vLLM's {@code bench serve} (and GuideLLM where vLLM has none). Values
 * are kept as given and checked by {@link RunCommand}, so every bad value gets the same one-line message shape.
 */
final class RunOptions {
  static final String DEFAULT_BASE_URL = "http://localhost:8000";
  static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";

  @Option(names = "--base-url", paramLabel = "URL", defaultValue = DEFAULT_BASE_URL,
      description = "server base URL, without /v1 (default: ${DEFAULT-VALUE})")
  String baseUrl = DEFAULT_BASE_URL;

  @Option(names = "--model", paramLabel = "NAME",
      description = "model name as the server knows it (required unless --simulate)")
  @Nullable String model;

  @Option(names = "--quick", description = "unified benchmark: 0.5x requests (fast validation)")
  boolean quick;

  @Option(names = "--thorough",
      description = "unified benchmark: 3x requests (capacity planning); --quick wins if both are given")
  boolean thorough;

  @Option(names = "--vision", description = "add the multi-image step (needs a vision-language model)")
  boolean vision;

  @Option(names = "--image", paramLabel = "URL|FILE",
      description = "an image for --vision (repeatable; a PNG, JPEG, GIF or WebP file, or an http(s)/data URL); "
          + "default: three generated pictures")
  List<String> images = new ArrayList<>();

  @Option(names = "--completions", description = "use /v1/completions instead of /v1/chat/completions")
  boolean completions;

  @Option(names = "--skip-saturation", description = "unified benchmark: leave out phase 5 (SATURATION)")
  boolean skipSaturation;

  @Option(names = "--stream",
      description = "stream responses (stream: true with usage): adds TTFT, inter-token latency and TPOT")
  boolean stream;

  @Option(names = "--slo-ttft-ms", paramLabel = "MS", description = "goodput: time-to-first-token objective (needs --stream)")
  @Nullable String sloTtftMs;

  @Option(names = "--slo-tpot-ms", paramLabel = "MS", description = "goodput: time-per-output-token objective (needs --stream)")
  @Nullable String sloTpotMs;

  @Option(names = "--slo-e2e-ms", paramLabel = "MS", description = "goodput: end-to-end latency objective")
  @Nullable String sloE2eMs;

  @Option(names = "--request-timeout", paramLabel = "SEC",
      description = "per-request timeout covering the whole call (default 300)")
  @Nullable String requestTimeoutSec;

  @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "results",
      description = "where result files are written; must be writable, its parent must exist (default: ${DEFAULT-VALUE})")
  String outputDir = "results";

  @Option(names = "--api-key-env", paramLabel = "NAME",
      description = "read the API key from this environment variable (default " + DEFAULT_API_KEY_ENV + "); "
          + "it is sent as a bearer token and never printed or written")
  @Nullable String apiKeyEnv;

  @Option(names = "--simulate", description = "start the simulated vLLM-like server in-process and benchmark it")
  boolean simulate;

  @Option(names = "--sim-time-scale", paramLabel = "X",
      description = "with --simulate: multiply the simulator's engine times by X (default 1.0; 0.05 = 20x faster)")
  @Nullable String simTimeScale;

  // Custom runs (instead of the unified benchmark).

  @Option(names = "--concurrency", paramLabel = "N,N,...",
      description = "custom run: one closed-loop step per concurrency, e.g. 1,8,32")
  @Nullable String concurrency;

  @Option(names = "--request-rate", paramLabel = "R,R,...",
      description = "custom run: one open-loop step per rate in requests/s (Poisson arrivals), e.g. 5,10,20")
  @Nullable String requestRate;

  @Option(names = "--num-prompts", paramLabel = "N",
      description = "custom run: requests per step (default 10 x concurrency; open loop: 30 s at the rate)")
  @Nullable String numPrompts;

  @Option(names = "--duration", paramLabel = "SEC",
      description = "custom open-loop run: each step lasts about SEC, i.e. rate x SEC requests")
  @Nullable String durationSec;

  @Option(names = "--max-concurrency", paramLabel = "N",
      description = "custom open-loop run: at most N requests in flight (a request due beyond it waits)")
  @Nullable String maxConcurrency;

  @Option(names = "--seed", paramLabel = "N", description = "custom open-loop run: seed of the Poisson arrivals (default 0)")
  @Nullable String seed;

  @Option(names = "--input-len", paramLabel = "TOKENS",
      description = "custom run: prompt length, about 4 characters a token (default " + CustomRun.DEFAULT_INPUT_LEN + ")")
  @Nullable String inputLen;

  @Option(names = "--output-len", paramLabel = "TOKENS",
      description = "custom run: max_tokens of each request (default " + CustomRun.DEFAULT_OUTPUT_LEN + ")")
  @Nullable String outputLen;

  boolean isCustom() {
    return concurrency != null || requestRate != null;
  }
}
