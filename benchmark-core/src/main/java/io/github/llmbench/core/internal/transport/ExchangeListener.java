package io.github.llmbench.core.internal.transport;

/**
 * What a {@link Transport} reports of one HTTP exchange, each event with the monotonic reading taken at the I/O edge
 * (before any decoding of that read). Everything above the seam (SSE and JSON decoding, usage, failure
 * classification, response limits, redaction) lives in the listener, so every transport shares it.
 *
 * <p>All events of one exchange arrive on one thread, in order. Exactly one terminal event ends every exchange:
 * {@link #end} or {@link #failed}, also after the listener asked to stop reading ({@link Reading#ABORT}) or said it
 * had what it wanted ({@link Reading#DONE}). Listeners must not throw.
 */
public interface ExchangeListener {
  /** What the transport should do with the rest of a response. */
  enum Reading {
    /** Go on delivering the body. */
    CONTINUE,
    /**
     * The listener has its answer (a stream's {@code [DONE]}): the transport reads on to the response's framing end
     * only to keep the connection, delivering what it reads, and closes the connection if that end does not come
     * soon.
     */
    DONE,
    /** Stop now (a limit was passed): the transport closes the connection and then reports a failure. */
    ABORT
  }

  /** The request's first byte is about to be written, on an open connection. */
  void written(long nanos);

  /** The head of the final response (1xx heads are not reported); {@code nanos} is the read that completed it. */
  Reading head(int status, ResponseHead head, long nanos);

  /**
   * Body bytes as read, after de-chunking (and TLS); valid only during the call.
   *
   * @param readNanos when the read that delivered them completed
   */
  Reading body(byte[] bytes, int offset, int length, long readNanos);

  /** The response ended as its framing says; {@code nanos} is the read that delivered its last byte. */
  void end(long nanos);

  /**
   * The exchange failed (connect, reset, timeout, cancel, or after {@link Reading#ABORT}), seen at {@code nanos}.
   */
  void failed(Throwable cause, long nanos);

  /** The response head's fields a listener reads. */
  interface ResponseHead {
    /** The first value of a header (case-insensitive name), or {@code null}. */
    @org.jspecify.annotations.Nullable
    String header(String name);
  }
}
