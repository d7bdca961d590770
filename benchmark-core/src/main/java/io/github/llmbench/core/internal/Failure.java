package io.github.llmbench.core.internal;

import io.github.llmbench.api.RequestOutcome;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * A classified request failure: its kind and a short detail without secrets. Classification of exceptions from
 * the transport lives here, in one place.
 */
public record Failure(RequestOutcome.FailureKind kind, String detail) {
  /** What a failure's detail is cut to in outcomes, after the API key has been redacted from it. */
  static final int MAX_DETAIL = 200;
  /** What a detail is kept to before it is redacted and cut: enough to hold any key that straddles the cut. */
  static final int MAX_RAW_DETAIL = 8192;

  public Failure {
    Objects.requireNonNull(kind, "kind");
    detail = oneLine(detail);
  }

  /** A non-200 response: 429 and 503 are back-pressure, anything else an HTTP status failure. */
  public static Failure ofStatus(int status, String bodyExcerpt) {
    RequestOutcome.FailureKind kind = status == 429 || status == 503 ? RequestOutcome.FailureKind.BACKPRESSURE
        : RequestOutcome.FailureKind.HTTP_STATUS;
    String excerpt = oneLine(bodyExcerpt);
    return new Failure(kind, "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt));
  }

  /** An exception thrown while sending the request or reading the response. */
  public static Failure ofException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String message = c.getMessage() == null ? "" : c.getMessage();
      String lower = message.toLowerCase(Locale.ROOT);
      String type = c.getClass().getName();
      if (c instanceof SocketTimeoutException) return new Failure(RequestOutcome.FailureKind.TIMEOUT,
          "timeout: " + message);
      if (c instanceof InterruptedIOException && lower.contains("timeout")) {
        return new Failure(RequestOutcome.FailureKind.TIMEOUT,
            "timeout: the call did not finish within the request timeout");
      }
      // Netty's is a ConnectException too, but nothing refused: the connect did not finish in time.
      if (type.endsWith("ConnectTimeoutException")) return new Failure(RequestOutcome.FailureKind.TIMEOUT,
          "timeout: " + message);
      // The client's own connect failures (out of local ports: EADDRNOTAVAIL) are no refusal of the server's.
      if (c instanceof BindException || lower.contains("cannot assign requested address")) {
        return new Failure(RequestOutcome.FailureKind.IO_ERROR, "the client is out of local ports: " + message);
      }
      // Netty's native transport reports every connect errno as a ConnectException: only a refusal is one.
      // OkHttp wraps the errno's exception in its own "Failed to connect to ..." one: the cause says which.
      if (c instanceof ConnectException) {
        if (!lower.contains("refused") && c.getCause() != null) continue;
        return lower.contains("refused") || message.isEmpty()
            ? new Failure(RequestOutcome.FailureKind.CONNECTION_REFUSED, "connection refused: " + message)
            : new Failure(RequestOutcome.FailureKind.IO_ERROR, "connect failed: " + message);
      }
      if (c instanceof UnknownHostException) return new Failure(RequestOutcome.FailureKind.IO_ERROR,
          "unknown host: " + message);
      if (c instanceof EOFException || lower.contains("unexpected end of stream")
          || type.endsWith("StreamResetException") || type.endsWith("PrematureChannelClosureException")
          || c instanceof java.nio.channels.ClosedChannelException) {
        return new Failure(RequestOutcome.FailureKind.CONNECTION_RESET, "connection closed early: " + describe(c));
      }
      // Netty's native transport reports a reset or a broken pipe as an IOException naming the errno.
      if (c instanceof SocketException || lower.contains("connection reset") || lower.contains("broken pipe")) {
        return new Failure(RequestOutcome.FailureKind.CONNECTION_RESET, "connection reset: " + describe(c));
      }
    }
    return new Failure(RequestOutcome.FailureKind.IO_ERROR, describe(t));
  }

  static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : ": " + message);
  }

  /** Whitespace flattened, bounded; cut to {@link #MAX_DETAIL} only after redaction ({@link #cut}). */
  private static String oneLine(String s) {
    String flat = s.replaceAll("\\s+", " ").trim();
    return flat.length() <= MAX_RAW_DETAIL ? flat : flat.substring(0, MAX_RAW_DETAIL);
  }

  /** This failure with its detail cut to {@link #MAX_DETAIL} characters, for an outcome. */
  Failure cut() {
    return detail.length() <= MAX_DETAIL ? this : new Failure(kind, detail.substring(0, MAX_DETAIL) + "...");
  }
}
