package io.github.llmbench.report.internal;

import java.io.IOException;
import java.util.List;

/** Renders report blocks as GitHub-flavoured Markdown: plain text, pipe tables, chart images linked by file name. */
public final class MarkdownRenderer {
  private MarkdownRenderer() {}

  public static void render(List<Block> blocks, Appendable out) throws IOException {
    boolean first = true;
    for (Block block : blocks) {
      if (block instanceof Block.Chart c && c.fileName() == null) continue;
      if (!first) out.append('\n');
      first = false;
      if (block instanceof Block.Heading h) {
        out.append("#".repeat(h.level())).append(' ').append(text(h.text())).append('\n');
      } else if (block instanceof Block.Paragraph p) {
        out.append(text(p.text())).append('\n');
      } else if (block instanceof Block.Bullets b) {
        for (Block.Item item : b.items()) {
          out.append("- ");
          if (item.label() != null) out.append("**").append(text(item.label())).append(":** ");
          out.append(text(item.text())).append('\n');
        }
      } else if (block instanceof Block.Table t) {
        table(t, out);
      } else if (block instanceof Block.Chart c) {
        out.append("![").append(text(c.title())).append("](").append(c.fileName()).append(")\n");
      }
    }
  }

  private static void table(Block.Table t, Appendable out) throws IOException {
    out.append('|');
    for (String h : t.headers()) out.append(' ').append(cell(h)).append(" |");
    out.append("\n|");
    for (boolean numeric : t.numeric()) out.append(numeric ? "---:|" : "---|");
    out.append('\n');
    for (List<String> row : t.rows()) {
      out.append('|');
      for (String c : row) out.append(' ').append(cell(c)).append(" |");
      out.append('\n');
    }
  }

  private static String cell(String s) {
    return text(s).replace("|", "\\|");
  }

  /** Escapes what Markdown would otherwise read as markup: backslashes, emphasis stars, code ticks, tag starts. */
  static String text(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char next = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
      if (c == '\\' || c == '*' || c == '`' || (c == '<' && (Character.isLetter(next) || next == '/'
          || next == '!' || next == '?'))) {
        b.append('\\');
      }
      b.append(c == '\n' || c == '\r' ? ' ' : c);
    }
    return b.toString();
  }
}
