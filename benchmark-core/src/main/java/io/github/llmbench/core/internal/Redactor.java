package io.github.llmbench.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes an API key from text that came from the server (error bodies, stream error events), so that a server
 * echoing the key cannot put it in a result, a log or a per-request record. The key is replaced in its raw,
 * JSON-escaped and URL-encoded forms, {@code Bearer <key>} included. Immutable and thread-safe.
 */
public final class Redactor {
  static final String MASK = "***";
  private static final Redactor NONE = new Redactor(List.of());

  private final List<String> forms;

  private Redactor(List<String> forms) {
    this.forms = forms;
  }

  /** A redactor for this key, or one that changes nothing when there is none. */
  public static Redactor forKey(Optional<String> apiKey) {
    if (apiKey.isEmpty() || apiKey.get().isEmpty()) return NONE;
    String key = apiKey.get();
    List<String> forms = new ArrayList<>();
    forms.add(key);
    String json = key.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/");
    if (!json.equals(key)) forms.add(json);
    String url = java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8);
    if (!url.equals(key)) forms.add(url);
    // Longest first, so that a form containing another is replaced whole.
    forms.sort((a, b) -> b.length() - a.length());
    return new Redactor(List.copyOf(forms));
  }

  /**
   * The text with a start of any form of the key at its very end masked too: for text that was just cut, where
   * only the beginning of an echoed key survived. Starts shorter than 3 characters are left (they say nothing).
   */
  public String redactTail(String text) {
    String out = redact(text);
    for (String form : forms) {
      for (int k = Math.min(form.length() - 1, out.length()); k >= 3; k--) {
        if (out.endsWith(form.substring(0, k))) return out.substring(0, out.length() - k) + MASK;
      }
    }
    return out;
  }

  /** The text with every form of the key replaced by {@value #MASK}. */
  public String redact(String text) {
    String out = text;
    for (String form : forms) {
      if (out.contains(form)) out = out.replace(form, MASK);
    }
    return out;
  }
}
