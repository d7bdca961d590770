package io.github.llmbench.api;

/** Why a request failed. A failed request is a result to count, never an exception. */
public enum FailureKind {
  /** The server answered with a 4xx or 5xx status other than 429/503. */
  HTTP_STATUS("http"),
  /** The server pushed back: 429 Too Many Requests or 503 Service Unavailable. */
  BACKPRESSURE("backpressure"),
  /** The request did not finish within the per-request timeout. */
  TIMEOUT("timeout"),
  /** Nothing listened at the target's address. */
  CONNECTION_REFUSED("connection_refused"),
  /** The connection was closed or reset before the response was complete. */
  CONNECTION_RESET("connection_reset"),
  /** A 200 response whose body was not the expected JSON. */
  MALFORMED_BODY("malformed_body"),
  /** A stream that ended before {@code [DONE]} or its finishing chunk. */
  STREAM_CUT("stream_cut"),
  /** A stream chunk that was not valid JSON. */
  MALFORMED_CHUNK("malformed_chunk"),
  /** An {@code error} object sent inside the stream. */
  STREAM_ERROR("stream_error"),
  /** A 3xx answer: never followed (a followed POST would turn into a bodiless GET); the detail names the
   * {@code Location}. */
  REDIRECT("redirect"),
  /** A response body longer than {@link ResponseLimits#maxResponseBytes()}. */
  RESPONSE_TOO_LARGE("response_too_large"),
  /** One server-sent event longer than {@link ResponseLimits#maxEventBytes()}. */
  EVENT_TOO_LARGE("event_too_large"),
  /** Any other I/O failure (unknown host, TLS, ...). */
  IO_ERROR("io_error");

  private final String label;

  FailureKind(String label) {
    this.label = label;
  }

  /** A short snake_case label used in reports. */
  public String label() {
    return label;
  }
}
