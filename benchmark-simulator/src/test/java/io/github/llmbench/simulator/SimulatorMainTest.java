package io.github.llmbench.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {
  final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  int run(String... args) {
    return SimulatorMain.run(args, out, err, new CountDownLatch(0));
  }

  String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void unknownFlagIsOneLineAndExitCode2() {
    assertThat(run("--bogus")).isEqualTo(2);
    assertThat(err()).isEqualTo("error: unknown flag --bogus (try --help)" + System.lineSeparator());
    assertThat(outBytes.size()).isZero();
  }

  @Test
  void badValuesAreExitCode2() {
    assertThat(run("--port", "abc")).isEqualTo(2);
    assertThat(err()).contains("--port expects an integer between 0 and 65535, got 'abc'");
    assertThat(run("--time-scale=0")).isEqualTo(2);
    assertThat(err()).contains("timeScale (0.0)");
    assertThat(run("--max-running")).isEqualTo(2);
    assertThat(err()).contains("--max-running needs a value");
    assertThat(run("--reject-status", "500")).isEqualTo(2);
    assertThat(err().lines().count()).isEqualTo(4);
  }

  @Test
  void helpPrintsUsageAndExits0() {
    assertThat(run("--help")).isEqualTo(0);
    assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("--time-scale", "--max-waiting", "--seed",
        "--kv-cache-tokens", "--no-metrics");
  }

  @Test
  void startsServesAndStops() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> SimulatorMain.run(
        new String[] {"--port", "0", "--model", "my/model", "--time-scale", "0.01", "--max-running=4"},
        out, err, stop));
    Pattern listening = Pattern.compile(
        "Simulated LLM server listening on (http://127\\.0\\.0\\.1:\\d+) \\(model my/model\\)");
    SimClient.await("the listening line", () -> listening.matcher(outBytes.toString(StandardCharsets.UTF_8)).find());
    Matcher m = listening.matcher(outBytes.toString(StandardCharsets.UTF_8));
    assertThat(m.find()).isTrue();
    HttpResponse<String> models = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(m.group(1) + "/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(models.body()).contains("\"id\":\"my/model\"");
    stop.countDown();
    assertThat(exit.get()).isEqualTo(0);
  }

  @Test
  @org.junit.jupiter.api.Timeout(30)
  void noMetricsTurnsMetricsOffAndKvCacheTokensIsValidated() throws Exception {
    assertThat(run("--kv-cache-tokens", "-1")).isEqualTo(2);
    assertThat(err()).contains("--kv-cache-tokens expects an integer");
    CountDownLatch stop = new CountDownLatch(1);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> SimulatorMain.run(
        new String[] {"--port", "0", "--no-metrics", "--kv-cache-tokens=1000"}, out, err, stop));
    Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    SimClient.await("the listening line", () -> listening.matcher(outBytes.toString(StandardCharsets.UTF_8)).find());
    Matcher m = listening.matcher(outBytes.toString(StandardCharsets.UTF_8));
    assertThat(m.find()).isTrue();
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(m.group(1) + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(404);
    stop.countDown();
    assertThat(exit.get()).isEqualTo(0);
  }
}
