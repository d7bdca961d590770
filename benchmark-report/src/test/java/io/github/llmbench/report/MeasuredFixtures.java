package io.github.llmbench.report;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.Goodput;
import io.github.llmbench.api.ServerMetrics;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Trim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * {@link Fixtures#unifiedRun()} as the engine now records it: every step measured (achieved load: the most in flight
 * is the step's concurrency capped by its request count, the mean 90 % of it), the client's self-check on every
 * step with extreme_300 client-bound, the server's metrics on the SCALING and SATURATION steps, an e2e SLO of 5 s
 * with goodput on every step, and a pre-flight.
 */
final class MeasuredFixtures {
  static final String SLO = "e2e<=5000ms";
  static final String CLIENT_REASON = "p99 latency could be 48.0 ms (4.8 %) too high";

  /** SLO attainment per step; what met 5 s in the fixture's latencies, roughly. */
  static final Map<String, Double> SHARE = Map.ofEntries(Map.entry("single", 1.0), Map.entry("baseline", 1.0),
      Map.entry("scale_5", 1.0), Map.entry("scale_10", 1.0), Map.entry("scale_25", 1.0), Map.entry("scale_50", 0.56),
      Map.entry("long_output", 0.0), Map.entry("long_context", 0.4), Map.entry("extreme_150", 0.02),
      Map.entry("extreme_200", 0.0), Map.entry("extreme_300", 0.0), Map.entry("extreme_500", 0.0));

  private MeasuredFixtures() {}

  static BenchmarkResult measured() {
    BenchmarkResult base = Fixtures.unifiedRun();
    List<BenchmarkResult.PhaseResult> phases = new ArrayList<>();
    for (BenchmarkResult.PhaseResult p : base.phases()) {
      List<StepResult> steps = new ArrayList<>();
      for (StepResult s : p.steps()) steps.add(measure(s));
      phases.add(new BenchmarkResult.PhaseResult(p.name(), steps, p.stopReason()));
    }
    return new BenchmarkResult(base.name(), base.baseUrl(), base.model(), base.settings(), base.environment(),
        base.startedAt(), base.finishedAt(), phases, base.abortReason(), base.sinkFailures(),
        Optional.of(new BenchmarkResult.Preflight(412_000_000L, 200, 1, 380_000_000L, true, 200, "")));
  }

  static StepResult measure(StepResult s) {
    int inFlight = Math.min(s.concurrency(), s.numRequests());
    boolean bound = s.testName().equals("extreme_300");
    ClientHealth health = new ClientHealth(s.statistics().measured().wallClockSec() * 1000,
        new ClientHealth.SendLag(s.numRequests(), 0.2, bound ? 35 : 1.5, bound ? 60 : 3),
        new ClientHealth.Hiccups(bound ? 48 : 2, bound ? 30 : 1, bound ? 45 : 2, bound ? 400 : 5),
        new ClientHealth.Gc(3, 12, 0.001, OptionalDouble.of(5)),
        new ClientHealth.Cpu(OptionalDouble.of(bound ? 0.97 : 0.3), 2, OptionalDouble.of(1.2)),
        List.of(new ClientHealth.FigureBound(ClientHealth.Figure.LATENCY_P99,
            1000 * s.statistics().script().latencyP99Sec(),
            bound ? 48 : 0.2)), bound, bound ? List.of(CLIENT_REASON) : List.of());
    Optional<ServerMetrics> server = Optional.empty();
    if (s.phase().equals("SCALING") || s.phase().equals("SATURATION")) {
      double waiting = Math.max(0, inFlight - 128);
      server = Optional.of(new ServerMetrics("http://127.0.0.1:8000/metrics", 12, Duration.ofSeconds(11),
          OptionalDouble.of(Math.min(inFlight, 128)), OptionalDouble.of(Math.min(inFlight, 128) * 0.9),
          OptionalDouble.of(waiting), OptionalDouble.of(waiting * 0.6), OptionalDouble.of(Math.min(0.99,
          inFlight / 150.0)), OptionalDouble.of(Math.min(0.9, inFlight / 180.0)),
          OptionalLong.of(inFlight > 128 ? 7 : 0), OptionalLong.of(s.statistics().promptTokens()),
          OptionalLong.of(s.statistics().completionTokens()), OptionalLong.of(s.statistics().successful()),
          OptionalLong.of(s.statistics().promptTokens()), OptionalLong.of(s.statistics().promptTokens() / 4),
          Optional.empty(),
          Optional.of(new ServerMetrics.LatencyEstimate(Math.max(1, s.statistics().successful()), 0.3,
              new ServerMetrics.BucketRange(0.2, 0.3), new ServerMetrics.BucketRange(0.8, 1.0))),
          Optional.of(new ServerMetrics.LatencyEstimate(Math.max(1, s.statistics().successful()),
              s.latencyP50Sec(), new ServerMetrics.BucketRange(0.5, 0.8),
              new ServerMetrics.BucketRange(10, Double.POSITIVE_INFINITY)))));
    }
    StepMeasurement m = new StepMeasurement(ClientSettings.ConnectionMode.WARM, inFlight, 1_250_000L, Trim.NONE, 0,
        inFlight,
        inFlight * 0.9, Optional.of(health), server, 0, 0, java.util.Optional.empty(),
        Optional.of(io.github.llmbench.api.ClientSettings.TransportKind.NETTY));
    double share = SHARE.get(s.testName());
    long met = Math.round(share * s.numRequests());
    Goodput g = new Goodput(SLO, met, (double) met / s.numRequests(), met / s.statistics().measured().wallClockSec(),
        met * 200 / s.statistics().measured().wallClockSec());
    return new StepResult(s.phase(), s.testName(), s.testType(), s.concurrency(),
        s.statistics().withExtras(Optional.empty(), Optional.empty(), Optional.of(g)), s.verdict(), m);
  }
}
