package io.github.llmbench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Load;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.Verdict;
import io.github.llmbench.core.TimeSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The live progress line with a fake clock: redrawn with '\r', at most every 250 ms, cleared at step end. */
class ConsoleSinkTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final TimeSource fake = new TimeSource() {
    @Override
    public long wallTimeMillis() {
      return 0;
    }

    @Override
    public long monotonicNanos() {
      return nanos.get();
    }
  };

  private static RequestOutcome ok(int i) {
    return new RequestOutcome("SCALING", "scale_50", i, 0, 1_000_000_000L, true, 200, null, "", 100, 23, true, 0, null);
  }

  @Test
  void liveLineIsRateLimitedAndClearedAtStepEnd() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleSink sink = new ConsoleSink(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, fake);
    sink.onStepStarted(new MetricSink.StepInfo("SCALING", "scale_50", 50, 100));
    nanos.addAndGet(100_000_000L);
    sink.onRequestCompleted(ok(0)); // 0.1 s after the last draw: no redraw
    nanos.addAndGet(200_000_000L);
    sink.onRequestCompleted(ok(1)); // 0.3 s: redraw
    String live = bytes.toString(StandardCharsets.UTF_8);
    assertThat(live.split("\r", -1)).hasSize(3); // two draws
    assertThat(live).endsWith("\r  scale_50  done 2/100  in flight 50  0.3 s  153.3 tok/s wall");
    assertThat(live).contains("\r  scale_50  done 0/100  in flight 50  0.0 s  0.0 tok/s wall");

    var stats = StepAggregator.aggregate(List.of(ok(0), ok(1)), 2);
    sink.onStepCompleted(new StepResult("SCALING", "scale_50", io.github.llmbench.api.TestType.TEXT, 50, stats,
        Verdict.of(Status.DEGRADED, "p99 1.000 s > 2.0 x baseline p99 0.100 s"),
            io.github.llmbench.api.StepMeasurement.UNRECORDED));
    String all = bytes.toString(StandardCharsets.UTF_8);
    String tail = all.substring(live.length());
    String lastLine = "  scale_50  done 2/100  in flight 50  0.3 s  153.3 tok/s wall";
    assertThat(tail).startsWith("\r" + " ".repeat(lastLine.length()) + "\r");
    assertThat(tail.trim()).isEqualTo("scale_50     c=50      2/2  p50 1.000s p99 1.000s     46.0 tok/s wall "
        + "DEGRADED" + System.lineSeparator() + "    why: p99 1.000 s > 2.0 x baseline p99 0.100 s");
    assertThat(tail.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(ConsoleSink.WIDTH));
  }

  @Test
  void theLiveLineSaysStepNOfNAndTheRunsEtaInEightyColumns() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleSink sink = new ConsoleSink(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, fake);
    io.github.llmbench.api.Benchmark benchmark = io.github.llmbench.api.Benchmark.builder()
        .target("http://127.0.0.1:9", "m")
        .phases(io.github.llmbench.api.Phase.of("SCALING",
            io.github.llmbench.api.Step.of("scale_5", io.github.llmbench.api.Load.concurrency(5), 10,
                io.github.llmbench.api.RequestBuilders.chat("x", 1)),
            io.github.llmbench.api.Step.of("a_rather_long_step_name_that_goes_on",
                io.github.llmbench.api.Load.concurrency(50), 90,
                io.github.llmbench.api.RequestBuilders.chat("x", 1))))
        .build();
    sink.onRunStarted(benchmark);
    sink.onStepStarted(new MetricSink.StepInfo("SCALING", "scale_5", 5, 10));
    nanos.addAndGet(1_000_000_000L);
    for (int i = 0; i < 9; i++) sink.onRequestCompleted(ok(i));
    nanos.addAndGet(250_000_000L);
    sink.onRequestCompleted(ok(9)); // 10 of the run's 100 requests in 1.25 s: about 11 s to go
    String live = bytes.toString(StandardCharsets.UTF_8);
    assertThat(live).endsWith("\r  [1/2] scale_5  done 10/10  in flight 0  1.3 s  184.0 tok/s wall  ETA ~0m11s");
    sink.onStepStarted(new MetricSink.StepInfo("SCALING", "a_rather_long_step_name_that_goes_on", 50, 90));
    nanos.addAndGet(1_000_000_000L);
    sink.onRequestCompleted(ok(0));
    String last = bytes.toString(StandardCharsets.UTF_8);
    last = last.substring(last.lastIndexOf('\r') + 1).strip();
    assertThat(last).startsWith("[2/2] a_rather_long_step_name_that_goes_on  done 1/90");
    assertThat(last.length()).isLessThan(ConsoleSink.WIDTH);
  }

  private static StepResult step(io.github.llmbench.api.StepStatistics stats, int concurrency) {
    return new StepResult("SCALING", "scale_x", io.github.llmbench.api.TestType.TEXT, concurrency, stats,
        Verdict.of(Status.OK, "ok"), io.github.llmbench.api.StepMeasurement.UNRECORDED);
  }

  private static io.github.llmbench.api.LatencySummary at(double p50Sec, double p99Sec) {
    return new io.github.llmbench.api.LatencySummary(10, p50Sec, p50Sec, 0, p50Sec, p99Sec, p99Sec, p99Sec, p99Sec,
        p99Sec);
  }

  @Test
  void aStepWhereNothingSucceededShowsNoLatencyRatherThanTheScriptsZero() {
    var stats = io.github.llmbench.api.StepStatistics.builder().requests(5, 0, 5).build();
    String line = ConsoleSink.stepLine(step(stats, 5));
    assertThat(line).contains("0/5").contains("p50 —").contains("p99 —").doesNotContain("0.000s");
  }

  @Test
  void aStreamedStepShowsTtftAndTpotBesideItsLatency() {
    var stream = new io.github.llmbench.api.StreamStatistics(10, at(0.120, 0.250), at(0.010, 0.030),
        at(0.0123, 0.0456), at(1.0, 2.0), false);
    var stats = io.github.llmbench.api.StepStatistics.builder().requests(10, 10, 0).scriptLatencySec(1, 2, 2)
        .stream(java.util.Optional.of(stream)).build();
    assertThat(ConsoleSink.stepLines(step(stats, 5)))
        .contains("    stream: TTFT p50 0.120s p99 0.250s  TPOT p50 12.3 ms p99 45.6 ms");
    var plain = io.github.llmbench.api.StepStatistics.builder().requests(10, 10, 0).build();
    assertThat(ConsoleSink.stepLines(step(plain, 5))).noneMatch(l -> l.contains("stream:"));
  }

  @Test
  void anOpenLoopStepShowsItsRateWhereAClosedOneShowsItsConcurrency() {
    var open = new io.github.llmbench.api.OpenLoopStatistics(io.github.llmbench.api.Load.Arrival.POISSON, 1, 12.5,
        java.util.Optional.empty(), 0, 12.1,
        io.github.llmbench.api.LatencySummary.EMPTY);
    var stats = io.github.llmbench.api.StepStatistics.builder().requests(10, 10, 0)
        .openLoop(java.util.Optional.of(open)).build();
    assertThat(ConsoleSink.stepLine(step(stats, 0))).contains(" 12.5/s ").doesNotContain("c=0");
    var closed = io.github.llmbench.api.StepStatistics.builder().requests(10, 10, 0).build();
    assertThat(ConsoleSink.stepLine(step(closed, 16))).contains(" c=16 ");
  }
}
