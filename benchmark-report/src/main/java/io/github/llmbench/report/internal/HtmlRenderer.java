package io.github.llmbench.report.internal;

import io.github.llmbench.api.Status;
import java.io.IOException;
import java.util.List;

/**
 * Renders report blocks as one self-contained HTML page: inline CSS, charts embedded as inline SVG, no script and
 * no external resource, so the file can be mailed or archived on its own.
 */
public final class HtmlRenderer {
  private static final String CSS = """
      body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px auto; \
      max-width: 1400px; padding: 0 16px; color: #1a1a1a; line-height: 1.45; }
      h1 { font-size: 1.6em; border-bottom: 2px solid #ddd; padding-bottom: 6px; }
      h2 { font-size: 1.3em; margin-top: 1.8em; border-bottom: 1px solid #eee; padding-bottom: 4px; }
      h3 { font-size: 1.1em; margin-top: 1.4em; }
      .table-wrap { overflow-x: auto; margin: 8px 0 12px; }
      table { border-collapse: collapse; font-size: 12px; }
      th, td { border: 1px solid #d0d0d0; padding: 2px 6px; white-space: nowrap; }
      th { background: #f3f3f3; text-align: left; white-space: normal; vertical-align: bottom; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      td.status-FAILING { font-weight: bold; }
      figure { margin: 12px 0; } figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
      .charts { display: flex; flex-wrap: wrap; gap: 0 16px; }
      .charts figure { flex: 1 1 560px; max-width: 960px; }
      td.wrap { white-space: normal; min-width: 8em; }
      figcaption { color: #555; font-size: 13px; }
      """;

  /** Text cells longer than this wrap. */
  private static final int WRAP_CHARS = 40;

  private HtmlRenderer() {}

  public static void render(String title, List<Block> blocks, Appendable out) throws IOException {
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append(statusCss())
        .append("</style>\n")
        .append("</head>\n<body>\n");
    boolean inCharts = false;
    for (Block block : blocks) {
      // Consecutive charts share a row when the page is wide enough, so the first screen shows more than one.
      if (block instanceof Block.Chart && !inCharts) {
        out.append("<div class=\"charts\">\n");
        inCharts = true;
      } else if (!(block instanceof Block.Chart) && inCharts) {
        out.append("</div>\n");
        inCharts = false;
      }
      if (block instanceof Block.Heading h) {
        out.append("<h").append(Integer.toString(h.level())).append('>').append(esc(h.text())).append("</h")
            .append(Integer.toString(h.level())).append(">\n");
      } else if (block instanceof Block.Paragraph p) {
        out.append("<p>").append(esc(p.text())).append("</p>\n");
      } else if (block instanceof Block.Bullets b) {
        out.append("<ul>\n");
        for (Block.Item item : b.items()) {
          out.append("<li>");
          if (item.label() != null) out.append("<strong>").append(esc(item.label())).append(":</strong> ");
          out.append(esc(item.text())).append("</li>\n");
        }
        out.append("</ul>\n");
      } else if (block instanceof Block.Table t) {
        table(t, out);
      } else if (block instanceof Block.Chart c) {
        out.append("<figure>\n").append(c.svg()).append("<figcaption>").append(esc(c.title()))
            .append("</figcaption>\n</figure>\n");
      }
    }
    if (inCharts) out.append("</div>\n");
    out.append("</body>\n</html>\n");
  }

  private static void table(Block.Table t, Appendable out) throws IOException {
    out.append("<div class=\"table-wrap\"><table>\n<thead><tr>");
    for (int i = 0; i < t.headers().size(); i++) {
      out.append(t.numeric()[i] ? "<th class=\"num\">" : "<th>").append(header(t.headers().get(i))).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : t.rows()) {
      out.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        boolean numeric = i < t.numeric().length && t.numeric()[i];
        // Long text (notes, the glossary) wraps, so a table with prose in it fits the page; figures never do.
        String cls = numeric ? "num" : isStatus(cell) ? "status-" + cell : cell.length() > WRAP_CHARS ? "wrap" : "";
        out.append(cls.isEmpty() ? "<td>" : "<td class=\"" + cls + "\">").append(esc(cell)).append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table></div>\n");
  }

  /** Lets long snake_case headers wrap after their underscores, so wide tables fit the page. */
  private static String header(String text) {
    return esc(text).replace("_", "_<wbr>");
  }

  /** The status colours of the tables, the same as the charts' markers. */
  private static String statusCss() {
    StringBuilder css = new StringBuilder();
    for (Status status : Status.values()) {
      css.append("td.status-").append(status.name()).append(" { color: ").append(StatusPalette.color(status))
          .append("; }\n");
    }
    return css.toString();
  }

  private static boolean isStatus(String s) {
    return s.equals("OK") || s.equals("DEGRADED") || s.equals("SATURATED") || s.equals("FAILING");
  }

  static String esc(String s) {
    return SvgLineChart.esc(s);
  }
}
