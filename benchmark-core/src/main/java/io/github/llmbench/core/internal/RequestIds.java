package io.github.llmbench.core.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The {@code X-Request-Id} every request carries, {@code <run>-<step>-<index>}, so a request can be found in the
 * server's logs (vLLM can echo the header) and paired with its exchange on the wire. The run part is random, so two
 * runs never share ids; characters a header cannot carry, or that would make the id ambiguous, become {@code _}.
 */
public final class RequestIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RequestIds() {}

  /** A new run's id: 8 hex digits. */
  public static String newRunId() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  public static String of(String runId, String step, int index) {
    return runId + "-" + safe(step) + "-" + index;
  }

  private static String safe(String step) {
    StringBuilder s = new StringBuilder(step.length());
    for (int i = 0; i < step.length(); i++) {
      char c = step.charAt(i);
      boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
      s.append(keep ? c : '_');
    }
    return s.toString();
  }
}
