package io.github.llmbench.report.internal;

import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.StepMeasurement;
import io.github.llmbench.api.StepResult;
import java.util.Locale;
import java.util.Optional;

/**
 * The load a step really put on the server, beside the concurrency it asked for: the most requests in flight at
 * once and their time-weighted mean (measured by the engine), the achieved rate of an open loop, and what a step
 * that sent fewer requests than its concurrency could reach at most. A step built by hand
 * ({@link StepMeasurement#UNRECORDED}, no workers) was not measured: its cells read {@value #NOT_MEASURED}.
 */
public final class AchievedLoad {
  /** What a cell of a figure that was not measured shows. */
  public static final String NOT_MEASURED = "—";


  private AchievedLoad() {}

  /** Whether the engine measured the step's load (results built by hand carry no workers). */
  public static boolean measured(StepResult s) {
    return s.measurement().workers() > 0;
  }

  /** The most requests in flight at once, when measured. */
  public static Optional<Integer> maxInFlight(StepResult s) {
    return measured(s) ? Optional.of(s.measurement().maxInFlight()) : Optional.empty();
  }

  /** The time-weighted mean of requests in flight, when measured. */
  public static Optional<Double> meanInFlight(StepResult s) {
    return measured(s) ? Optional.of(s.measurement().meanInFlight()) : Optional.empty();
  }

  /**
   * The load to rank a step by: the measured most in flight, else what the step could reach at most (its
   * concurrency, or its request count when that is smaller).
   */
  public static double rankingLoad(StepResult s) {
    return measured(s) ? s.measurement().maxInFlight() : ceiling(s);
  }

  /** The most requests the step could have had in flight: its concurrency, or fewer when it sent fewer. */
  public static int ceiling(StepResult s) {
    return Math.min(s.concurrency(), s.numRequests());
  }

  /** Whether the step sent fewer requests than its concurrency (a closed loop then never reaches it). */
  public static boolean sentFewer(StepResult s) {
    return s.statistics().measured().openLoop().isEmpty() && s.numRequests() < s.concurrency();
  }

  /** {@code "sent 100 requests, so at most 100 in flight"}, or empty when the step sent enough. */
  public static String sentFewerNote(StepResult s) {
    return sentFewer(s) ? "sent " + s.numRequests() + " requests, so at most " + s.numRequests() + " in flight" : "";
  }

  /** {@code "50"} or {@code "—"}. */
  public static String maxCell(StepResult s) {
    return maxInFlight(s).map(String::valueOf).orElse(NOT_MEASURED);
  }

  /** {@code "43.2"} or {@code "—"}. */
  public static String meanCell(StepResult s) {
    return meanInFlight(s).map(m -> String.format(Locale.ROOT, "%.1f", m)).orElse(NOT_MEASURED);
  }

  /** The achieved request rate of an open-loop step, {@code "9.8 req/s of 10.0"}; empty for a closed loop. */
  public static Optional<String> rate(StepResult s) {
    return s.statistics().measured().openLoop().map(AchievedLoad::rate);
  }

  private static String rate(OpenLoopStatistics o) {
    return String.format(Locale.ROOT, "%.2f req/s of %.2f", o.achievedRatePerSec(), o.targetRatePerSec());
  }

  /**
   * The achieved load in words, nominal concurrency beside it: {@code "max 50 in flight (mean 43.2) at concurrency
   * 50"}; a step that sent fewer requests adds {@code ", sent 100 requests, so at most 100 in flight"}; a step not
   * measured says {@code "concurrency 50 (in flight not measured)"}; an open loop adds its achieved rate.
   */
  public static String describe(StepResult s) {
    String text = measured(s)
        ? "max " + s.measurement().maxInFlight() + " in flight (mean " + meanCell(s) + ") at concurrency "
            + s.concurrency()
        : "concurrency " + s.concurrency() + " (in flight not measured)";
    if (sentFewer(s)) text += ", " + sentFewerNote(s);
    Optional<String> rate = rate(s);
    if (rate.isPresent()) text += ", " + rate.get();
    return text;
  }

  /** The short form for a table cell: {@code "50 in flight (mean 43.2), c=50"} or {@code "c=50"}. */
  public static String brief(StepResult s) {
    String text = measured(s)
        ? s.measurement().maxInFlight() + " in flight (mean " + meanCell(s) + "), c=" + s.concurrency()
        : sentFewer(s) ? "at most " + ceiling(s) + " in flight, c=" + s.concurrency() : "c=" + s.concurrency();
    if (measured(s) && sentFewer(s)) text += " (sent " + s.numRequests() + " requests)";
    Optional<String> rate = rate(s);
    if (rate.isPresent()) text += ", " + rate.get();
    return text;
  }

  /** Whether the client's self-check marked the step client-bound. */
  public static boolean clientBound(StepResult s) {
    return s.measurement().clientBound();
  }

  /** {@code "client-bound"}, {@code "ok"} when checked and not client-bound, {@code "—"} when not checked. */
  public static String clientCell(StepResult s) {
    if (s.measurement().clientHealth().isEmpty()) return NOT_MEASURED;
    return clientBound(s) ? "client-bound" : "ok";
  }
}
