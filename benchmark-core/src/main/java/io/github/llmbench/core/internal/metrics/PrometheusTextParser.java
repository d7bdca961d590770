package io.github.llmbench.core.internal.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (what vLLM, SGLang and TGI serve on
 * {@code /metrics}). Maven Central has no maintained Java parser of it (the Prometheus Java client only writes it),
 * so this is ours, following the format's rules and the reference Go parser:
 *
 * <ul>
 *   <li>{@code # HELP name text} (escapes {@code \\} and {@code \n}) and {@code # TYPE name type} with type
 *       counter, gauge, histogram, summary or untyped; at most one TYPE per name, before its first sample;
 *       other {@code #} lines are comments;
 *   <li>samples {@code name{label="value",...} value [timestamp]}: metric names {@code [a-zA-Z_:][a-zA-Z0-9_:]*},
 *       label names {@code [a-zA-Z_][a-zA-Z0-9_]*}, label values with the escapes {@code \\}, {@code \"},
 *       {@code \n} and no other, an optional trailing comma, no label twice;
 *   <li>values are Go floats: decimal or exponent notation, {@code +Inf}, {@code -Inf}, {@code NaN}
 *       (case-insensitive); a timestamp is an integer of milliseconds;
 *   <li>no series twice; the samples of a histogram {@code h} are {@code h_bucket} (with an {@code le} that is a
 *       float), {@code h_sum} and {@code h_count}; of a summary, {@code s}, {@code s_sum} and {@code s_count}.
 * </ul>
 *
 * <p>Blank lines are skipped; a trailing {@code \r} is tolerated. Anything else is rejected with the line number,
 * so a body that is not the text format (an HTML page, JSON) is recognised as such. Stateless and thread-safe.
 */
public final class PrometheusTextParser {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern FLOAT = Pattern.compile(
      "[+-]?(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity))|(?i:nan)");
  private static final Pattern TIMESTAMP = Pattern.compile("-?[0-9]+");

  private PrometheusTextParser() {}

  /**
   * @return the exposition in {@code text}
   * @throws IllegalArgumentException naming the line and the fault if {@code text} breaks a rule above
   */
  public static PrometheusExposition parse(String text) {
    Map<String, MetricType> types = new LinkedHashMap<>();
    Map<String, String> help = new HashMap<>();
    List<PrometheusSample> samples = new ArrayList<>();
    Set<String> familiesWithSamples = new HashSet<>();
    Set<String> series = new HashSet<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      int lineNumber = i + 1;
      String trimmed = stripLeading(line);
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        if (trimmed.charAt(0) == '#') {
          comment(trimmed, types, help, familiesWithSamples);
        } else {
          PrometheusSample sample = new LineReader(trimmed).sample();
          String family = familyOf(sample, types);
          familiesWithSamples.add(family);
          String key = sample.name() + new TreeMap<>(sample.labels());
          if (!series.add(key)) {
            throw new IllegalArgumentException("series " + sample.name() + sample.labels() + " appears twice");
          }
          samples.add(sample);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage(), e);
      }
    }
    return new PrometheusExposition(types, help, samples);
  }

  private static void comment(String line, Map<String, MetricType> types, Map<String, String> help,
      Set<String> familiesWithSamples) {
    String[] tokens = stripLeading(line.substring(1)).split("[ \t]+", 3);
    if (tokens.length < 2 || !(tokens[0].equals("HELP") || tokens[0].equals("TYPE"))) {
      return; // an ordinary comment
    }
    String name = tokens[1];
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid metric name '" + name + "' in # " + tokens[0]);
    }
    String rest = tokens.length > 2 ? tokens[2] : "";
    if (tokens[0].equals("HELP")) {
      if (help.put(name, unescapeHelp(rest)) != null) {
        throw new IllegalArgumentException("second # HELP for " + name);
      }
      return;
    }
    MetricType type = MetricType.parse(rest.strip());
    if (type == null) {
      throw new IllegalArgumentException("unknown metric type '" + rest.strip() + "' for " + name);
    }
    if (types.containsKey(name)) {
      throw new IllegalArgumentException("second # TYPE for " + name);
    }
    if (familiesWithSamples.contains(name)) {
      throw new IllegalArgumentException("# TYPE for " + name + " after its samples");
    }
    types.put(name, type);
  }

  /** The family a sample belongs to, checking the suffix and labels that its declared type allows. */
  private static String familyOf(PrometheusSample sample, Map<String, MetricType> types) {
    String name = sample.name();
    for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
      if (name.endsWith(suffix)) {
        String family = name.substring(0, name.length() - suffix.length());
        MetricType type = types.get(family);
        if (type == MetricType.HISTOGRAM || type == MetricType.SUMMARY) {
          if (suffix.equals("_bucket")) {
            if (type == MetricType.SUMMARY) {
              throw new IllegalArgumentException("summary " + family + " cannot have a _bucket sample");
            }
            String le = sample.label("le");
            if (le == null || !FLOAT.matcher(le).matches()) {
              throw new IllegalArgumentException(name + " needs an 'le' label that is a number, got " + le);
            }
          }
          return family;
        }
      }
    }
    MetricType type = types.get(name);
    if (type == MetricType.HISTOGRAM) {
      throw new IllegalArgumentException("histogram " + name + " has a sample without _bucket, _sum or _count");
    }
    return name;
  }

  static double parseFloat(String text) {
    if (!FLOAT.matcher(text).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a number");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.endsWith("inf") || lower.endsWith("infinity")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.endsWith("nan")) {
      return Double.NaN;
    }
    return Double.parseDouble(text);
  }

  private static String unescapeHelp(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        if (next == '\\' || next == 'n') {
          out.append(next == 'n' ? '\n' : '\\');
          i++;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String stripLeading(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return s.substring(i);
  }

  /** Reads one sample line left to right. */
  private static final class LineReader {
    private final String line;
    private int pos;

    LineReader(String line) {
      this.line = line;
    }

    PrometheusSample sample() {
      String name = name(true);
      skipBlanks();
      Map<String, String> labels = new LinkedHashMap<>();
      if (pos < line.length() && line.charAt(pos) == '{') {
        pos++;
        labels(labels);
        skipBlanks();
      }
      String value = token();
      if (value.isEmpty()) {
        throw new IllegalArgumentException("sample " + name + " has no value");
      }
      double parsed = parseFloat(value);
      skipBlanks();
      if (pos < line.length()) {
        String timestamp = token();
        if (!TIMESTAMP.matcher(timestamp).matches()) {
          throw new IllegalArgumentException("'" + timestamp + "' is not a timestamp");
        }
        skipBlanks();
        if (pos < line.length()) {
          throw new IllegalArgumentException("unexpected text after the timestamp: '" + line.substring(pos) + "'");
        }
      }
      return new PrometheusSample(name, labels, parsed);
    }

    private void labels(Map<String, String> labels) {
      while (true) {
        skipBlanks();
        if (pos < line.length() && line.charAt(pos) == '}') {
          pos++;
          return;
        }
        String label = name(false);
        skipBlanks();
        expect('=');
        skipBlanks();
        expect('"');
        String value = quoted();
        if (labels.put(label, value) != null) {
          throw new IllegalArgumentException("label " + label + " appears twice");
        }
        skipBlanks();
        if (pos < line.length() && line.charAt(pos) == ',') {
          pos++;
        } else if (pos < line.length() && line.charAt(pos) == '}') {
          pos++;
          return;
        } else {
          throw new IllegalArgumentException("expected ',' or '}' after label " + label);
        }
      }
    }

    private String quoted() {
      StringBuilder out = new StringBuilder();
      while (pos < line.length()) {
        char c = line.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          if (pos >= line.length()) {
            break;
          }
          char e = line.charAt(pos++);
          switch (e) {
            case '\\': out.append('\\'); break;
            case '"': out.append('"'); break;
            case 'n': out.append('\n'); break;
            default: throw new IllegalArgumentException("invalid escape '\\" + e + "' in a label value");
          }
        } else {
          out.append(c);
        }
      }
      throw new IllegalArgumentException("unterminated label value");
    }

    private String name(boolean metric) {
      int start = pos;
      while (pos < line.length() && nameChar(line.charAt(pos), pos == start, metric)) {
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException((metric ? "invalid metric name" : "invalid label name") + " at '"
            + line.substring(start) + "'");
      }
      return line.substring(start, pos);
    }

    private static boolean nameChar(char c, boolean first, boolean metric) {
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':');
      return letter || (!first && c >= '0' && c <= '9');
    }

    private String token() {
      int start = pos;
      while (pos < line.length() && line.charAt(pos) != ' ' && line.charAt(pos) != '\t') {
        pos++;
      }
      return line.substring(start, pos);
    }

    private void expect(char c) {
      if (pos >= line.length() || line.charAt(pos) != c) {
        throw new IllegalArgumentException("expected '" + c + "' at '" + line.substring(Math.min(pos, line.length()))
            + "'");
      }
      pos++;
    }

    private void skipBlanks() {
      while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
        pos++;
      }
    }
  }
}
