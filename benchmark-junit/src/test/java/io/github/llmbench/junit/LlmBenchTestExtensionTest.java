package io.github.llmbench.junit;

import static io.github.llmbench.junit.LlmBenchAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.LlmBench;
import io.github.llmbench.core.TargetCheck;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs small test classes through the real Jupiter engine with {@link EngineTestKit} and checks what
 * {@link LlmBenchTest} gave them: a live simulator shared across the run and closed after it, a real target when one
 * is configured, and a skip with a reason when that real target does not answer.
 */
class LlmBenchTestExtensionTest {
  /** What the inner test classes saw; they run one engine execution at a time. */
  static final List<Target> TARGETS = new CopyOnWriteArrayList<>();
  static final List<SimulatedLlmServer> SERVERS = new CopyOnWriteArrayList<>();
  static final List<BenchmarkResult> RESULTS = new CopyOnWriteArrayList<>();

  @BeforeEach
  void clear() {
    TARGETS.clear();
    SERVERS.clear();
    RESULTS.clear();
  }

  private static void assumeNoRealTargetInEnvironment() {
    assumeTrue(System.getenv(LlmBenchTest.BASE_URL_ENV) == null,
        LlmBenchTest.BASE_URL_ENV + " is set, so the extension would not simulate");
  }

  // ---- the test classes run through the engine (surefire skips nested classes) ----

  @LlmBenchTest(timeScale = 0.05)
  static class SimulatedTests {
    @Test
    void runsABenchmarkAgainstTheInjectedTarget(Target target, SimulatedLlmServer server) {
      TARGETS.add(target);
      SERVERS.add(server);
      BenchmarkResult result = LlmBench.run(Benchmark.builder().target(target)
          .phases(Phase.of("gate", Step.of("c2", Load.concurrency(2), 6, RequestBuilders.chat("Hello there", 8)))).build());
      RESULTS.add(result);
      assertThat(result).isCompleted().step("c2").hasNoFailures();
    }

    @Test
    void getsTheSameServer(Target target) {
      TARGETS.add(target);
      org.assertj.core.api.Assertions.assertThat(TargetCheck.problem(target, Duration.ofSeconds(5))).isEmpty();
    }
  }

  @LlmBenchTest(timeScale = 0.05)
  static class TwoTimeScales {
    @Test
    void classSetting(SimulatedLlmServer server) {
      SERVERS.add(server);
    }

    @Test
    @LlmBenchTest(timeScale = 0.2)
    void methodSettingWins(SimulatedLlmServer server) {
      SERVERS.add(server);
    }
  }

  @LlmBenchTest
  static class RealTargetTests {
    @Test
    void usesTheTarget(Target target) {
      TARGETS.add(target);
    }
  }

  static class RealTargetMethodTests {
    @Test
    @LlmBenchTest
    void usesTheTarget(Target target) {
      TARGETS.add(target);
    }

    @Test
    @LlmBenchTest
    void wantsTheSimulator(SimulatedLlmServer server) {
      SERVERS.add(server);
    }
  }

  // ---- the checks ----

