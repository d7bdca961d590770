package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stateful sinks come from a {@link MetricSink.Factory}: one runner runs two benchmarks at the same time, and each
 * run's JSON-lines file and HdrHistogram interval log hold exactly that run's requests.
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
        .phases(Phase.of("P", Step.of(name + "_a", 3, requests, RequestBuilders.chat("x", 2)),
            Step.of(name + "_b", 2, requests / 2, RequestBuilders.chat("x", 2))))
        .build();
  }

  @Test
  void oneRunnerTwoRunsAtOnceEachWithItsOwnFiles() throws Exception {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.okAfter(1, 2, 15)));
    BenchmarkRunner runner = BenchmarkRunner.builder()
        .addSinkFactory(MetricSinks.jsonLinesPerRun(b -> dir.resolve(b.name() + ".jsonl")))
        .addSinkFactory(b -> MetricSinks.histogramLog(dir.resolve(b.name() + ".hlog")))
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

    List<Histogram> intervals = intervals(dir.resolve("one.hlog"));
    assertThat(intervals).extracting(Histogram::getTag).containsExactly("one_a", "one_b");
    assertThat(intervals).extracting(Histogram::getTotalCount).containsExactly(40L, 20L);
    // The log's values are the run's latencies, within HdrHistogram's precision (3 digits).
    double maxSec = r1.steps().get(0).statistics().latency().maxSec();
    assertThat(intervals.get(0).getMaxValue() / 1e9).isCloseTo(maxSec, org.assertj.core.data.Percentage.withPercentage(0.2));
    assertThat(intervals(dir.resolve("two.hlog"))).extracting(Histogram::getTotalCount).containsExactly(24L, 12L);
  }

  private static List<Histogram> intervals(Path log) throws FileNotFoundException {
    HistogramLogReader reader = new HistogramLogReader(log.toFile());
    List<Histogram> out = new ArrayList<>();
    EncodableHistogram h;
    while ((h = reader.nextIntervalHistogram()) != null) out.add((Histogram) h);
    reader.close();
    return out;
  }
}
