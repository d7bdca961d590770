package io.github.llmbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.Target;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.core.ControlClients;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The check before any phase, on a client of its own (none of it reaches a step): {@code GET /v1/models} must
 * answer, accept the key and list the model. A server that does not serve the list (404, another status, a body
 * that is not the list) is noted and not judged here: the pre-flight request then says whether the model answers.
 */
final class ServedModels {
  /** How much of the answer is read: a list of models is small; a server that sends more is not one. */
  private static final long MAX_BODY_BYTES = 1 << 20;
  private static final int MAX_MESSAGE_CHARS = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the check found. */
  enum Kind {
    /** The model is listed. */
    SERVED,
    /** Nothing to judge: the line says why the model was not checked. */
    NOT_CHECKED,
    /** Nothing answered ({@link ExitCode#UNREACHABLE}). */
    UNREACHABLE,
    /** The key was refused or the model is not served ({@link ExitCode#USAGE}). */
    REFUSED
  }

  /** The finding and its one line (empty for {@link Kind#SERVED}); the line never holds the API key. */
  record Finding(Kind kind, String line) {}

  private ServedModels() {}

  static Finding check(Target target, ClientSettings settings, Duration timeout) {
    OkHttpClient client;
    try {
      client = ControlClients.trusting(new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout)
          .readTimeout(timeout).retryOnConnectionFailure(false).followRedirects(false).followSslRedirects(false),
          settings).build();
    } catch (IOException e) {
      return new Finding(Kind.UNREACHABLE, "cannot read the certificates to trust: " + e.getMessage());
    }
    String url = target.baseUrl() + "/v1/models";
    Request.Builder request = new Request.Builder().url(url).get();
    target.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
    try (Response response = client.newCall(request.build()).execute()) {
      String body = response.peekBody(MAX_BODY_BYTES).string();
      return redacted(judge(target, url, response.code(), body), target);
    } catch (IOException | RuntimeException e) {
      return redacted(new Finding(Kind.UNREACHABLE, "cannot reach " + target.baseUrl() + ": " + cause(e, timeout)),
          target);
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private static Finding judge(Target target, String url, int status, String body) {
    if (status == 401 || status == 403) {
      return new Finding(Kind.REFUSED, "the server refused the API key: " + url + " answered HTTP " + status
          + message(body) + "; check --api-key-env");
    }
    if (status != 200) {
      return new Finding(Kind.NOT_CHECKED, url + " answered HTTP " + status + message(body)
          + "; the model is not checked against the served list");
    }
    List<String> ids = new ArrayList<>();
    try {
      JsonNode data = JSON.readTree(body).path("data");
      for (JsonNode model : data) {
        JsonNode id = model.path("id");
        if (id.isTextual()) ids.add(id.asText());
      }
    } catch (IOException e) {
      // reported below as a list that could not be read
    }
    if (ids.isEmpty()) {
      return new Finding(Kind.NOT_CHECKED, url + " lists no models; the model is not checked against the served list");
    }
    if (ids.contains(target.model())) return new Finding(Kind.SERVED, "");
    return new Finding(Kind.REFUSED, "--model (" + target.model() + ") is not served at " + target.baseUrl()
        + "; it serves: " + String.join(", ", ids));
  }

  /** {@code ": <the server's message>"} from an OpenAI-style error, else the body's start; empty for none. */
  static String message(String body) {
    String text = body;
    try {
      JsonNode root = JSON.readTree(body);
      for (JsonNode m : List.of(root.path("error").path("message"), root.path("message"), root.path("detail"),
          root.path("error"))) {
        if (m.isTextual() && !m.asText().isBlank()) {
          text = m.asText();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: the body's start is the message
    }
    String flat = text.replaceAll("\\s+", " ").strip();
    if (flat.length() > MAX_MESSAGE_CHARS) flat = flat.substring(0, MAX_MESSAGE_CHARS) + "...";
    return flat.isEmpty() ? "" : ": " + flat;
  }

  /** The line with the key replaced, in case a server echoes it. */
  private static Finding redacted(Finding f, Target target) {
    return target.apiKey().filter(k -> !k.isEmpty() && f.line().contains(k))
        .map(k -> new Finding(f.kind(), f.line().replace(k, "***"))).orElse(f);
  }

  private static String cause(Exception e, Duration timeout) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof UnknownHostException) return "unknown host";
      if (c instanceof ConnectException) return "connection refused";
      if (c instanceof InterruptedIOException) {
        return String.format(Locale.ROOT, "no answer within %.1f s", timeout.toMillis() / 1000.0);
      }
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.replaceAll("\\s+", " "));
  }
}
