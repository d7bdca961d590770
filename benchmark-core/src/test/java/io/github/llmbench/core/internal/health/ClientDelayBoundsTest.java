package io.github.llmbench.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llmbench.api.ClientHealth.Figure;
import io.github.llmbench.api.ClientHealth.FigureBound;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.core.internal.StepRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bounds, computed by hand for small steps on a fake timeline (nanoseconds from a step start of 0). */
class ClientDelayBoundsTest {
  private static final long MS = 1_000_000;

  private static RequestOutcome outcome(int index, long startMs, long latencyMs, RequestOutcome.StreamTiming timing) {
    return new RequestOutcome("P", "s", index, startMs * MS, latencyMs * MS, true, 200, null, "", 1, 1, true, 0,
        timing);
  }

  private static StepRun run(List<RequestOutcome> outcomes, Stalls lane, long[] ownLag, long maxWorkerLag) {
    int[] lanes = new int[outcomes.size()];
    return new StepRun(outcomes, 1, 0, new long[0], 0, lanes, ownLag, maxWorkerLag, new Stalls[] {lane});
  }

  private static Stalls stalls(long... startEndMs) {
    StallTimeline t = new StallTimeline();
    t.start();
    for (int i = 0; i < startEndMs.length; i += 2) t.record(startEndMs[i] * MS, startEndMs[i + 1] * MS);
    return t.take();
  }

  private static Map<Figure, FigureBound> byFigure(List<FigureBound> bounds) {
    return bounds.stream().collect(Collectors.toMap(FigureBound::figure, b -> b));
  }

