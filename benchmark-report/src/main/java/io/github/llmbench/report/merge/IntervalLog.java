package io.github.llmbench.report.merge;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * A run's HdrHistogram interval log ({@code .hlog}): one interval histogram per step, tagged with the step's name,
 * latencies of successful requests in nanoseconds, with the step's wall-clock start and end as the interval's
 * timestamps; a streamed step adds its time to first token, inter-token gaps, time per output token and end-to-end
 * time, tagged {@code <step>#ttft}, {@code #itl}, {@code #tpot} and {@code #e2e} ({@link #tag}). Written and read by HdrHistogram's own {@link HistogramLogWriter} and {@link HistogramLogReader}, so
 * the format is the library's (log format version 1.3, pinned by HdrHistogram 2.2.2) and any HdrHistogram tool
 * reads it; the round trip is lossless (every bucket's count, the precision and the timestamps to the millisecond).
 */
public final class IntervalLog {
  /** HdrHistogram's own tag syntax: the log separates fields with commas and spaces. */
  private static final Pattern TAG = Pattern.compile("[^,\\s]+");

  private IntervalLog() {}

  /** The metrics of a streamed step beside its latency, each with a tag of its own. */
  public enum StreamMetric {
    TTFT, ITL, TPOT, E2E;

    String suffix() {
      return "#" + name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Whether a tag is HdrHistogram syntax (no comma, no white space). */
  public static boolean validTag(String tag) {
    return TAG.matcher(tag).matches();
  }

  /** Whether a step name can tag a log: a valid tag without {@code #}, which separates a stream metric. */
  public static boolean validStepName(String step) {
    return validTag(step) && step.indexOf('#') < 0;
  }

  /** The tag of a streamed step's metric: {@code <step>#ttft}, ... */
  public static String tag(String step, StreamMetric metric) {
    return step + metric.suffix();
  }

  /** Starts a log on {@code out}: version, start time and legend. The writer is the caller's to close. */
  public static HistogramLogWriter start(OutputStream out, long startMillis) {
    HistogramLogWriter writer = new HistogramLogWriter(new PrintStream(out, false, StandardCharsets.UTF_8));
    writer.outputLogFormatVersion();
    writer.outputComment("llmbench: one interval per step, tagged with the step name, latency in nanoseconds");
    writer.outputStartTime(startMillis);
    writer.setBaseTime(startMillis);
    writer.outputLegend();
    return writer;
  }

  /**
   * Writes a whole log.
   *
   * @param histograms tagged, with start and end timestamps (epoch milliseconds)
   * @throws IllegalArgumentException if a histogram has no tag, a tag that is not HdrHistogram syntax, or a tag twice
   */
  public static void write(Path file, long startMillis, List<Histogram> histograms) throws IOException {
    checkTags(histograms);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      HistogramLogWriter writer = start(out, startMillis);
      for (Histogram h : histograms) writer.outputIntervalHistogram(h);
      writer.close();
    }
  }

  /**
   * Reads every interval histogram of a log, by tag, in log order.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if an interval is untagged or not an integer histogram, or a tag appears twice
   */
  public static Map<String, Histogram> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      HistogramLogReader reader = new HistogramLogReader(in);
      Map<String, Histogram> out = new LinkedHashMap<>();
      List<Histogram> all = new ArrayList<>();
      while (true) {
        EncodableHistogram e;
        try {
          e = reader.nextIntervalHistogram();
        } catch (RuntimeException bad) {
          throw new IllegalArgumentException(file + " is not a readable HdrHistogram log: " + bad, bad);
        }
        if (e == null) break;
        if (!(e instanceof Histogram h)) {
          throw new IllegalArgumentException(file + ": interval " + e.getTag() + " is not an integer histogram");
        }
        all.add(h);
      }
      checkTags(all);
      for (Histogram h : all) out.put(h.getTag(), h);
      return out;
    }
  }

  private static void checkTags(List<Histogram> histograms) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Histogram h : histograms) {
      String tag = h.getTag();
      if (tag == null || !validTag(tag)) {
        throw new IllegalArgumentException("interval tag (" + tag + ") should be a step name without commas or spaces");
      }
      if (!seen.add(tag)) throw new IllegalArgumentException("interval tag (" + tag + ") appears twice");
    }
  }
}
