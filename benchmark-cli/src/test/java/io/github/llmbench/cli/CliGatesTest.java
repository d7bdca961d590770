package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Verdict;
import io.github.llmbench.report.JsonReports;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CI gates on real runs over loopback: each failing gate exits 3 with one line naming the gate, the step and the
 * figure, and the results are saved all the same; a gate that holds changes nothing.
 */
@Timeout(60)
class CliGatesTest {
  private static final String NL = System.lineSeparator();
  @TempDir Path dir;
  private SimulatedLlmServer server;

  @BeforeEach
  void start() {
    server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static CliRunner.Run run(String url, String model, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("--base-url", url, "--model", model, "--concurrency", "1,2",
        "--num-prompts", "4", "--output-len", "5", "--output-dir", out.toString()));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  private CliRunner.Run runSimulator(Path out, String... extra) {
    return run(server.baseUrl(), server.model(), out, extra);
  }

  @Test
  void failOnStatusExitsThreeNamingTheStepAndKeepsTheResults() throws Exception {
    try (FakeOpenAi failing = new FakeOpenAi()) {
      // A 500 does not stop the pre-flight (a server failing now and then is measured), so both steps run and fail.
      failing.completions(500, "{\"error\":{\"message\":\"engine crashed\"}}");
      Path gated = dir.resolve("gated");
      CliRunner.Run run = run(failing.url(), "m", gated, "--fail-on", "degraded,FAILING");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
      assertThat(run.err()).startsWith("llmbench: gate --fail-on DEGRADED,FAILING failed: step c1 (CUSTOM) is FAILING (")
          .endsWith("; and 1 more step" + NL);
      assertThat(run.err().lines()).hasSize(1);
      assertThat(gated.resolve(CliRunner.BASE + ".json")).as("results saved").isRegularFile();
      assertThat(JsonReports.read(gated.resolve(CliRunner.BASE + ".json")).steps()).hasSize(2);

      CliRunner.Run ungated = run(failing.url(), "m", dir.resolve("ungated"));
      assertThat(ungated.exitCode()).as(ungated.err()).isZero();
      CliRunner.Run other = run(failing.url(), "m", dir.resolve("other"), "--fail-on", "DEGRADED");
      assertThat(other.exitCode()).as("a gate on another status holds: " + other.err()).isZero();
    }
  }

  @Test
  void failOnSloExitsThreeWhenAStepsGoodputIsBelowThePercentage() {
    CliRunner.Run run = runSimulator(dir.resolve("strict"), "--slo-e2e-ms", "0.001", "--fail-on-slo", "50");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).isEqualTo("llmbench: gate --fail-on-slo 50 failed: step c1 (CUSTOM) met the objectives "
        + "(e2e<=0.001ms) in 0.0 % of its requests, below 50 %; and 1 more step" + NL);
    assertThat(dir.resolve("strict").resolve(CliRunner.BASE + ".json")).isRegularFile();

    CliRunner.Run loose = runSimulator(dir.resolve("loose"), "--slo-e2e-ms", "60000", "--fail-on-slo", "99.5");
    assertThat(loose.exitCode()).as(loose.err()).isZero();
    assertThat(loose.err()).isEmpty();
  }

  @Test
  void failIfClientBoundNamesTheClientBoundStep() throws Exception {
    CliRunner.Run run = runSimulator(dir, "--fail-if-client-bound");
    BenchmarkResult real = JsonReports.read(dir.resolve(CliRunner.BASE + ".json"));
    List<String> clientBound = real.steps().stream().filter(s -> s.measurement().clientBound())
        .map(StepResult::testName).toList();
    // The gate agrees with the saved steps, whatever this machine's load made of them.
    assertThat(run.exitCode()).as(run.err()).isEqualTo(clientBound.isEmpty() ? 0 : 3);

    Gates gate = new Gates(java.util.Set.of(), true, OptionalDouble.empty(), false);
    assertThat(gate.failures(withoutClientBound(real))).isEmpty();
    // The same run with its second step marked client-bound, as the client's self-check marks it.
    BenchmarkResult marked = withClientBound(withoutClientBound(real), "c2");
    assertThat(gate.failures(marked)).containsExactly("gate --fail-if-client-bound failed: step c2 (CUSTOM) is "
        + "client-bound: p99 latency could be 12.0 ms (2.4 %) too high");
  }

