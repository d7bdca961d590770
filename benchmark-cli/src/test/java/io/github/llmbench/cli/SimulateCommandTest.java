package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code llmbench simulate}: a server on a free port that answers, stops on a signal, and names its bad flags. */
@Timeout(30)
class SimulateCommandTest {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+) ");

  /** Starts {@code simulate} on a free port; returns the CLI, its exit code to come, and the base URL. */
  private record Started(CliRunner cli, CompletableFuture<CliRunner.Run> run, String baseUrl) {}

  private static Started start(Map<String, String> env, String... flags) throws InterruptedException {
    CliRunner cli = new CliRunner().env(env);
    String[] args = new String[flags.length + 3];
    args[0] = "simulate";
    args[1] = "--port";
    args[2] = "0";
    System.arraycopy(flags, 0, args, 3, flags.length);
    CompletableFuture<CliRunner.Run> run = CompletableFuture.supplyAsync(() -> cli.go(args));
    while (!cli.signals().listening() || !LISTENING.matcher(cli.outSoFar()).find()) {
      if (run.isDone()) throw new AssertionError("simulate ended: " + run.join());
      Thread.sleep(10);
    }
    Matcher m = LISTENING.matcher(cli.outSoFar());
    assertThat(m.find()).isTrue();
    return new Started(cli, run, m.group(1));
  }

  private static HttpResponse<String> post(String url, String body, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) request.header("Authorization", "Bearer " + key);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersAChatRequestOnAFreePortAndStopsOnSigterm() throws Exception {
    Started s = start(Map.of(), "--model", "tiny", "--time-scale", "0.05");
    HttpResponse<String> response = post(s.baseUrl(),
        "{\"model\":\"tiny\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"completion_tokens\":5");

    assertThat(s.cli().signals().send(ExitCode.SIGTERM)).isTrue();
    CliRunner.Run run = s.run().get();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("(model tiny, time scale 0.05)").endsWith("Simulated LLM server stopped"
        + System.lineSeparator());
  }

  @Test
  void faultAndKeyFlagsReachTheServer() throws Exception {
    Started s = start(Map.of("SIM_KEY", "k-123"), "--error-rate", "1", "--require-api-key-env", "SIM_KEY");
    String body = "{\"model\":\"" + io.github.llmbench.simulator.SimulatorConfig.DEFAULT_MODEL
        + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertThat(post(s.baseUrl(), body, null).statusCode()).as("no key").isEqualTo(401);
    assertThat(post(s.baseUrl(), body, "k-123").statusCode()).as("every request an injected error").isEqualTo(500);
    s.cli().signals().send(ExitCode.SIGINT);
    assertThat(s.run().get().exitCode()).isZero();
  }

  @Test
  void metricsCanBeTurnedOffAndTheKvCacheModelled() throws Exception {
    Started off = start(Map.of(), "--no-metrics", "--time-scale", "0.05");
    HttpResponse<String> none = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(off.baseUrl()
        + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(404);
    off.cli().signals().send(ExitCode.SIGTERM);
    assertThat(off.run().get().exitCode()).isZero();

    Started kv = start(Map.of(), "--kv-cache-tokens", "4096", "--time-scale", "0.05");
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(kv.baseUrl()
        + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("vllm:kv_cache_usage_perc");
    kv.cli().signals().send(ExitCode.SIGTERM);
    assertThat(kv.run().get().exitCode()).isZero();
    CliRunner.Run bad = CliRunner.run("simulate", "--kv-cache-tokens", "-5");
    assertThat(bad.err()).startsWith("llmbench: --kv-cache-tokens (-5) is refused by the simulator: kvCacheTokens (-5)");
  }

  @Test
  void theModelNameAndFlagsWrittenWithEqualsReachTheServer() throws Exception {
    Started s = start(Map.of(), "--model", "my/model", "--time-scale=0.01", "--max-running=4");
    HttpResponse<String> models = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.baseUrl()
        + "/v1/models")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(models.body()).contains("\"id\":\"my/model\"");
    s.cli().signals().send(ExitCode.SIGTERM);
    CliRunner.Run run = s.run().get();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("(model my/model, time scale 0.01)");
  }

  @Test
  void anUnknownFlagOrAMissingValueIsOneLineAndNothingStarts() {
    CliRunner.Run unknown = CliRunner.run("simulate", "--bogus");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("llmbench: Unknown option: '--bogus' (see --help)" + System.lineSeparator());
    assertThat(unknown.out()).isEmpty();
    CliRunner.Run missing = CliRunner.run("simulate", "--max-running");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("llmbench: Missing required parameter for option '--max-running' (N) "
        + "(see --help)" + System.lineSeparator());
    assertThat(missing.out()).isEmpty();
  }

  @Test
  void badFlagsNameTheFlagAndTheValue() {
    CliRunner.Run rate = CliRunner.run("simulate", "--error-rate", "2");
    assertThat(rate.exitCode()).isEqualTo(2);
    assertThat(rate.err()).isEqualTo("llmbench: --error-rate (2) is refused by the simulator: errorRate (2.0) "
        + "should be between 0 and 1" + System.lineSeparator());
    CliRunner.Run status = CliRunner.run("simulate", "--reject-status", "404");
    assertThat(status.err()).isEqualTo("llmbench: --reject-status (404) is refused by the simulator: rejectStatus "
        + "(404) should be 503 or 429" + System.lineSeparator());
    CliRunner.Run port = CliRunner.run("simulate", "--port", "70000");
    assertThat(port.err()).isEqualTo("llmbench: --port (70000) should be an integer between 0 and 65535"
        + System.lineSeparator());
    assertThat(CliRunner.run("simulate", "--port", "abc").err()).isEqualTo("llmbench: --port (abc) should be an "
        + "integer between 0 and 65535" + System.lineSeparator());
    CliRunner.Run scale = CliRunner.run("simulate", "--time-scale=0");
    assertThat(scale.exitCode()).isEqualTo(2);
    assertThat(scale.err()).startsWith("llmbench: --time-scale (0) is refused by the simulator: timeScale (0.0)");
    assertThat(CliRunner.run("simulate", "--help").out()).contains("--drop-rate", "--stall-ms", "--omit-usage",
        "--time-scale", "--max-running");
  }
}