  @Test
  void aStallChargesOnlyTheReadsThatFellInIt() {
    // Ten requests of 100 ms, one after another; a stall from 950 to 990 ms holds the tenth's last read (at
    // 1000 ms? no: its end is at 1000 ms, outside) and the tenth's... here the ninth ends at 900, the tenth at 1000.
    List<RequestOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 10; i++) outcomes.add(outcome(i, i * 100L, 100, null));
    // A stall [980, 1000] holds the end read of the last request at 1000: it could be 20 ms late.
    Map<Figure, FigureBound> b = byFigure(ClientDelayBounds.of(run(outcomes, stalls(980, 1000), new long[10], 0),
        Stalls.NONE));
    assertThat(b.get(Figure.SLOWEST_LATENCY).boundMillis()).isZero(); // the others are 100 ms too
    assertThat(b.get(Figure.LATENCY_P99).boundMillis()).isZero();
    assertThat(b.get(Figure.WALL_CLOCK_SPAN).boundMillis()).isCloseTo(20, within(1e-9));
    assertThat(b.get(Figure.WALL_CLOCK_SPAN).valueMillis()).isCloseTo(1000, within(1e-9));
  }

  @Test
  void aStallOnTheSlowestRequestBoundsTheSlowestLatencyByWhatItHeld() {
    List<RequestOutcome> outcomes = List.of(outcome(0, 0, 100, null), outcome(1, 0, 150, null),
        outcome(2, 0, 120, null));
    // The 150 ms request's end read at 150 ms falls 40 ms into a stall that began at 110 ms.
    Map<Figure, FigureBound> b = byFigure(ClientDelayBounds.of(run(outcomes, Stalls.NONE, new long[3], 0),
        stalls(110, 160)));
    // Without its 40 ms it could be 110, still below the 120 of another request (whose end read, at 120, is in
    // the stall too: 10 ms): the slowest could be 120 - 10 = 110 at the least, so the bound is 40.
    assertThat(b.get(Figure.SLOWEST_LATENCY).boundMillis()).isCloseTo(40, within(1e-9));
    assertThat(b.get(Figure.LATENCY_P50).valueMillis()).isCloseTo(120, within(1e-9));
    assertThat(b.get(Figure.LATENCY_P50).boundMillis()).isCloseTo(10, within(1e-9));
  }

  @Test
  void anOpenLoopsOwnLagIsInItsLatencyAndCharged() {
    List<RequestOutcome> outcomes = List.of(outcome(0, 0, 50, null), outcome(1, 10, 50, null));
    Map<Figure, FigureBound> b = byFigure(ClientDelayBounds.of(
        run(outcomes, Stalls.NONE, new long[] {0, 7 * MS}, 0), Stalls.NONE));
    // The script's lower rule reads the smaller of two for p99: without the lag it could be 43 rather than 50.
    assertThat(b.get(Figure.LATENCY_P99).boundMillis()).isCloseTo(7, within(1e-9));
    assertThat(b.get(Figure.SLOWEST_LATENCY).boundMillis()).isZero(); // the other's 50 is untouched
    assertThat(ClientDelayBounds.of(run(List.of(outcome(1, 10, 50, null)), Stalls.NONE, new long[] {0, 7 * MS}, 0),
        Stalls.NONE)).filteredOn(x -> x.figure() == Figure.LATENCY_P50)
        .singleElement().satisfies(x -> assertThat(x.boundMillis()).isCloseTo(7, within(1e-9)));
  }

  @Test
  void aClosedLoopsLostTimeBetweenRequestsBoundsTheWallClockSpan() {
    List<RequestOutcome> outcomes = List.of(outcome(0, 0, 100, null), outcome(1, 103, 100, null));
    Map<Figure, FigureBound> b = byFigure(ClientDelayBounds.of(run(outcomes, Stalls.NONE, new long[2], 3 * MS),
        Stalls.NONE));
    assertThat(b.get(Figure.WALL_CLOCK_SPAN).boundMillis()).isCloseTo(3, within(1e-9));
    assertThat(b.get(Figure.LATENCY_P50).boundMillis()).isZero();
  }

  @Test
  void streamsAreChargedAtTheirFirstTokenAndAtEachTokensRead() {
    // TTFT 30 ms, then tokens 10 ms apart at 40, 50, 60; a stall [45, 52] holds the read at 50.
    RequestOutcome.StreamTiming timing = new RequestOutcome.StreamTiming(30 * MS, 60 * MS, 4, new long[] {10 * MS,
        10 * MS, 10 * MS}, false);
    Map<Figure, FigureBound> b = byFigure(ClientDelayBounds.of(
        run(List.of(outcome(0, 0, 60, timing)), stalls(45, 52), new long[1], 0), Stalls.NONE));
    assertThat(b.get(Figure.TTFT_P50).boundMillis()).isZero();
    assertThat(b.get(Figure.ITL_P50).valueMillis()).isCloseTo(10, within(1e-9));
    // The gap that ended at 50 could be 5 ms long: the median of {10, 5, 10} is 10, the top 10 too.
    assertThat(b.get(Figure.ITL_P50).boundMillis()).isZero();
    assertThat(b.get(Figure.ITL_P99).boundMillis()).isZero();
    Map<Figure, FigureBound> first = byFigure(ClientDelayBounds.of(
        run(List.of(outcome(0, 0, 60, timing)), stalls(25, 31), new long[1], 0), Stalls.NONE));
    assertThat(first.get(Figure.TTFT_P50).boundMillis()).isCloseTo(5, within(1e-9));
  }

  @Test
  void aWriteStampedInAStallCouldHaveLeftAtItsEnd() {
    Stalls s = stalls(10, 14);
    assertThat(s.writeDelay(11 * MS)).isEqualTo(3 * MS);
    assertThat(s.readDelay(11 * MS)).isEqualTo(MS);
    assertThat(s.readDelay(15 * MS)).isZero();
    assertThat(s.writeDelay(9 * MS)).isZero();
    // Stalls that overlap are one: the loop was busy from the first one's start.
    assertThat(stalls(10, 14, 12, 30).readDelay(20 * MS)).isEqualTo(10 * MS);
    assertThat(stalls(10, 14, 12, 30).readDelay(13 * MS)).isEqualTo(3 * MS);
    assertThat(s.readDelay(14 * MS + 100_000)).as("the first read after a stall").isEqualTo(4 * MS + 100_000);
    // One that follows another at once: a read in it may hold data from the first one's start.
    assertThat(stalls(10, 14, 14, 20).readDelay(16 * MS)).isEqualTo(6 * MS);
  }

  @Test
  void aBurstDecodedSliceAfterSliceChargesAReadOnlyTheSliceBeforeIt() {
    // Ten slices of 0.5 ms, each right after the reads that ended the one before (0.1 ms apart): the loop read its
    // sockets between them, so a read after the tenth holds data from the ninth at the earliest, not the first.
    long us = 1_000;
    StallTimeline t = new StallTimeline();
    t.start();
    for (int k = 0; k < 10; k++) t.record(k * 600 * us, k * 600 * us + 500 * us);
    Stalls chain = t.take();
    long read = 9 * 600 * us + 50 * us; // a read stamped at the start of the tenth slice's batch
    assertThat(chain.readDelay(read)).isEqualTo(read - 8 * 600 * us);
    assertThat(chain.readDelay(100 * us)).isEqualTo(100 * us);
    assertThat(chain.count()).isEqualTo(10);
  }
}
