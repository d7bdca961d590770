package io.github.llmbench.core;

import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.internal.Failure;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A quick look before a run: is anything answering at the target? Lets a command line exit with a clear message
 * instead of a run full of refused requests.
 */
public final class TargetCheck {
  private TargetCheck() {}

  /**
   * Sends {@code GET {baseUrl}/v1/models} (with the bearer key, if any).
   *
   * @return empty when the server answered anything, even 401 or 404; otherwise a one-line reason naming the URL
   *     and the cause, e.g. {@code "cannot reach http://localhost:8000: connection refused"} (never the API key)
   * @throws IllegalArgumentException if the timeout is not positive
   */
  public static Optional<String> problem(Target target, Duration timeout) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout (" + timeout + ") should be positive");
    }
    OkHttpClient client = new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout)
        .readTimeout(timeout).retryOnConnectionFailure(false).build();
    Request.Builder request = new Request.Builder().url(target.baseUrl() + "/v1/models").get();
    target.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
    try (Response response = client.newCall(request.build()).execute()) {
      response.code(); // any status means something answered
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("cannot reach " + target.baseUrl() + ": " + cause(e, timeout));
    } finally {
      client.connectionPool().evictAll();
    }
  }

  private static String cause(Exception e, Duration timeout) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof UnknownHostException) return "unknown host";
    }
    Failure failure = Failure.ofException(e);
    if (failure.kind() == RequestOutcome.FailureKind.CONNECTION_REFUSED) return "connection refused";
    if (failure.kind() == RequestOutcome.FailureKind.TIMEOUT) {
      return String.format(Locale.ROOT, "no answer within %.1f s", timeout.toMillis() / 1000.0);
    }
    if (failure.kind() == RequestOutcome.FailureKind.CONNECTION_RESET) return "connection closed by the server";
    return failure.detail();
  }
}