  @Test
  void failOnMarginalNamesTheMarginalDecision() throws Exception {
    CliRunner.Run run = runSimulator(dir, "--fail-on-marginal");
    BenchmarkResult real = JsonReports.read(dir.resolve(CliRunner.BASE + ".json"));
    assertThat(real.steps()).allSatisfy(s -> assertThat(s.verdict().rules()).isNotEmpty());
    boolean marginal = real.steps().stream().anyMatch(s -> s.verdict().marginal());
    // The gate agrees with the saved decisions, whatever this machine's noise made of them.
    assertThat(run.exitCode()).as(run.err()).isEqualTo(marginal ? 3 : 0);

    // A success rate of 19 out of 20 sits on the 95 % threshold: its Wilson interval straddles it.
    io.github.llmbench.api.Verdict.RuleDecision onTheLine = new io.github.llmbench.api.Verdict.RuleDecision("success rate",
        io.github.llmbench.api.Verdict.RuleDecision.Comparison.LESS_THAN, 0.95, 0.9, java.util.Optional.of(
            new io.github.llmbench.api.ConfidenceInterval(0.9, 0.70, 0.97, 0.95,
                io.github.llmbench.api.ConfidenceInterval.Method.WILSON_SCORE)),
        20, java.util.OptionalLong.of(400));
    StepResult first = real.steps().get(0);
    StepResult judged = new StepResult(first.phase(), first.testName(), first.testType(), first.concurrency(),
        first.statistics(), first.verdict().withRules(List.of(onTheLine)), first.measurement());
    BenchmarkResult marked = new BenchmarkResult(real.name(), real.baseUrl(), real.model(), real.settings(),
        real.environment(), real.startedAt(), real.finishedAt(),
        List.of(new io.github.llmbench.api.BenchmarkResult.PhaseResult(first.phase(), List.of(judged), "")),
        real.abortReason(), real.sinkFailures(), real.preflight());
    Gates gate = new Gates(java.util.Set.of(), false, OptionalDouble.empty(), true);
    assertThat(gate.failures(marked)).containsExactly("gate --fail-on-marginal failed: step c1 (CUSTOM) has a "
        + "marginal decision: " + first.status() + " (marginal): success rate 0.90, 95 % CI 0.70–0.97");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--fail-on BROKEN|--fail-on (BROKEN) should be a comma-separated list of statuses among OK, DEGRADED, SATURATED, FAILING",
      "--fail-on-slo 95|--fail-on-slo (95) needs an objective: add --slo-e2e-ms, --slo-ttft-ms or --slo-tpot-ms",
      "--fail-on-slo 101 --slo-e2e-ms 100|--fail-on-slo (101) should be a percentage up to 100",
      "--fail-on-slo 0 --slo-e2e-ms 100|--fail-on-slo (0) should be a positive number",
  })
  void badGateValuesAreOneLineAndSendNothing(String flags, String message) {
    CliRunner.Run run = runSimulator(dir, flags.split(" "));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("llmbench: " + message + NL);
    assertThat(server.statistics().requests()).isEmpty();
  }

  private static BenchmarkResult withoutClientBound(BenchmarkResult r) {
    return map(r, s -> s.measurement().clientBound() ? withHealth(s, Optional.empty()) : s);
  }

  private static BenchmarkResult withClientBound(BenchmarkResult r, String step) {
    ClientHealth bound = new ClientHealth(1000, ClientHealth.SendLag.NONE,
        new ClientHealth.Hiccups(15, 12, 15, 40), ClientHealth.Gc.NONE,
        new ClientHealth.Cpu(OptionalDouble.of(0.5), 2, OptionalDouble.empty()),
        List.of(new ClientHealth.FigureBound(ClientHealth.Figure.LATENCY_P99, 500, 12)), true,
        List.of("p99 latency could be 12.0 ms (2.4 %) too high"));
    return map(r, s -> s.testName().equals(step) ? withHealth(s, Optional.of(bound)) : s);
  }

  private static StepResult withHealth(StepResult s, Optional<ClientHealth> health) {
    StepMeasurement m = s.measurement();
    StepMeasurement changed = new StepMeasurement(m.connectionMode(), m.workers(), m.startSpreadNanos(), m.trim(),
        m.trimmedRequests(), m.maxInFlight(), m.meanInFlight(), health, m.serverMetrics(), m.answersNotStreamed(),
        m.answersWithoutUsage(), m.requestShape(), m.transport());
    return new StepResult(s.phase(), s.testName(), s.testType(), s.concurrency(), s.statistics(), s.verdict(), changed);
  }

  private static BenchmarkResult map(BenchmarkResult r, java.util.function.UnaryOperator<StepResult> f) {
    List<BenchmarkResult.PhaseResult> phases = r.phases().stream()
        .map(p -> new BenchmarkResult.PhaseResult(p.name(), p.steps().stream().map(f).toList(),
            p.stopReason())).toList();
    return new BenchmarkResult(r.name(), r.baseUrl(), r.model(), r.settings(), r.environment(), r.startedAt(),
        r.finishedAt(), phases, r.abortReason(), r.sinkFailures(), r.preflight());
  }
}
