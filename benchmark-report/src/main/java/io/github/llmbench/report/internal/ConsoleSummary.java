package io.github.llmbench.report.internal;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.CapacityEstimate;
import io.github.llmbench.api.StepResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The end of a run on a terminal, in at most {@value #WIDTH} columns: a compact table of the steps (achieved load,
 * p50/p99, wall-clock output throughput, status with the client-bound mark), then the capacity answers per
 * workload shape, wrapped. The command line prints it before the file paths.
 */
public final class ConsoleSummary {
  /** The widest line written. */
  public static final int WIDTH = 80;

  private static final int NAME_MAX = 16;

  private ConsoleSummary() {}

  public static void write(BenchmarkResult result, Appendable out) throws IOException {
    List<StepResult> steps = result.steps();
    int name = Math.min(NAME_MAX, Math.max(4, steps.stream().mapToInt(s -> s.testName().length()).max().orElse(4)));
    String format = "%-" + name + "s %5s %9s %7s %7s %9s  %s";
    out.append("Steps (in flight: most at once/mean; '—' not measured; tok/s: wall-clock output)\n");
    line(out, String.format(Locale.ROOT, format, "step", "c", "in flight", "p50 s", "p99 s", "tok/s", "status"));
    for (StepResult s : steps) {
      String inFlight = AchievedLoad.measured(s) ? AchievedLoad.maxCell(s) + "/" + AchievedLoad.meanCell(s)
          : AchievedLoad.NOT_MEASURED;
      boolean ok = s.statistics().successful() > 0;
      String status = s.status().name() + (AchievedLoad.clientBound(s) ? " client-bound" : "")
          + (AchievedLoad.sentFewer(s) ? " (sent " + s.numRequests() + ")" : "");
      line(out, String.format(Locale.ROOT, format, cut(s.testName(), name), s.concurrency(), inFlight,
          ok ? Fmt.sec(s.statistics().latency().p50Sec()) : AchievedLoad.NOT_MEASURED,
          ok ? Fmt.sec(s.statistics().latency().p99Sec()) : AchievedLoad.NOT_MEASURED,
          Fmt.tps(s.statistics().wallThroughputOutput()), status));
    }
    if (steps.stream().anyMatch(AchievedLoad::clientBound)) {
      wrap(out, "client-bound: llmbench's own delays could have moved a figure by more than max(1 ms, 1 %); the reason says which and by how much.",
          "");
    }
    Optional<CapacityEstimate> search = SearchSection.estimate(result);
    if (search.isPresent()) {
      out.append('\n');
      wrap(out, SearchSection.headline(search.get()), "    ");
    }
    out.append('\n').append("Capacity answers\n");
    Block.Bullets headlines = (Block.Bullets) ReportContent.headlines(CapacityAnswers.of(result));
    for (Block.Item item : headlines.items()) wrap(out, item.label() + ": " + item.text(), "    ");
    if (!result.completed()) wrap(out, "Run ended early: " + result.abortReason(), "    ");
  }

  private static String cut(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "~";
  }

  private static void line(Appendable out, String text) throws IOException {
    out.append(text.length() <= WIDTH ? text : text.substring(0, WIDTH)).append('\n');
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
