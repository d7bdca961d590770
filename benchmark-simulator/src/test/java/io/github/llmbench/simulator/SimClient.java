package io.github.llmbench.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** Test helper: a real HTTP/1.1 client against a running simulator. */
final class SimClient {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;

  SimClient(SimulatedLlmServer server) {
    this.baseUrl = server.baseUrl();
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return client.send(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest postRequest(String path, String body) {
    return request(path).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
    return client.sendAsync(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<InputStream> open(String path, String body) throws IOException, InterruptedException {
    return client.send(postRequest(path, body), HttpResponse.BodyHandlers.ofInputStream());
  }

  static String chatBody(String content, int maxTokens, boolean stream, boolean includeUsage) {
    StringBuilder body = new StringBuilder("{\"model\":\"").append(SimulatedLlmServer.DEFAULT_MODEL)
        .append("\",\"messages\":[{\"role\":\"user\",\"content\":")
        .append(quote(content)).append("}],\"max_tokens\":").append(maxTokens);
    if (stream) {
      body.append(",\"stream\":true");
      if (includeUsage) {
        body.append(",\"stream_options\":{\"include_usage\":true}");
      }
    }
    return body.append('}').toString();
  }

  static String completionBody(String prompt, int maxTokens, boolean stream, boolean includeUsage) {
    StringBuilder body = new StringBuilder("{\"model\":\"").append(SimulatedLlmServer.DEFAULT_MODEL)
        .append("\",\"prompt\":").append(quote(prompt)).append(",\"max_tokens\":").append(maxTokens);
    if (stream) {
      body.append(",\"stream\":true");
      if (includeUsage) {
        body.append(",\"stream_options\":{\"include_usage\":true}");
      }
    }
    return body.append('}').toString();
  }

  static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String s) {
    try {
      return MAPPER.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits an SSE body into the payloads after {@code data: }, checking each event is {@code data: ...\n\n}. */
  static List<String> events(String body) {
    if (!body.endsWith("\n\n")) {
      throw new AssertionError("body does not end with a blank line: " + body);
    }
    List<String> events = new ArrayList<>();
    for (String event : body.substring(0, body.length() - 2).split("\n\n", -1)) {
      if (!event.startsWith("data: ") || event.contains("\n")) {
        throw new AssertionError("not a single data line: " + event);
      }
      events.add(event.substring("data: ".length()));
    }
    return events;
  }

  /** Polls a condition every 5 ms for up to 20 s (no timing assertion: it only bounds a hang). */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  /** A fast configuration: 1 ms steps, no per-sequence or prefill cost unless the test sets them. */
  static SimulatorConfig.Builder fast() {
    return SimulatorConfig.builder().stepBaseTime(Duration.ofMillis(1)).stepTimePerSequence(Duration.ZERO)
        .prefillTimePerToken(Duration.ZERO);
  }
}
