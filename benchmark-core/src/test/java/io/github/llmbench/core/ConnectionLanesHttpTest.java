package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closed-loop workers take their connections from lanes (pools of their own beside the shared one): each worker
 * still opens one before the clock, and a step's connections are still there for the next step, as they were in
 * one shared pool. Counted by the server, per connection.
 */
@Timeout(60)
class ConnectionLanesHttpTest {
  private MockWebServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  @Test
  void eachWorkerOpensItsConnectionBeforeTheClockAndTheNextStepFindsThemOpen() {
    // Slow enough that each step's first c requests are at the server together, each on a connection of its own.
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.isScrape(r) ? TestServers.json(404, "{}")
        : TestServers.okAfter(1, 1, 30)));
    int c = 8;
    Benchmark benchmark = Benchmark.builder().name("lanes").target(Target.of(baseUrl(server), "m"))
        .phases(Phase.of("P", Step.of("first", Load.concurrency(c), 4 * c, RequestBuilders.chat("Hi", 4)),
            Step.of("second", Load.concurrency(c), 4 * c, RequestBuilders.chat("Hi", 4))))
        .build();
    BenchmarkResult result = BenchmarkRunner.builder().build().run(benchmark);
    assertThat(result.completed()).as(result.abortReason().message()).isTrue();
    assertThat(result.steps()).allSatisfy(s -> assertThat(s.statistics().successful()).isEqualTo(4 * c));

    List<RecordedRequest> completions = TestServers.completions(server);
    // The pre-flight's request (on the shared pool), then the two steps'.
    assertThat(completions).hasSizeGreaterThanOrEqualTo(8 * c);
    List<RecordedRequest> steps = completions.subList(completions.size() - 8 * c, completions.size());
    Set<Integer> firstStep = connections(steps.subList(0, 4 * c));
    Set<Integer> secondStep = connections(steps.subList(4 * c, 8 * c));
    // Every worker held a connection of its own while the others opened theirs: c at least, one per worker.
    assertThat(firstStep).hasSizeGreaterThanOrEqualTo(c);
    // The second step rides on the first's connections; a lane short of one by the round-robin opens one more.
    Set<Integer> opened = secondStep.stream().filter(i -> !firstStep.contains(i)).collect(Collectors.toSet());
    assertThat(opened).as("connections the second step opened").hasSizeLessThanOrEqualTo(2);
  }

  private static Set<Integer> connections(List<RecordedRequest> requests) {
    return requests.stream().map(RecordedRequest::getConnectionIndex).collect(Collectors.toSet());
  }
}
