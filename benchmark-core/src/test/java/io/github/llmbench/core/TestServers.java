package io.github.llmbench.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.ClientSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Helpers for tests over real HTTP on loopback. */
final class TestServers {
  static final ObjectMapper MAPPER = new ObjectMapper();
  /**
   * For tests of something else (a console line, a verdict's wording) whose requests take milliseconds: a shared
   * machine's own stalls could move such figures by more than 1 ms, and the client-bound note must not decide them.
   */
  static final io.github.llmbench.api.ClientSettings.ClientBoundThresholds ONLY_HUGE_CLIENT_DELAYS =
      new io.github.llmbench.api.ClientSettings.ClientBoundThresholds(java.time.Duration.ofMinutes(1), 0.99);

  private TestServers() {}

  static MockWebServer start(Dispatcher dispatcher) {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(dispatcher);
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  static String baseUrl(MockWebServer server) {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** A port on loopback where nothing listens (bound, then released). */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String usageBody(long prompt, long completion) {
    return String.format(Locale.ROOT,
        "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"ok\"},\"finish_reason\":\"length\"}],"
            + "\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,\"total_tokens\":%d}}",
        prompt, completion, prompt + completion);
  }

  static MockResponse ok(long prompt, long completion) {
    return json(200, usageBody(prompt, completion));
  }

  static MockResponse okAfter(long prompt, long completion, long delayMillis) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body(usageBody(prompt, completion)).bodyDelay(delayMillis, TimeUnit.MILLISECONDS).build();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  static JsonNode body(RecordedRequest request) {
    try {
      return MAPPER.readTree(request.getBody().utf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A benchmark of one phase "P" with one step "s". */
  static io.github.llmbench.api.Benchmark oneStep(io.github.llmbench.api.Target target, int concurrency,
      int numRequests, io.github.llmbench.api.RequestBuilder request) {
    return oneStep(io.github.llmbench.api.ClientSettings.TransportKind.NETTY, target, concurrency, numRequests,
        request);
  }

  /** A benchmark of one phase "P" with one step "s", sent by this transport. */
  static io.github.llmbench.api.Benchmark oneStep(io.github.llmbench.api.ClientSettings.TransportKind transport,
      io.github.llmbench.api.Target target, int concurrency, int numRequests,
      io.github.llmbench.api.RequestBuilder request) {
    return io.github.llmbench.api.Benchmark.builder().name("test").target(target).transport(transport)
        .phases(io.github.llmbench.api.Phase.of("P",
            io.github.llmbench.api.Step.of("s", io.github.llmbench.api.Load.concurrency(concurrency), numRequests,
                request)))
        .build();
  }

  /**
   * A dispatcher from a lambda, for the completion requests: the engine's connection warm-ups
   * ({@code GET /v1/models}) are answered here and never reach the handler.
   */
  static Dispatcher dispatcher(Handler handler) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (isWarmUp(request)) return json(200, MODELS);
        if ("GET".equals(request.getMethod())) return json(404, "{}"); // the engine's /metrics scrapes
        return handler.handle(request);
      }
    };
  }

  /** A dispatcher from a lambda that also gets the warm-up {@code GET}s. */
  static Dispatcher everything(Handler handler) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        return handler.handle(request);
      }
    };
  }

  static final String MODELS = "{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"object\":\"model\"}]}";

  static boolean isWarmUp(RecordedRequest request) {
    return "GET".equals(request.getMethod()) && request.getTarget().endsWith("/v1/models");
  }

  /** A scrape of the target's Prometheus metrics ({@code GET /metrics}), which the engine makes during steps. */
  static boolean isScrape(RecordedRequest request) {
    return "GET".equals(request.getMethod()) && request.getTarget().startsWith("/metrics");
  }

  /**
   * The completion requests the server has received so far, in order (warm-ups and metrics scrapes left out);
   * drains its queue.
   */
  static java.util.List<RecordedRequest> completions(MockWebServer server) {
    java.util.List<RecordedRequest> out = new java.util.ArrayList<>();
    try {
      RecordedRequest r;
      while ((r = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
        if (!isWarmUp(r) && !isScrape(r)) out.add(r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  @FunctionalInterface
  interface Handler {
    MockResponse handle(RecordedRequest request) throws InterruptedException;
  }
}
