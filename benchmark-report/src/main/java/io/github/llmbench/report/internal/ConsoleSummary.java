package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.CapacitySearch;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.TestType;
import io.github.llmbench.api.StreamStatistics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The end of a run on a terminal: a table of the steps (offered load, achieved in flight, p50/p99, TTFT and TPOT
 * when streamed, wall-clock output throughput, status with its marks), then the capacity answers per workload
 * shape. Prose is wrapped at {@value #WIDTH} columns; the table's cells are never cut, so a wide table runs past
 * them rather than lose a figure. The command line prints it before the file paths.
 */
public final class ConsoleSummary {
  /** Where prose is wrapped. */
  public static final int WIDTH = 80;

  private ConsoleSummary() {}

  public static void write(BenchmarkResult result, Appendable out) throws IOException {
    List<StepResult> steps = result.steps();
    boolean streamed = steps.stream().anyMatch(ConsoleSummary::streamed);
    int name = Math.max(4, steps.stream().mapToInt(s -> s.testName().length()).max().orElse(4));
    int load = Math.max(4, steps.stream().mapToInt(s -> s.loadLabel().length()).max().orElse(4));
    String format = "%-" + name + "s %" + load + "s %9s %7s %7s" + (streamed ? " %8s %8s %8s" : "%s%s%s")
        + " %9s  %s";
    wrap(out, "Steps (load: c= workers or arrivals/s; in flight: most at once/mean; '—' not measured;"
        + " tok/s: wall-clock output" + (steps.stream().anyMatch(s -> s.testType() == TestType.EMBEDDINGS)
            ? ", prompt for embeddings" : "") + (streamed ? "; TTFT in s, TPOT in ms" : "") + ")", "  ");
    out.append(String.format(Locale.ROOT, format, "step", "load", "in flight", "p50 s", "p99 s",
        streamed ? "TTFT p50" : "", streamed ? "TTFT p99" : "", streamed ? "TPOT p50" : "", "tok/s", "status"))
        .append('\n');
    for (StepResult s : steps) {
      String inFlight = AchievedLoad.measured(s) ? AchievedLoad.maxCell(s) + "/" + AchievedLoad.meanCell(s)
          : AchievedLoad.NOT_MEASURED;
      boolean ok = s.statistics().successful() > 0;
      String status = s.status().name() + (AchievedLoad.clientBound(s) ? " client-bound" : "")
          + (AchievedLoad.sentFewer(s) ? " (sent " + s.numRequests() + ")" : "");
      Optional<StreamStatistics> stream = s.statistics().measured().stream().filter(t -> ok && t.ttft().count() > 0);
      out.append(String.format(Locale.ROOT, format, s.testName(), s.loadLabel(), inFlight,
          ok ? Fmt.sec(s.statistics().measured().latency().p50Sec()) : AchievedLoad.NOT_MEASURED,
          ok ? Fmt.sec(s.statistics().measured().latency().p99Sec()) : AchievedLoad.NOT_MEASURED,
          streamed ? stream.map(t -> Fmt.sec(t.ttft().p50Sec())).orElse(AchievedLoad.NOT_MEASURED) : "",
          streamed ? stream.map(t -> Fmt.sec(t.ttft().p99Sec())).orElse(AchievedLoad.NOT_MEASURED) : "",
          streamed ? stream.map(t -> Fmt.ms(t.tpot().p50Sec() * 1e3)).orElse(AchievedLoad.NOT_MEASURED) : "",
          Fmt.tps(s.capacityTokensPerSec()), status)).append('\n');
    }
    if (steps.stream().anyMatch(AchievedLoad::clientBound)) {
      wrap(out, "client-bound: llmbench's own delays could have moved a figure by more than max(1 ms, 1 %); the reason says which and by how much.",
          "");
    }
    Optional<CapacitySearch.Estimate> search = SearchSection.estimate(result);
    if (search.isPresent()) {
      out.append('\n');
      wrap(out, SearchSection.headline(search.get()), "    ");
    }
    out.append('\n').append("Capacity answers\n");
    Block.Bullets headlines = (Block.Bullets) ReportContent.headlines(CapacityAnswers.of(result));
    for (Block.Item item : headlines.items()) wrap(out, item.label() + ": " + item.text(), "    ");
    if (!result.completed()) wrap(out, "Run ended early: " + result.abortReason(), "    ");
  }

  private static boolean streamed(StepResult s) {
    return s.statistics().measured().stream().isPresent();
  }

  private static void line(Appendable out, String text) throws IOException {
    out.append(text).append('\n');
  }

  /** Words wrapped at {@link #WIDTH}, later lines indented. */
  private static void wrap(Appendable out, String text, String indent) throws IOException {
    StringBuilder line = new StringBuilder();
    List<String> lines = new ArrayList<>();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH) {
        lines.add(line.toString());
        line.setLength(0);
        line.append(indent);
      }
      if (line.length() > 0 && !line.toString().equals(indent)) line.append(' ');
      line.append(word);
    }
    if (line.length() > 0) lines.add(line.toString());
    for (String l : lines) line(out, l);
  }
}
