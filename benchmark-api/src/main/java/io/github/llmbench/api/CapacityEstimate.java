package io.github.llmbench.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The answer of a {@link CapacitySearch}: the largest load that met the objectives, the interval it lies in, the
 * shape of the boundary, every level probed and what ended the search.
 *
 * <p>The interval runs from the highest level whose Wilson interval surely met the target ({@link #lowerBound()})
 * to just below the lowest level that surely missed it ({@link #firstMissing()}): every level between them could be
 * the boundary, given each level's judgement at the confidence level and attainment that falls as load grows.
 *
 * @param axis what the probes varied
 * @param targetAttainment the target share of requests meeting every objective
 * @param confidenceLevel the level of each probe's interval
 * @param levels every level probed, lowest first
 * @param boundary the highest level that met the target (surely, or by its observed share if undecided) below every
 *     level that missed it; empty when none did
 * @param lowerBound the highest level at or below the boundary that surely met the target
 * @param firstMissing the lowest level above the boundary that surely missed the target
 * @param shape how attainment falls at the boundary
 * @param end what ended the search
 * @param probes probes run
 * @param requests requests sent by all probes
 */
public record CapacityEstimate(CapacitySearch.Axis axis, double targetAttainment, double confidenceLevel,
    List<CapacityProbe> levels, OptionalDouble boundary, OptionalDouble lowerBound, OptionalDouble firstMissing,
    Shape shape, End end, int probes, long requests) {

  /** How attainment falls at the boundary. */
  public enum Shape {
    /** By at least the search's {@code cliffDrop} from the last level that met to the first that missed. */
    CLIFF,
    /** By less than that: attainment erodes with load. */
    SMOOTH,
    /** The search did not bracket the boundary. */
    UNKNOWN
  }

  /** What ended a search. */
  public enum End {
    /** The bracket around the boundary became narrower than the precision. */
    CONVERGED,
    /** The highest level allowed met the target: the boundary is above it. */
    PASSED_AT_MAX,
    /** The first level missed the target: the boundary is below it. */
    FAILED_AT_START,
    /** The most probes ran. */
    PROBE_LIMIT,
    /** The next probe would have sent more requests than allowed. */
    REQUEST_LIMIT,
    /** The probes took the most time allowed. */
    TIME_LIMIT,
    /** The run ended before the search did (cancelled, or aborted). */
    STOPPED
  }

  public CapacityEstimate {
    Objects.requireNonNull(axis, "axis");
    levels = List.copyOf(levels);
    Objects.requireNonNull(boundary, "boundary");
    Objects.requireNonNull(lowerBound, "lowerBound");
    Objects.requireNonNull(firstMissing, "firstMissing");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(end, "end");
  }

  /** Whether a bound, a stop or the range of loads, not convergence, ended the search. */
  public boolean endedByBound() {
    return end != End.CONVERGED;
  }

  /**
   * One line, e.g. {@code "42 concurrent (95 % CI 39–45), smooth boundary; converged after 9 probes, 2310 requests"}
   * or {@code "none: 1 concurrent missed the 95 % target; failed at start after 1 probe, 146 requests"}; ending
   * with {@code "; client-bound at 64, 66"} when the client's self-check marked probes of those levels (their
   * attainment then includes llmbench's own time: a lower bound on the server's).
   */
  public String describe() {
    String unit = axis == CapacitySearch.Axis.CONCURRENCY ? " concurrent" : " req/s";
    StringBuilder s = new StringBuilder();
    if (boundary.isEmpty()) {
      s.append("none: ").append(levels.isEmpty() ? "no probe finished"
          : formatLevel(levels.get(0).level()) + unit + " missed the " + Checks.percent(targetAttainment) + " target");
    } else {
      s.append(formatLevel(boundary.getAsDouble())).append(unit).append(" (").append(Checks.percent(confidenceLevel))
          .append(" CI ").append(lowerBound.isPresent() ? formatLevel(lowerBound.getAsDouble()) : "below " + formatLevel(levels.get(0).level()))
          .append('\u2013').append(upperText()).append(')');
      if (shape != Shape.UNKNOWN) s.append(", ").append(shape.name().toLowerCase(Locale.ROOT)).append(" boundary");
    }
    s.append("; ").append(end.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" after ").append(probes)
        .append(probes == 1 ? " probe, " : " probes, ").append(requests).append(" requests");
    List<String> bound = levels.stream().filter(CapacityProbe::clientBound).map(p -> formatLevel(p.level())).toList();
    if (!bound.isEmpty()) {
      // Their latencies include llmbench's own time, so their attainment is a lower bound on the server's.
      s.append("; client-bound at ").append(String.join(", ", bound));
    }
    return s.toString();
  }

  private String upperText() {
    if (firstMissing.isEmpty()) return "?";
    double f = firstMissing.getAsDouble();
    return axis == CapacitySearch.Axis.CONCURRENCY ? formatLevel(f - 1) : "<" + formatLevel(f);
  }

  /** A load as the search names it: whole numbers without a decimal point, rates without trailing zeros. */
  public static String formatLevel(double level) {
    return level == Math.rint(level) ? String.valueOf((long) level)
        : java.math.BigDecimal.valueOf(level).stripTrailingZeros().toPlainString();
  }
}
