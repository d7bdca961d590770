package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.CapacitySearch;
import io.github.llmbench.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The answer of a capacity search, for a run that was one (its plan holds the search's criteria): the boundary
 * with its interval and shape, what ended the search, every level with its pooled attainment and Wilson interval,
 * and a chart of attainment against load.
 */
public final class SearchSection {
  private SearchSection() {}

  /** The search's answer, when the run was a capacity search (its plan holds the search). */
  public static Optional<CapacitySearch.Estimate> estimate(BenchmarkResult r) {
    return r.plan().search().map(s -> io.github.llmbench.core.CapacitySearches.conclude(s, r));
  }

  /** Its blocks: a heading, the answer, how the search works, the levels and the chart; none for another run. */
  static List<Block> blocks(BenchmarkResult r, @Nullable String chartBaseName) {
    Optional<CapacitySearch.Estimate> found = estimate(r);
    if (found.isEmpty()) return List.of();
    CapacitySearch.Estimate e = found.get();
    List<Block> out = new ArrayList<>();
    out.add(new Block.Heading(2, "Capacity search"));
    String slo = r.plan().slo().map(io.github.llmbench.api.Slo::describe).orElse("the SLO");
    out.add(new Block.Paragraph("Largest " + (e.axis() == CapacitySearch.Axis.CONCURRENCY ? "concurrency" : "rate")
        + " at which " + Fmt.pct(e.targetAttainment()) + " of requests met " + slo + ": " + e.describe() + "."));
    out.add(new Block.Paragraph(endText(e)));
    out.add(new Block.Paragraph("Each level's probes are pooled and judged by the " + Fmt.pct(e.confidenceLevel())
        + " Wilson interval of their attainment (requests that met every objective / requests sent; a failed request "
        + "meets none): meets when the interval's lower bound reaches the target, misses when its upper bound is "
        + "below it, undecided otherwise (probed again, up to the search's repeats). The interval of the answer runs "
        + "from the highest level that surely met the target to below the lowest that surely missed it. A "
        + "client-bound level's latencies include llmbench's own time: its attainment is a lower bound on the "
        + "server's."));
    out.add(table(e));
    out.add(new Block.Chart("Capacity search: SLO attainment against load, with each level's interval",
        chartBaseName == null ? null : chartBaseName + "_search.svg", svg(r, e)));
    return out;
  }

  /** One line for the terminal. */
  static String headline(CapacitySearch.Estimate e) {
    return "Capacity search: " + e.describe() + (e.endedByBound() ? " (" + endText(e) + ")" : "");
  }

  private static String endText(CapacitySearch.Estimate e) {
    return switch (e.end()) {
      case CONVERGED -> "The search converged: the bracket around the boundary is within its precision.";
      case PASSED_AT_MAX -> "Ended at the highest load allowed, which met the target: the boundary is above it.";
      case FAILED_AT_START -> "The first load missed the target: the boundary is below it; start lower.";
      case PROBE_LIMIT -> "Ended by its bound on probes before converging: the answer is the best so far.";
      case REQUEST_LIMIT -> "Ended by its bound on requests before converging: the answer is the best so far.";
      case TIME_LIMIT -> "Ended by its bound on time before converging: the answer is the best so far.";
      case STOPPED -> "The run ended before the search did: the answer is the best so far.";
    };
  }

  private static Block table(CapacitySearch.Estimate e) {
    List<List<String>> rows = new ArrayList<>();
    for (CapacitySearch.Probe p : e.levels()) {
      rows.add(List.of(CapacitySearch.Estimate.formatLevel(p.level()), String.valueOf(p.probes()),
          String.valueOf(p.requests()),
          String.valueOf(p.met()), Fmt.pct(p.attainment().estimate()),
          Fmt.pct(p.attainment().lower()) + "\u2013" + Fmt.pct(p.attainment().upper()),
          p.judgement().name().toLowerCase(Locale.ROOT) + (p.clientBound() ? " (client-bound)" : ""),
          String.join(", ", p.steps())));
    }
    String load = e.axis() == CapacitySearch.Axis.CONCURRENCY ? "concurrency" : "rate (req/s)";
    return new Block.Table(List.of(load, "probes", "requests", "met SLO", "attainment",
        Fmt.pct(e.confidenceLevel()) + " CI", "judgement", "steps"),
        new boolean[] {true, true, true, true, true, true, false, false}, rows);
  }

  /** Attainment per level (coloured by judgement) between its interval's bounds, and the target. */
  public static String svg(BenchmarkResult r, CapacitySearch.Estimate e) {
    List<SvgPointChart.Point> mid = new ArrayList<>();
    List<SvgPointChart.Point> lower = new ArrayList<>();
    List<SvgPointChart.Point> upper = new ArrayList<>();
    for (CapacitySearch.Probe p : e.levels()) {
      Status status = p.judgement().status();
      String level = CapacitySearch.Estimate.formatLevel(p.level());
      String tip = level + ": " + Fmt.pct(p.attainment().estimate()) + " met, CI " + Fmt.pct(p.attainment().lower())
          + "\u2013" + Fmt.pct(p.attainment().upper()) + ", " + p.requests() + " requests, "
          + p.judgement().name().toLowerCase(Locale.ROOT) + (p.clientBound() ? ", client-bound" : "");
      boolean boundary = e.boundary().isPresent() && e.boundary().getAsDouble() == p.level();
      mid.add(new SvgPointChart.Point(p.level(), p.attainment().estimate() * 100, status, level, tip, boundary,
          p.clientBound()));
      lower.add(new SvgPointChart.Point(p.level(), p.attainment().lower() * 100, status, "", "lower " + tip, false,
          false));
      upper.add(new SvgPointChart.Point(p.level(), p.attainment().upper() * 100, status, "", "upper " + tip, false,
          false));
    }
    String x = e.axis() == CapacitySearch.Axis.CONCURRENCY ? "concurrency (workers)" : "arrival rate (req/s)";
    return SvgPointChart.render("Capacity search: "
        + r.plan().slo().map(io.github.llmbench.api.Slo::describe).orElse("SLO") + ", " + e.describe(), x,
        "requests within SLO (%)", List.of(new SvgPointChart.Series("attainment", "#1f77b4", mid),
            new SvgPointChart.Series("CI lower", "#c7c7c7", lower),
                new SvgPointChart.Series("CI upper", "#c7c7c7", upper)),
        List.of(new SvgPointChart.Line(e.targetAttainment() * 100, Fmt.pct(e.targetAttainment()) + " target")), true,
        100, "black ring: the boundary\ngrey: the interval of each level");
  }
}
