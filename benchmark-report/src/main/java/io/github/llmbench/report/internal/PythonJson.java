package io.github.llmbench.report.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a tree of maps, lists, strings and numbers exactly as Python's {@code json.dump(obj, f, indent=2)} does:
 * two-space indentation, {@code ": "} between key and value, one item per line, {@code {}} and {@code []} for empty
 * containers, non-ASCII escaped as {@code \}{@code uXXXX} ({@code ensure_ascii}), no newline at the end.
 *
 * <p>Types map as in Python: {@link Double} is a float (see {@link PythonFloat}), {@link Integer} and {@link Long}
 * are ints, {@link Boolean} is {@code true}/{@code false}, {@code null} is {@code null}. Maps keep their iteration
 * order, so pass a {@link java.util.LinkedHashMap}.
 */
public final class PythonJson {
  private static final int INDENT = 2;

  private PythonJson() {}

  public static void write(Object value, Appendable out) throws IOException {
    write(value, out, 0);
  }

  private static void write(Object value, Appendable out, int level) throws IOException {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Double d) {
      out.append(PythonFloat.repr(d));
    } else if (value instanceof Integer || value instanceof Long) {
      out.append(value.toString());
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) out.append(',');
        first = false;
        newline(out, level + 1);
        string((String) e.getKey(), out);
        out.append(": ");
        write(e.getValue(), out, level + 1);
      }
      newline(out, level);
      out.append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append('[');
      boolean first = true;
      for (Object item : list) {
        if (!first) out.append(',');
        first = false;
        newline(out, level + 1);
        write(item, out, level + 1);
      }
      newline(out, level);
      out.append(']');
    } else {
      throw new IllegalArgumentException("value (" + value.getClass().getName() + ") has no JSON form");
    }
  }

  private static void newline(Appendable out, int level) throws IOException {
    out.append('\n');
    for (int i = 0; i < level * INDENT; i++) out.append(' ');
  }

  /** A JSON string literal as Python writes it with {@code ensure_ascii=True}. */
  static void string(String s, Appendable out) throws IOException {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
