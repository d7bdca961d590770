package io.github.llmbench.report.compare;

import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.core.stats.ComparisonVerdict;
import io.github.llmbench.core.stats.StatisticalTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link RunComparison} as Markdown: a summary line with the counts of slower, faster and unchanged
 * steps, one table per step (metric, values, difference, test, p-value, effect size, interval, verdict), and the
 * method. Numbers use {@link Locale#ROOT}.
 */
public final class ComparisonMarkdown {
  private ComparisonMarkdown() {}

  /** The Markdown text. */
  public static String render(RunComparison comparison) {
    StringBuilder out = new StringBuilder();
    try {
      write(comparison, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder never throws
    }
    return out.toString();
  }

  /** Writes the Markdown to {@code out}, which is not closed. */
  public static void write(RunComparison c, Appendable out) throws IOException {
    String level = pct(1 - c.alpha());
    out.append("# Run comparison\n\n");
    out.append("Baseline: **").append(esc(c.baseline())).append("**  \n");
    out.append("Candidate: **").append(esc(c.candidate())).append("**\n\n");
    out.append(summary(c)).append("\n\n");
    if (!c.onlyInBaseline().isEmpty()) {
      out.append("Only in the baseline (not compared): ").append(String.join(", ", c.onlyInBaseline())).append("\n\n");
    }
    if (!c.onlyInCandidate().isEmpty()) {
      out.append("Only in the candidate (not compared): ").append(String.join(", ", c.onlyInCandidate()))
          .append("\n\n");
    }
    for (StepComparison s : c.steps()) {
      out.append("## ").append(esc(s.testName())).append(" (").append(esc(s.phase())).append("): ");
      if (!s.comparable()) {
        out.append("not comparable\n\n").append(esc(s.notComparableReason())).append(".\n\n");
        continue;
      }
      out.append(stepVerdict(s.verdict())).append("\n\n");
      out.append("| metric | baseline | candidate | difference | test | p-value | effect size | ").append(level)
          .append(" CI of difference | verdict |\n");
      out.append("|---|---:|---:|---:|---|---:|---|---|---|\n");
      List<String> notes = new ArrayList<>();
      for (MetricComparison m : s.metrics()) {
        out.append("| ").append(m.metric().label())
            .append(" | ").append(value(m.metric(), m.baseline()))
            .append(" | ").append(value(m.metric(), m.candidate()))
            .append(" | ").append(difference(m))
            .append(" | ").append(m.test().label())
            .append(" | ").append(pValues(c, m))
            .append(" | ").append(effect(m))
            .append(" | ").append(m.differenceInterval().map(ci -> interval(m.metric(), ci)).orElse("\u2013"))
            .append(" | ").append(verdict(m))
            .append(" |\n");
        // Throughput's "one value per run" is explained once, under Method.
        boolean oneValue = m.metric() == ComparedMetric.THROUGHPUT_OUTPUT
            || m.metric() == ComparedMetric.WALL_THROUGHPUT_OUTPUT;
        if (!oneValue && !m.note().isEmpty() && !notes.contains(m.metric().label() + ": " + m.note())) {
          notes.add(m.metric().label() + ": " + m.note());
        }
      }
      out.append('\n');
      if (!notes.isEmpty()) {
        for (String n : notes) out.append("- ").append(esc(n)).append('\n');
        out.append('\n');
      }
    }
    method(c, out);
  }

  /**
   * One metric in a line, for messages and logs: {@code "latency p50 0.988 s -> 1.482 s, difference +0.494 s (+50.0 %),
   * Mann–Whitney U p-value < 0.001: slower"}.
   */
  public static String describe(MetricComparison m) {
    String line = m.metric().label() + " " + value(m.metric(), m.baseline()) + " -> " + value(m.metric(), m.candidate())
        + ", difference " + difference(m);
    if (m.test() != io.github.llmbench.core.stats.StatisticalTest.NONE) {
      String p = pValue(m.pValue());
      line += ", " + m.test().label() + " p-value " + (p.startsWith("<") ? p : "= " + p);
      String adjusted = pValue(m.adjustedPValue());
      if (!adjusted.equals(p)) line += " (adjusted " + (adjusted.startsWith("<") ? adjusted : "= " + adjusted) + ")";
    }
    return line + ": " + verdict(m).replace("*", "");
  }

  /** {@code "12 steps in both runs: 2 slower, 1 faster, 8 no significant difference, 1 not comparable."} */
  static String summary(RunComparison c) {
    StringBuilder s = new StringBuilder();
    s.append("**").append(c.steps().size()).append(c.steps().size() == 1 ? " step" : " steps").append(" in both runs: ")
        .append(c.stepCount(ComparisonVerdict.SLOWER)).append(" slower, ")
        .append(c.stepCount(ComparisonVerdict.FASTER)).append(" faster, ")
        .append(c.stepCount(ComparisonVerdict.NO_SIGNIFICANT_DIFFERENCE)).append(" no significant difference");
    long untested = c.stepCount(ComparisonVerdict.NOT_TESTED);
    if (untested > 0) s.append(", ").append(untested).append(" not tested");
    s.append(", ").append(c.notComparableCount()).append(" not comparable.**");
    if (c.correction() == MultipleTesting.HOLM) {
      s.append(String.format(Locale.ROOT, " Significance level \u03b1 = %s for the whole comparison: p-values are "
          + "adjusted by Holm\u2013Bonferroni over its %d tests, so the chance that any verdict is a false alarm stays "
          + "below \u03b1.", num(c.alpha()), c.testCount()));
    } else {
      s.append(String.format(Locale.ROOT, " Significance level \u03b1 = %s for each test, two-sided; %d tests ran",
          num(c.alpha()), c.testCount()));
      if (c.testCount() > 0) {
        s.append(String.format(Locale.ROOT, ", so about %.1f of them would flag a difference by chance alone if "
            + "nothing had changed", c.testCount() * c.alpha()));
      }
      s.append('.');
    }
    return s.toString();
  }

  private static void method(RunComparison c, Appendable out) throws IOException {
    out.append("## Method\n\n");
    out.append("- Steps are matched by name. Steps with a different load or request shape (phase, test_type, "
        + "concurrency, num_requests, open-loop schedule or achieved rate, streaming) are not comparable.\n");
    out.append("- p50 rows: Mann\u2013Whitney U on the successful requests' values (two-sided, normal "
        + "approximation). Effect size: Cliff's \u03b4 = P(candidate > baseline) \u2212 P(candidate < baseline) "
        + "(|\u03b4| < 0.147 negligible, < 0.33 small, < 0.474 medium, else large) and the Hodges\u2013Lehmann shift "
        + "(median of all candidate \u2212 baseline differences). The verdict combines the p-value with the sign of "
        + "\u03b4.\n");
    out.append("- p99 rows: a percentile bootstrap of the difference of p99s (each run resampled on its own); "
        + "slower or faster when the interval excludes 0. Latency quantiles use the unified script's rule (lower "
        + "sample), TTFT and TPOT are interpolated.\n");
    out.append("- Throughput is one value per run: its difference is shown, untested. The output rate per request "
        + "(completion tokens / latency) is tested instead when token counts were kept.\n");
    out.append("- Success rate: the two-proportion z-test, or Fisher's exact test when an expected count is below 5; "
        + "Newcombe's interval of the difference; Cohen's h (< 0.2 negligible, < 0.5 small, < 0.8 medium).\n");
    out.append(c.correction() == MultipleTesting.HOLM
        ? "- Verdicts compare the Holm\u2013Bonferroni-adjusted p-value (shown as \"Holm\") with \u03b1; the "
            + "intervals are per metric.\n"
        : "- Each verdict compares its own p-value with \u03b1 (p99 rows: whether the interval excludes 0).\n");
    out.append("- For success rate and rates, \"better\" and \"worse\" stand for faster and slower.\n");
  }

  private static String stepVerdict(ComparisonVerdict v) {
    return switch (v) {
      case SLOWER -> "**slower**";
      case FASTER -> "faster";
      case NO_SIGNIFICANT_DIFFERENCE -> "no significant difference";
      case NOT_TESTED -> "not tested";
    };
  }

  private static String verdict(MetricComparison m) {
    boolean rate = !m.metric().lowerIsBetter();
    return switch (m.verdict()) {
      case SLOWER -> rate ? "**worse**" : "**slower**";
      case FASTER -> rate ? "better" : "faster";
      case NO_SIGNIFICANT_DIFFERENCE -> "no significant difference";
      case NOT_TESTED -> "not tested";
    };
  }

  private static String value(ComparedMetric metric, double v) {
    if (metric == ComparedMetric.SUCCESS_RATE) return pct(v);
    return amount(metric, v, "");
  }

  /** Seconds with 3 decimals, TPOT in milliseconds (it is a few ms), rates with 1 decimal; {@code sign} "+" or "". */
  private static String amount(ComparedMetric metric, double v, String sign) {
    return number(metric, v, sign) + " " + displayUnit(metric);
  }

  private static String number(ComparedMetric metric, double v, String sign) {
    if (isTpot(metric)) return String.format(Locale.ROOT, "%" + sign + ".2f", v * 1000);
    if (metric.unit().equals("s")) return String.format(Locale.ROOT, "%" + sign + ".3f", v);
    return String.format(Locale.ROOT, "%" + sign + ".1f", v);
  }

  private static String displayUnit(ComparedMetric metric) {
    return isTpot(metric) ? "ms" : metric.unit();
  }

  private static boolean isTpot(ComparedMetric metric) {
    return metric == ComparedMetric.TPOT_P50 || metric == ComparedMetric.TPOT_P99;
  }

  private static String difference(MetricComparison m) {
    double d = m.difference();
    if (m.metric() == ComparedMetric.SUCCESS_RATE) return String.format(Locale.ROOT, "%+.1f pp", d * 100);
    String abs = amount(m.metric(), d, "+");
    double rel = m.relativeDifference();
    return Double.isNaN(rel) || Double.isInfinite(rel) ? abs : abs
        + String.format(Locale.ROOT, " (%+.1f %%)", rel * 100);
  }

  private static String interval(ComparedMetric metric, ConfidenceInterval ci) {
    if (metric == ComparedMetric.SUCCESS_RATE) {
      return String.format(Locale.ROOT, "%+.1f \u2026 %+.1f pp", ci.lower() * 100, ci.upper() * 100);
    }
    return number(metric, ci.lower(), "+") + " \u2026 " + amount(metric, ci.upper(), "+");
  }

  private static String effect(MetricComparison m) {
    EffectSize e = m.effectSize();
    String shift = m.shift().isPresent() ? "; shift " + amount(m.metric(), m.shift().getAsDouble(), "+") : "";
    return switch (e.kind()) {
      case CLIFFS_DELTA -> String.format(Locale.ROOT, "Cliff's \u03b4 %+.2f (%s)", e.value(), e.magnitude()) + shift;
      case COHENS_H -> String.format(Locale.ROOT, "Cohen's h %+.2f (%s)", e.value(), e.magnitude());
      case NONE -> "\u2013";
    };
  }

  /** The p-value, and the adjusted one beside it when a correction changed it. */
  private static String pValues(RunComparison c, MetricComparison m) {
    String raw = pValue(m.pValue());
    if (c.correction() == MultipleTesting.NONE || Double.isNaN(m.pValue())) return raw;
    String adjusted = pValue(m.adjustedPValue());
    return adjusted.equals(raw) ? raw : raw + " (Holm " + adjusted + ")";
  }

  private static String pValue(double p) {
    if (Double.isNaN(p)) return "\u2013";
    if (p < 0.001) return "< 0.001";
    return String.format(Locale.ROOT, "%.3f", p);
  }

  private static String pct(double share) {
    String s = String.format(Locale.ROOT, "%.1f", share * 100);
    if (s.endsWith(".0")) s = s.substring(0, s.length() - 2);
    return s + " %";
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }

  /** Keeps a table cell a cell. */
  private static String esc(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
