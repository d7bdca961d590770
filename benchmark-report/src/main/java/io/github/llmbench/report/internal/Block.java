package io.github.llmbench.report.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One block of a report, independent of the output format, so Markdown and HTML say exactly the same things.
 * Text is plain (renderers escape it).
 */
public sealed interface Block {
  record Heading(int level, String text) implements Block {}

  record Paragraph(String text) implements Block {}

  /** A bullet list; an item's label, when present, is shown bold before its text. */
  record Bullets(List<Item> items) implements Block {
    public Bullets {
      items = List.copyOf(items);
    }
  }

  record Item(@Nullable String label, String text) {}

  /** A table; {@code numeric[i]} right-aligns column {@code i}. */
  record Table(List<String> headers, boolean[] numeric, List<List<String>> rows) implements Block {
    public Table {
      headers = List.copyOf(headers);
      numeric = numeric.clone();
      rows = rows.stream().map(List::copyOf).toList();
      if (numeric.length != headers.size()) {
        throw new IllegalArgumentException("numeric (" + numeric.length + ") should have one flag per header ("
            + headers.size() + ")");
      }
    }
  }

  /** A chart: a link to {@code fileName} in Markdown (omitted when null), the SVG inline in HTML. */
  record Chart(String title, @Nullable String fileName, String svg) implements Block {}
}