  @Test
  void simulatorIsInjectedSharedAcrossTestsAndClosedAfterTheRun() throws IOException {
    assumeNoRealTargetInEnvironment();
    EngineExecutionResults results = run(SimulatedTests.class, Map.of());

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));
    org.assertj.core.api.Assertions.assertThat(TARGETS).hasSize(2);
    Target target = TARGETS.get(0);
    org.assertj.core.api.Assertions.assertThat(TARGETS.get(1)).as("one simulator for the run").isEqualTo(target);
    org.assertj.core.api.Assertions.assertThat(target.baseUrl()).startsWith("http://127.0.0.1:");
    org.assertj.core.api.Assertions.assertThat(target.model()).isEqualTo(SimulatedLlmServer.DEFAULT_MODEL);
    SimulatedLlmServer server = SERVERS.get(0);
    org.assertj.core.api.Assertions.assertThat(server.config().timeScale()).isEqualTo(0.05);
    org.assertj.core.api.Assertions.assertThat(RESULTS.get(0).baseUrl()).isEqualTo(target.baseUrl());

    // JUnit closed the server when the run ended: the port no longer accepts connections.
    assertRefusesConnections(target.baseUrl());
    assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
  }

  @Test
  void eachTimeScaleGetsItsOwnSimulatorAndTheNearestAnnotationWins() throws IOException {
    assumeNoRealTargetInEnvironment();
    EngineExecutionResults results = run(TwoTimeScales.class, Map.of());

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    org.assertj.core.api.Assertions.assertThat(SERVERS).extracting(s -> s.config().timeScale())
        .containsExactlyInAnyOrder(0.05, 0.2);
    for (SimulatedLlmServer server : SERVERS) {
      assertThatThrownBy(server::baseUrl).as("closed after the run").isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void unreachableRealTargetFromASystemPropertySkipsTheClassWithTheReason() throws IOException {
    int port = closedPort();
    String url = "http://127.0.0.1:" + port;
    EngineExecutionResults results = withSystemProperties(
        Map.of(LlmBenchTest.BASE_URL_PROPERTY, url, LlmBenchTest.MODEL_PROPERTY, "my-model"),
        () -> run(RealTargetTests.class, Map.of()));

    results.containerEvents().assertThatEvents().haveExactly(1, event(skippedWithReason(
        "llmbench: real target " + url + " is unreachable: connection refused")));
    results.testEvents().assertStatistics(s -> s.started(0).failed(0));
    org.assertj.core.api.Assertions.assertThat(TARGETS).isEmpty();
  }

  @Test
  void unreachableRealTargetSkipsAnAnnotatedMethodWithTheReason() throws IOException {
    int port = closedPort();
    String url = "http://127.0.0.1:" + port + "/";
    EngineExecutionResults results = withSystemProperties(
        Map.of(LlmBenchTest.BASE_URL_PROPERTY, url, LlmBenchTest.MODEL_PROPERTY, "my-model"),
        () -> run(RealTargetMethodTests.class, Map.of()));

    results.testEvents().assertStatistics(s -> s.skipped(2).started(0));
    results.testEvents().assertThatEvents().haveExactly(1, event(test("usesTheTarget"), skippedWithReason(
        "llmbench: real target http://127.0.0.1:" + port + " is unreachable: connection refused")));
  }

  @Test
  void reachableRealTargetIsInjectedAndSimulatorOnlyTestsAreSkipped() {
    try (SimulatedLlmServer real = SimulatedLlmServer.start(SimulatorConfig.builder().model("real-model").build())) {
      EngineExecutionResults results = run(RealTargetMethodTests.class, Map.of(
          LlmBenchTest.BASE_URL_PROPERTY, real.baseUrl(), LlmBenchTest.MODEL_PROPERTY, "real-model"));

      results.testEvents().assertStatistics(s -> s.succeeded(1).skipped(1).failed(0));
      results.testEvents().assertThatEvents().haveExactly(1, event(test("wantsTheSimulator"), skippedWithReason(
          r -> r.contains("needs the simulated server but a real target is configured (" + real.baseUrl() + ")"))));
      org.assertj.core.api.Assertions.assertThat(TARGETS).containsExactly(Target.of(real.baseUrl(), "real-model"));
      org.assertj.core.api.Assertions.assertThat(SERVERS).isEmpty();
      org.assertj.core.api.Assertions.assertThat(real.statistics().requests("/v1/models"))
          .as("the reachability check").isEqualTo(1);
    }
  }

  @Test
  void realTargetWithoutAModelFailsAndSaysWhatToSet() {
    assumeTrue(System.getenv(LlmBenchTest.MODEL_ENV) == null, LlmBenchTest.MODEL_ENV + " is set");
    try (SimulatedLlmServer real = SimulatedLlmServer.start(SimulatorConfig.defaults())) {
      EngineExecutionResults results = run(RealTargetTests.class,
          Map.of(LlmBenchTest.BASE_URL_PROPERTY, real.baseUrl()));

      results.testEvents().assertStatistics(s -> s.failed(1));
      results.testEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(message(m -> m.contains(
          "llmbench: real target " + real.baseUrl() + " needs a model: set -Dllmbench.model=NAME or LLMBENCH_MODEL")))));
    }
  }

  // ---- helpers ----

  private static EngineExecutionResults run(Class<?> testClass, Map<String, String> configuration) {
    return EngineTestKit.engine("junit-jupiter").configurationParameters(configuration)
        .selectors(selectClass(testClass)).execute();
  }

  private static <T> T withSystemProperties(Map<String, String> properties, Supplier<T> action) {
    properties.forEach(System::setProperty);
    try {
      return action.get();
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void assertRefusesConnections(String baseUrl) throws IOException {
    int port = Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
    try (Socket socket = new Socket()) {
      assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", port), 5000))
          .isInstanceOf(ConnectException.class);
    }
  }
}
