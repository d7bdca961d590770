package io.github.llmbench.api;

import java.util.Locale;
import java.util.Objects;

/**
 * Why a run ended before its last phase, as a kind to test and a message to print. A run that completed has
 * {@link #NONE}; a snapshot taken while the run goes on has {@link #IN_PROGRESS}.
 *
 * @param kind what ended the run
 * @param message one line naming the cause, e.g. {@code "target unreachable: http://h:8000: connection refused"};
 *     empty for {@link Kind#NONE}
 */
public record AbortReason(Kind kind, String message) {
  /** What ended a run. */
  public enum Kind {
    /** Nothing: the run completed. */
    NONE,
    /** The run is still going (a snapshot). */
    IN_PROGRESS,
    /** Cancelled by the caller (Ctrl-C, {@code BenchmarkRun.cancel()}). */
    CANCELLED,
    /** Nothing listened at the target. */
    TARGET_UNREACHABLE,
    /** The pre-flight's real request failed in a way every request would. */
    PREFLIGHT_FAILED,
    /** Every request of a step met the same client error (4xx other than 429). */
    CLIENT_ERROR,
    /** A plug-in (status policy) or a bug threw. */
    ERROR,
    /** A reason recorded elsewhere (a result built by hand or read from a file that did not say its kind). */
    OTHER
  }

  public static final AbortReason NONE = new AbortReason(Kind.NONE, "");
  public static final AbortReason IN_PROGRESS = new AbortReason(Kind.IN_PROGRESS, "in progress");
  public static final AbortReason CANCELLED = new AbortReason(Kind.CANCELLED, "cancelled");

  /** @throws IllegalArgumentException if the message is empty for a kind other than {@code NONE}, or not for it */
  public AbortReason {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    if ((kind == Kind.NONE) != message.isEmpty()) {
      throw new IllegalArgumentException("message (\"" + message + "\") should be empty exactly when kind is NONE ("
          + kind + ")");
    }
  }

  public static AbortReason unreachable(String baseUrl) {
    return new AbortReason(Kind.TARGET_UNREACHABLE, "target unreachable: " + baseUrl + ": connection refused");
  }

  public static AbortReason preflightFailed(String detail) {
    return new AbortReason(Kind.PREFLIGHT_FAILED, "preflight failed: " + detail);
  }

  public static AbortReason clientError(String step, String failure) {
    return new AbortReason(Kind.CLIENT_ERROR, "every request of step " + step + " failed with " + failure);
  }

  public static AbortReason error(String detail) {
    return new AbortReason(Kind.ERROR, "error: " + detail);
  }

  /**
   * The reason a message describes, for messages written by the engine (read back from a result file that predates
   * {@code abort_kind}) or given by hand; {@link Kind#OTHER} when it is none of the engine's.
   */
  public static AbortReason of(String message) {
    Objects.requireNonNull(message, "message");
    if (message.isEmpty()) return NONE;
    if (message.equals(IN_PROGRESS.message)) return IN_PROGRESS;
    if (message.equals(CANCELLED.message)) return CANCELLED;
    if (message.startsWith("target unreachable: ")) return new AbortReason(Kind.TARGET_UNREACHABLE, message);
    if (message.startsWith("preflight failed: ")) return new AbortReason(Kind.PREFLIGHT_FAILED, message);
    if (message.startsWith("every request of step ")) return new AbortReason(Kind.CLIENT_ERROR, message);
    if (message.startsWith("error: ")) return new AbortReason(Kind.ERROR, message);
    return new AbortReason(Kind.OTHER, message);
  }

  /** The reason of the given kind read from a file ({@code abort_kind}, lower case). */
  public static AbortReason of(String kind, String message) {
    Kind k;
    try {
      k = Kind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("abort_kind (\"" + kind + "\") should be one of " + java.util.Arrays.toString(
          Kind.values()).toLowerCase(Locale.ROOT));
    }
    return new AbortReason(k, message);
  }

  /** The message, so that a reason prints as it reads. */
  @Override
  public String toString() {
    return message;
  }
}
