package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stateful sinks come from a {@link MetricSink.Factory}: one runner runs two benchmarks at the same time, and each
 * run's JSON-lines file holds exactly that run's requests (the CLI's interval logs use the same factories).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PerRunSinksTest {
  @TempDir Path dir;
  private MockWebServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private Benchmark benchmark(String name, int requests) {
    return Benchmark.builder().name(name).target(Target.of(baseUrl(server), "m"))
        .phases(Phase.of("P", Step.of(name + "_a", Load.concurrency(3), requests, RequestBuilders.chat("x", 2)),
            Step.of(name + "_b", Load.concurrency(2), requests / 2, RequestBuilders.chat("x", 2))))
        .build();
  }

  @Test
  void oneRunnerTwoRunsAtOnceEachWithItsOwnFiles() throws Exception {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.okAfter(1, 2, 15)));
    BenchmarkRunner runner = BenchmarkRunner.builder()
        .addSinkFactory(MetricSinks.jsonLinesPerRun(b -> dir.resolve(b.name() + ".jsonl")))
        .build();
    BenchmarkRun first = runner.start(benchmark("one", 40));
    BenchmarkRun second = runner.start(benchmark("two", 24));
    BenchmarkResult r1 = first.await();
    BenchmarkResult r2 = second.await();
    assertThat(r1.sinkFailures()).isZero();
    assertThat(r2.sinkFailures()).isZero();

    List<String> one = Files.readAllLines(dir.resolve("one.jsonl"), StandardCharsets.UTF_8);
    List<String> two = Files.readAllLines(dir.resolve("two.jsonl"), StandardCharsets.UTF_8);
    assertThat(one).hasSize(40 + 20).allMatch(l -> l.contains("\"step\":\"one_"));
    assertThat(two).hasSize(24 + 12).allMatch(l -> l.contains("\"step\":\"two_"));
  }
}
