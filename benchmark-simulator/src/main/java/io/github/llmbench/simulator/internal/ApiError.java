package io.github.llmbench.simulator.internal;

import org.jspecify.annotations.Nullable;

/** An error answer in vLLM's (v0.10.1+) shape: {@code {"error":{"message","type","param","code"}}}. */
public final class ApiError extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String type;
  private final @Nullable String param;

  ApiError(int status, String type, String message, @Nullable String param) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "BadRequestError", message, null);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "NotFoundError", message, null);
  }

  /** @return the HTTP status, also sent as {@code code} */
  public int status() {
    return status;
  }

  /** @return vLLM's error type, e.g. {@code BadRequestError} */
  public String type() {
    return type;
  }

  /** @return the offending parameter, or null */
  public @Nullable String param() {
    return param;
  }
}
