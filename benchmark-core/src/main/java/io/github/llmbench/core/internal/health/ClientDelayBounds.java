package io.github.llmbench.core.internal.health;

import io.github.llmbench.api.ClientHealth.Figure;
import io.github.llmbench.api.ClientHealth.FigureBound;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.core.internal.StepRun;
import io.github.llmbench.core.stats.QuantileRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * By how much llmbench's own delays could have moved each figure a step reports. Every request is charged only
 * with the delays that fell on its own timestamps: a read stamped inside a stall of its lane (or of the whole JVM)
 * could have been late by as much as the stall had lasted; a write stamped inside one could have left as late as
 * its end; an open-loop request that left late has that lag in its latency. A figure is then bounded by
 * recomputing it with every request's charge taken out: the true figure lies between the two, so their difference is
 * the most llmbench could have added. A stall that fell on no request's timestamp moves no figure.
 */
public final class ClientDelayBounds {
  private static final double[] PERCENTILES = {50, 95, 99};
  private static final Figure[] LATENCY = {Figure.LATENCY_P50, Figure.LATENCY_P95, Figure.LATENCY_P99};

  private ClientDelayBounds() {}

  /**
   * @param run the step as it ran, with its lanes' stalls
   * @param jvm the stalls of the whole JVM (the hiccup meter's), which every lane suffered too
   */
  public static List<FigureBound> of(StepRun run, Stalls jvm) {
    List<RequestOutcome> outcomes = run.outcomes();
    if (outcomes.isEmpty()) return List.of();
    Stalls[] byLane = new Stalls[run.laneStalls().length];
    for (int i = 0; i < byLane.length; i++) byLane[i] = run.laneStalls()[i].with(jvm);
    int n = outcomes.size();
    double[] latency = new double[n];
    double[] latencyCharged = new double[n];
    double[] success = new double[n];
    double[] successCharged = new double[n];
    int successful = 0;
    List<double[]> ttft = new ArrayList<>();
    List<double[]> gaps = new ArrayList<>();
    long firstSent = Long.MAX_VALUE;
    long lastEnd = Long.MIN_VALUE;
    long lastEndCharge = 0;
    for (int k = 0; k < n; k++) {
      RequestOutcome o = outcomes.get(k);
      int index = o.requestIndex();
      int lane = index < run.lanes().length ? run.lanes()[index] : -1;
      Stalls stalls = lane >= 0 && lane < byLane.length ? byLane[lane] : jvm;
      long origin = run.stepStartNanos() + o.startOffsetNanos();
      long sent = origin + o.sendDelayNanos();
      long end = origin + o.latencyNanos();
      long own = index < run.ownLagNanos().length ? run.ownLagNanos()[index] : 0;
      long writeCharge = stalls.writeDelay(sent);
      long endCharge = stalls.readDelay(end);
      long charge = Math.min(o.latencyNanos(), own + writeCharge + endCharge);
      latency[k] = o.latencyNanos();
      latencyCharged[k] = o.latencyNanos() - charge;
      if (o.success()) {
        success[successful] = latency[k];
        successCharged[successful] = latencyCharged[k];
        successful++;
      }
      firstSent = Math.min(firstSent, sent);
      if (end > lastEnd) {
        lastEnd = end;
        lastEndCharge = endCharge;
      }
      RequestOutcome.StreamTiming t = o.streamTiming();
      if (o.success() && t != null) {
        long first = origin + t.ttftNanos();
        long ttftCharge = Math.min(t.ttftNanos(), own + writeCharge + stalls.readDelay(first));
        ttft.add(new double[] {t.ttftNanos(), t.ttftNanos() - ttftCharge});
        long at = first;
        for (long gap : t.interTokenGapsNanos()) {
          at += gap;
          gaps.add(new double[] {gap, gap - Math.min(gap, stalls.readDelay(at))});
        }
      }
    }
    List<FigureBound> bounds = new ArrayList<>();
    if (successful > 0) {
      double[] measured = Arrays.copyOf(success, successful);
      double[] charged = Arrays.copyOf(successCharged, successful);
      Arrays.sort(measured);
      Arrays.sort(charged);
      for (int i = 0; i < PERCENTILES.length; i++) {
        bounds.add(bound(LATENCY[i], QuantileRule.SCRIPT_LOWER.of(measured, PERCENTILES[i]),
            QuantileRule.SCRIPT_LOWER.of(charged, PERCENTILES[i])));
      }
    }
    bounds.add(bound(Figure.SLOWEST_LATENCY, max(latency), max(latencyCharged)));
    double span = lastEnd - firstSent;
    bounds.add(bound(Figure.WALL_CLOCK_SPAN, span, span - Math.min(span, run.maxWorkerLagNanos() + lastEndCharge)));
    addPercentiles(bounds, ttft, Figure.TTFT_P50, Figure.TTFT_P99);
    addPercentiles(bounds, gaps, Figure.ITL_P50, Figure.ITL_P99);
    return bounds;
  }

  private static void addPercentiles(List<FigureBound> bounds, List<double[]> pairs, Figure p50, Figure p99) {
    if (pairs.isEmpty()) return;
    double[] measured = new double[pairs.size()];
    double[] charged = new double[pairs.size()];
    for (int i = 0; i < measured.length; i++) {
      measured[i] = pairs.get(i)[0];
      charged[i] = pairs.get(i)[1];
    }
    Arrays.sort(measured);
    Arrays.sort(charged);
    bounds.add(bound(p50, QuantileRule.LINEAR.of(measured, 50), QuantileRule.LINEAR.of(charged, 50)));
    bounds.add(bound(p99, QuantileRule.LINEAR.of(measured, 99), QuantileRule.LINEAR.of(charged, 99)));
  }

  private static FigureBound bound(Figure figure, double measuredNanos, double chargedNanos) {
    return new FigureBound(figure, measuredNanos / 1e6, Math.max(0, measuredNanos - chargedNanos) / 1e6);
  }

  private static double max(double[] values) {
    double m = 0;
    for (double v : values) m = Math.max(m, v);
    return m;
  }
}
