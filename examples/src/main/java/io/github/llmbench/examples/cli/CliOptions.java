package io.github.llmbench.examples.cli;

import io.github.llmbench.api.Intensity;
import io.github.llmbench.api.Slo;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line's flags. They mirror the unified script's ({@code --base-url}, {@code --model}, {@code --vision},
 * {@code --quick}, {@code --thorough}) plus the options its docstring promises and llmbench's own.
 */
record CliOptions(String baseUrl, Optional<String> model, boolean vision, Intensity intensity, boolean skipSaturation,
    boolean completions, boolean stream, Path outputDir, String apiKeyEnv, boolean apiKeyEnvGiven, boolean simulate,
    List<String> images, Optional<Slo> slo, boolean help) {

  static final String DEFAULT_BASE_URL = "http://localhost:8000";
  static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";

  static final String HELP = String.join("\n",
      "Usage: java -jar llmbench.jar [options]",
      "       java -jar llmbench.jar report <benchmark_YYYYMMDD_HHMMSS.json>",
      "",
      "Runs the unified progressive benchmark (WARMUP, BASELINE, SCALING, STRESS, SATURATION) against an",
      "OpenAI-compatible server and writes results/benchmark_YYYYMMDD_HHMMSS.{json,md,html} and charts.",
      "",
      "Options:",
      "  --base-url URL        server base URL, without /v1 (default " + DEFAULT_BASE_URL + ")",
      "  --model NAME          model name as the server knows it (required unless --simulate)",
      "  --quick               0.5x requests (fast validation)",
      "  --thorough            3x requests (capacity planning); --quick wins if both are given",
      "  --vision              add the multi-image STRESS step (needs a vision-language model)",
      "  --image URL|FILE      an image for --vision (repeatable); default: three generated pictures",
      "  --completions         use /v1/completions instead of /v1/chat/completions",
      "  --skip-saturation     leave out phase 5 (SATURATION)",
      "  --stream              stream responses (stream: true with usage): adds TTFT, inter-token latency, TPOT",
      "  --slo-ttft-ms N       goodput: time-to-first-token objective in ms (needs --stream)",
      "  --slo-tpot-ms N       goodput: time-per-output-token objective in ms (needs --stream)",
      "  --slo-e2e-ms N        goodput: end-to-end latency objective in ms",
      "  --output-dir DIR      where results are written (default results)",
      "  --api-key-env NAME    read the API key from this environment variable (default " + DEFAULT_API_KEY_ENV + ");",
      "                        it is sent as a bearer token and never printed or written",
      "  --simulate            start the simulated vLLM-like server in-process and benchmark it",
      "  -h, --help            show this help",
      "",
      "Exit codes: 0 run completed (whatever the statuses), 1 target unreachable, 2 bad usage.");

  static CliOptions parse(String[] args) throws UsageException {
    String baseUrl = DEFAULT_BASE_URL;
    String model = null;
    boolean vision = false, quick = false, thorough = false, skipSaturation = false, completions = false;
    boolean stream = false, simulate = false, help = false, apiKeyEnvGiven = false;
    Path outputDir = Path.of("results");
    String apiKeyEnv = DEFAULT_API_KEY_ENV;
    List<String> images = new ArrayList<>();
    Slo.Builder slo = null;
    Cursor cursor = new Cursor(args);
    while (cursor.next()) {
      switch (cursor.name) {
        case "--base-url" -> baseUrl = cursor.value();
        case "--model" -> model = cursor.value();
        case "--output-dir" -> outputDir = Path.of(cursor.value());
        case "--api-key-env" -> {
          apiKeyEnv = cursor.value();
          apiKeyEnvGiven = true;
        }
        case "--image" -> images.add(cursor.value());
        case "--slo-ttft-ms" -> slo = (slo == null ? Slo.builder() : slo).ttft(millis(cursor));
        case "--slo-tpot-ms" -> slo = (slo == null ? Slo.builder() : slo).tpot(millis(cursor));
        case "--slo-e2e-ms" -> slo = (slo == null ? Slo.builder() : slo).e2e(millis(cursor));
        case "--vision" -> vision = cursor.flag();
        case "--quick" -> quick = cursor.flag();
        case "--thorough" -> thorough = cursor.flag();
        case "--skip-saturation" -> skipSaturation = cursor.flag();
        case "--completions" -> completions = cursor.flag();
        case "--stream" -> stream = cursor.flag();
        case "--simulate" -> simulate = cursor.flag();
        case "-h", "--help" -> help = cursor.flag();
        default -> throw new UsageException("unknown option: " + cursor.raw + " (see --help)");
      }
    }
    if (model != null && model.isBlank()) throw new UsageException("--model must not be empty");
    if (apiKeyEnv.isBlank()) throw new UsageException("--api-key-env must name an environment variable");
    if (vision && completions) throw new UsageException("--vision needs chat requests; drop --completions");
    if (!images.isEmpty() && !vision) throw new UsageException("--image is only used with --vision");
    Slo objectives = slo == null ? null : slo.build();
    if (objectives != null && !stream && (objectives.ttft().isPresent() || objectives.tpot().isPresent())) {
      throw new UsageException("--slo-ttft-ms and --slo-tpot-ms need --stream (only streams show the first token)");
    }
    // As in the script: --quick wins when both are given.
    Intensity intensity = quick ? Intensity.QUICK : thorough ? Intensity.THOROUGH : Intensity.STANDARD;
    return new CliOptions(baseUrl, Optional.ofNullable(model), vision, intensity, skipSaturation, completions,
        stream, outputDir, apiKeyEnv, apiKeyEnvGiven, simulate, List.copyOf(images), Optional.ofNullable(objectives),
        help);
  }

  private static Duration millis(Cursor cursor) throws UsageException {
    String name = cursor.name;
    String value = cursor.value();
    try {
      double ms = Double.parseDouble(value);
      if (!(ms > 0) || Double.isInfinite(ms)) throw new NumberFormatException();
      return Duration.ofNanos(Math.round(ms * 1e6));
    } catch (NumberFormatException e) {
      throw new UsageException(name + " (" + value + ") should be a positive number of milliseconds");
    }
  }

  /** Walks the arguments; accepts both {@code --name value} and {@code --name=value}. */
  private static final class Cursor {
    private final String[] args;
    private int index = -1;
    String raw = "";
    String name = "";
    private String inlineValue;

    Cursor(String[] args) {
      this.args = args;
    }

    boolean next() {
      if (++index >= args.length) return false;
      raw = args[index];
      int eq = raw.indexOf('=');
      boolean inline = raw.startsWith("--") && eq > 0;
      name = inline ? raw.substring(0, eq) : raw;
      inlineValue = inline ? raw.substring(eq + 1) : null;
      return true;
    }

    String value() throws UsageException {
      if (inlineValue != null) return inlineValue;
      if (index + 1 >= args.length || args[index + 1].startsWith("--")) {
        throw new UsageException(name + " needs a value");
      }
      return args[++index];
    }

    boolean flag() throws UsageException {
      if (inlineValue != null) throw new UsageException(name + " takes no value");
      return true;
    }
  }
}
