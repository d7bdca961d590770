package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every exit-code path of {@code run} except the signals and a failed save (see {@link CliStopAndSaveTest}), and
 * every bad input: one line on stderr naming the flag and the value, exit 2, and not one request sent. The server
 * is a real one on loopback that answers everything and counts what it saw.
 */
@Timeout(60)
class CliExitCodeTest {
  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger requests = new AtomicInteger();
  private String url;

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        requests.incrementAndGet();
        return new MockResponse.Builder().addHeader("Content-Type", "application/json")
            .body("{\"object\":\"list\",\"data\":[]}").build();
      }
    });
    server.start();
    url = "http://127.0.0.1:" + server.getPort();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The run's arguments against the counting server, plus {@code extra}. */
  private CliRunner.Run run(String... extra) {
    List<String> args = new ArrayList<>(List.of("--base-url", url, "--model", "m", "--quick"));
    args.addAll(List.of(extra));
    if (!args.contains("--output-dir")) args.addAll(List.of("--output-dir", dir.resolve("out").toString()));
    return CliRunner.run(args.toArray(String[]::new));
  }

  private void assertUsage(CliRunner.Run run, String expectedLine) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("llmbench: " + expectedLine + System.lineSeparator());
    assertThat(requests.get()).as("requests the server saw").isZero();
  }

  @Test
  void helpDocumentsEveryFlagAndEveryExitCode() {
    CliRunner.Run run = CliRunner.run("--help");
    assertThat(run.exitCode()).isZero();
    for (String flag : List.of("--base-url", "--model", "--vision", "--quick", "--thorough", "--skip-saturation",
        "--completions", "--output-dir", "--api-key-env", "--simulate", "--sim-time-scale", "--sim-reasoning-tokens",
        "--tools", "--trace", "--trace-speed", "--trace-block-size", "--embeddings", "--ramp-up-start-concurrency", "--stream",
        "--image",
        "--slo-ttft-ms", "--slo-tpot-ms", "--slo-e2e-ms", "--request-timeout", "--concurrency", "--request-rate",
        "--num-prompts", "--duration", "--max-concurrency", "--seed", "--input-len", "--output-len", "--version",
        "--new-connection-per-request", "--max-response-mb", "--max-event-mb", "--no-preflight-request",
        "--no-server-metrics", "--metrics-url", "--warmup-requests", "--cooldown-requests", "--warmup-percent",
        "--cooldown-percent", "--fail-on", "--fail-on-marginal", "--fail-if-client-bound", "--fail-on-slo",
        "simulate", "report", "compare", "run")) {
      assertThat(run.out()).contains(flag);
    }
    for (ExitCode code : ExitCode.values()) {
      assertThat(run.out()).containsPattern("(?m)^ +" + code.code() + " +" + java.util.regex.Pattern.quote(code.meaning()) + "$");
    }
    assertThat(CliRunner.run("run", "--help").out()).contains("--concurrency", "Exit codes");
  }

  @Test
  void versionPrintsTheBuiltVersion() {
    CliRunner.Run run = CliRunner.run("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("llmbench 0.").doesNotContain("${project.version}").contains("Java ");
  }

  @Test
  void unknownFlagIsOneLineAndNoTraffic() {
    assertUsage(run("--bogus"), "Unknown option: '--bogus' (see --help)");
  }

  @Test
  void missingModelIsBadUsage() {
    CliRunner.Run run = CliRunner.run("--quick", "--output-dir", dir.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("llmbench: --model is required");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://127.0.0.1:99999|--base-url (http://127.0.0.1:99999) has port 99999; it should be between 1 and 65535",
      "http://127.0.0.1:80x|--base-url (http://127.0.0.1:80x) has no valid host:port (the port should be between 1 and 65535)",
      "http://127.0.0.1:0|--base-url (http://127.0.0.1:0) has port 0; it should be between 1 and 65535",
      "localhost:8000|--base-url (localhost:8000) should start with http:// or https://",
      "http://127.0.0.1:8000/?key=1|--base-url (http://127.0.0.1:8000/?key=1) has a query string; give the server's base URL without ?...",
      "http://127.0.0.1:8000/#top|--base-url (http://127.0.0.1:8000/#top) has a fragment; give the server's base URL without #...",
      "http://exa mple.com|--base-url (http://exa mple.com) is not a valid URL: Illegal character in authority",
  })
  void badBaseUrlIsOneLineNamingTheValue(String baseUrl, String message) {
    CliRunner.Run run = CliRunner.run("--base-url", baseUrl, "--model", "m", "--output-dir", dir.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("llmbench: " + message + System.lineSeparator());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--slo-e2e-ms|1e-9|should be a positive number of milliseconds, at least 0.000001",
      "--slo-e2e-ms|-3|should be a positive number of milliseconds, at least 0.000001",
      "--slo-e2e-ms|fast|should be a positive number of milliseconds",
      "--slo-e2e-ms|NaN|should be a positive number of milliseconds",
      "--request-timeout|0|should be a positive number of seconds, at least 0.001",
      "--request-timeout|1e400|should be a positive number of seconds",
  })
  void badNumbersAreOneLineAndNoTraffic(String flag, String value, String problem) {
    assertUsage(run(flag, value), flag + " (" + value + ") " + problem);
  }

  @Test
  void ttftObjectiveNeedsStreaming() {
    assertUsage(run("--slo-ttft-ms", "500"),
        "--slo-ttft-ms and --slo-tpot-ms need --stream (only streams show the first token)");
  }

  @Test
  void imageThatIsNotAnImageOrIsEmptyIsRefused() throws Exception {
    Path text = Files.writeString(dir.resolve("cat.png"), "not a picture");
    Path empty = Files.createFile(dir.resolve("empty.jpg"));
    assertUsage(run("--vision", "--image", text.toString()), "--image (" + text + ") is not a PNG, JPEG, GIF or WebP image");
    assertUsage(run("--vision", "--image", empty.toString()), "--image (" + empty + ") is empty");
    assertUsage(run("--vision", "--image", dir.resolve("nope.png").toString()),
        "--image (" + dir.resolve("nope.png") + ") is not a file (nor an http(s) or data URL)");
  }

  @Test
  void imageIsRecognisedByItsSignatureNotItsName() {
    byte[] gif = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0};
    byte[] webp = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'};
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
    assertThat(Flags.imageType(gif)).isEqualTo("image/gif");
    assertThat(Flags.imageType(webp)).isEqualTo("image/webp");
    assertThat(Flags.imageType(jpeg)).isEqualTo("image/jpeg");
    assertThat(Flags.imageType(new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E'})).isNull();
  }

  @Test
  void outputDirThatIsAFileIsRefusedBeforeAnyRequest() throws Exception {
    Path file = Files.writeString(dir.resolve("results"), "x");
    assertUsage(run("--output-dir", file.toString()), "--output-dir (" + file + ") is a file, not a directory");
  }

  @Test
  void outputDirWithAMissingParentIsRefusedBeforeAnyRequest() {
    Path deep = dir.resolve("no/such/results");
    assertUsage(run("--output-dir", deep.toString()),
        "--output-dir (" + deep + ") cannot be created: its parent " + dir.resolve("no/such") + " does not exist");
  }

  @Test
  void unwritableOutputDirIsRefusedBeforeAnyRequest() {
    // We run as root in CI, where file permissions do not stop us and no read-only mount can be made; sysfs
    // refuses new files even to root, so it stands in for a read-only file system.
    Path sys = Path.of("/sys/kernel");
    assumeTrue(Files.isDirectory(sys), "no /sys/kernel here");
    CliRunner.Run run = run("--output-dir", sys.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("llmbench: --output-dir (/sys/kernel) is not writable: ");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(requests.get()).isZero();
  }

  @Test
  void unsetApiKeyVariableIsBadUsage() {
    assertUsage(run("--api-key-env", "NO_SUCH_VAR"),
        "--api-key-env (NO_SUCH_VAR) names an environment variable that is not set");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--concurrency=0|--concurrency (0) should be a comma-separated list of positive integers, like 1,8,32",
      "--concurrency=1,,4|--concurrency (1,,4) should be a comma-separated list of positive integers, like 1,8,32",
      "--request-rate=5,x|--request-rate (5,x) should be a comma-separated list of positive numbers, like 5,10,20",
      "--num-prompts=8|--num-prompts (8) applies to a custom run: add --concurrency or --request-rate",
      "--sim-time-scale=0.1|--sim-time-scale (0.1) sets the simulator's speed: it needs --simulate",
      "--burstiness=0|--burstiness (0) should be a positive number",
      "--burstiness=0.5|--burstiness (0.5) applies to a custom run: add --concurrency or --request-rate",
      "--ramp-up-strategy=steep|--ramp-up-strategy (steep) should be linear or exponential",
      "--sim-reasoning-tokens=8|--sim-reasoning-tokens (8) makes the simulator reason: it needs --simulate",
      "--sim-reasoning-tokens=0|--sim-reasoning-tokens (0) should be a positive integer",
      "--tools=t.json|--tools (t.json) applies to a custom run: add --concurrency or --request-rate",
      "--trace-speed=2|--trace-speed (2) applies to a custom run: add --concurrency or --request-rate",
      "--trace=missing.jsonl|--trace (missing.jsonl) does not exist",
      "--embeddings|--embeddings (true) applies to a custom run: add --concurrency or --request-rate",
  })
  void badCustomRunFlagsAreOneLine(String arg, String message) {
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", arg, "--output-dir", dir.toString()), message);
  }

  @Test
  void aToolsFileThatCannotBeSentIsNamed() throws Exception {
    Path missing = dir.resolve("missing.json");
    Path notJson = Files.writeString(dir.resolve("not.json"), "[{");
    Path noName = Files.writeString(dir.resolve("noname.json"), "[{\"type\": \"function\", \"function\": {}}]");
    Path empty = Files.writeString(dir.resolve("empty.json"), "[]");
    String[] custom = {"--base-url", url, "--model", "m", "--concurrency", "1", "--output-dir", dir.toString()};
    assertUsage(CliRunner.run(concat(custom, "--tools", missing.toString())),
        "--tools (" + missing + ") does not exist");
    assertThat(CliRunner.run(concat(custom, "--tools", notJson.toString())).err())
        .startsWith("llmbench: --tools (" + notJson + ") is not JSON: ");
    assertUsage(CliRunner.run(concat(custom, "--tools", noName.toString())),
        "--tools (" + noName + ") element 0 should be {\"type\": \"function\", \"function\": {\"name\": ...}}");
    assertUsage(CliRunner.run(concat(custom, "--tools", empty.toString())),
        "--tools (" + empty + ") should hold a non-empty JSON array of tools");
    assertUsage(CliRunner.run(concat(custom, "--tools", empty.toString(), "--completions")),
        "--tools (" + empty + ") goes with chat requests; drop --completions");
  }

  @Test
  void aTraceThatCannotBeReplayedIsNamed() throws Exception {
    Path trace = Files.writeString(dir.resolve("t.jsonl"), "{\"timestamp\": 0, \"input_length\": 8}\n"
        + "{\"timestamp\": 5, \"input_length\": 0}\n");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--trace", trace.toString()),
        "trace " + trace + " line 2: input_length (0) should be a positive integer");
    Path good = Files.writeString(dir.resolve("good.jsonl"), "{\"timestamp\": 0, \"input_length\": 8}\n");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--trace", good.toString(), "--request-rate", "5"),
        "--request-rate (5) sets the load; --trace replays the trace's own times");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--trace", good.toString(), "--num-prompts", "2"),
        "--num-prompts (2) is more than the trace's 1 requests");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--trace", good.toString(), "--input-len", "9"),
        "--input-len (9) shapes prompts; with --trace they come from the trace");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--concurrency", "1", "--trace-speed", "2"),
        "--trace-speed (2) needs --trace");
  }

  @Test
  void aConcurrencyRampThatCannotRunIsNamed() {
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--concurrency", "4", "--ramp-up-strategy",
        "linear", "--ramp-up-duration", "5"), "--ramp-up-strategy (linear) needs --ramp-up-start-concurrency, the "
        + "workers each closed-loop step starts with");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--concurrency", "4", "--ramp-up-strategy",
        "linear", "--ramp-up-start-concurrency", "1"), "--ramp-up-strategy (linear) needs --ramp-up-duration with "
        + "--concurrency: a closed-loop step has no duration to ramp over");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--concurrency", "2,4", "--ramp-up-strategy",
        "linear", "--ramp-up-start-concurrency", "3", "--ramp-up-duration", "5"),
        "--ramp-up-start-concurrency (3) is more than the step's --concurrency 2");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--request-rate", "4",
        "--ramp-up-start-concurrency", "3"), "--ramp-up-start-concurrency (3) ramps a closed loop's workers: it "
        + "needs --concurrency (an open loop ramps its rate from --ramp-up-start-rps)");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--concurrency", "4", "--ramp-up-start-rps", "3"),
        "--ramp-up-start-rps (3) shapes an open loop's arrivals: it needs --request-rate");
  }

  @Test
  void generationFlagsWithEmbeddingsAreNamed() {
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--embeddings", "--concurrency", "1", "--stream"),
        "--stream (true) applies to generation; --embeddings generates nothing");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--embeddings", "--concurrency", "1",
        "--output-len", "20"), "--output-len (20) applies to generation; --embeddings generates nothing");
  }

  private static String[] concat(String[] first, String... more) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more))
        .toArray(String[]::new);
  }

  @Test
  void customFlagsThatDoNotFitTogetherAreNamed() {
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--concurrency", "2", "--duration", "5"),
        "--duration (5) applies to --request-rate steps only: a closed-loop step is a request count (use --num-prompts)");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--concurrency", "2", "--request-rate", "5"),
        "--concurrency (2) and --request-rate (5) cannot be combined: a custom run is closed-loop or open-loop; "
            + "use --max-concurrency to cap an open loop");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--concurrency", "2", "--burstiness", "0.5"),
        "--burstiness (0.5) shapes an open loop's arrivals: it needs --request-rate");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--request-rate", "5", "--ramp-up-strategy",
        "linear"), "--ramp-up-strategy (linear) needs --ramp-up-start-rps, the rate each step starts at");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--request-rate", "5", "--ramp-up-start-rps", "1"),
        "--ramp-up-start-rps (1) needs --ramp-up-strategy");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--concurrency", "2,2"),
        "--concurrency (2,2) should not repeat a value");
    assertUsage(CliRunner.run("--base-url", url, "--model", "m", "--concurrency", "2", "--quick"),
        "--quick applies to the unified benchmark, not to a custom run (--concurrency/--request-rate); "
            + "use --num-prompts or --duration");
  }

  @Test
  void unreachableTargetExitsOneNamingTheUrlWithoutAStackTrace() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    String closed = "http://127.0.0.1:" + port;
    CliRunner.Run run = CliRunner.run(Map.of(), "--model", "m", "--base-url", closed, "--quick",
        "--output-dir", dir.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(closed).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.err().lines()).hasSize(1);
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).as("no result files for a run that never started").isEmpty();
    }
  }

  @Test
  void reportOfAMissingFileIsBadUsage() {
    CliRunner.Run run = CliRunner.run("report", dir.resolve("nope.json").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("llmbench: report (" + dir.resolve("nope.json") + ") is not a file"
        + System.lineSeparator());
    assertThat(Files.exists(dir.resolve("nope.md"))).isFalse();
  }
}
