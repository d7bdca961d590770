package io.github.llmbench.report.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Verdict;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntervalLogSinkTest {
  @TempDir Path dir;

  @Test
  void logsOneIntervalPerFinishedStepOfItsSuccessfulLatencies() throws Exception {
    AtomicLong now = new AtomicLong(1_764_000_000_000L);
    Path file = dir.resolve("run.hlog");
    IntervalLogSink sink = IntervalLogSink.open(file, now::get);

    sink.onStepStarted(new MetricSink.StepInfo("P", "c4", 4, 3));
    sink.onRequestCompleted(ok("c4", 0, 120_000_000));
    sink.onRequestCompleted(ok("c4", 1, 250_000_000));
    sink.onRequestCompleted(new RequestOutcome("P", "c4", 2, 0, 9_000_000_000L, false, 500,
        RequestOutcome.FailureKind.HTTP_STATUS,
        "", 0, 0, false, 0, null));
    now.addAndGet(4_250);
    sink.onStepCompleted(step("c4"));

    // A step that was cancelled never completes: nothing of it is logged.
    sink.onStepStarted(new MetricSink.StepInfo("P", "c8", 8, 8));
    sink.onRequestCompleted(ok("c8", 0, 1_000_000));
    sink.close();

    Map<String, Histogram> log = IntervalLog.read(file);
    assertThat(log).containsOnlyKeys("c4");
    Histogram h = log.get("c4");
    assertThat(h.getTotalCount()).isEqualTo(2);
    assertThat(h.getNumberOfSignificantValueDigits()).isEqualTo(3);
    assertThat(h.getCountAtValue(120_000_000)).isEqualTo(1);
    assertThat(h.getCountAtValue(250_000_000)).isEqualTo(1);
    assertThat(h.getStartTimeStamp()).isEqualTo(1_764_000_000_000L);
    assertThat(h.getEndTimeStamp()).isEqualTo(1_764_000_004_250L);
  }

  private static RequestOutcome ok(String step, int index, long latencyNanos) {
    return new RequestOutcome("P", step, index, 0, latencyNanos, true, 200, null, "", 10, 10, true, 0, null);
  }

  private static StepResult step(String name) {
    StepStatistics s = StepStatistics.builder().requests(3, 2,
        1).successRate(2 / 3.0).durationSec(9).scriptLatencySec(0.12, 0.25, 0.25).throughput(1, 1).tokens(20,
        20).wallClock(1, 1, 1).latency(LatencySummary.EMPTY).failures(Map.of("http_500", 1)).build();
    return new StepResult("P", name, io.github.llmbench.api.TestType.TEXT, 4, s, Verdict.of(Status.OK, ""),
        StepMeasurement.UNRECORDED);
  }
}
