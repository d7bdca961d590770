package io.github.llmbench.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A scripted OpenAI-compatible server over loopback (MockWebServer): {@code GET /v1/models} and the completion
 * endpoints answer what the test sets, and every request is recorded as the server saw it. Why not the simulator:
 * these tests need a chosen status and body on cue (a 401 that echoes the key, a 404 model list, a malformed answer)
 * and the requests exactly as sent; the simulator behaves like a server under load instead.
 */
final class FakeOpenAi implements AutoCloseable {
  static final String COMPLETION = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"hello\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";

  private final MockWebServer server = new MockWebServer();
  private final List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
  private volatile int modelsStatus = 200;
  private volatile String modelsBody = models("m");
  private volatile int completionStatus = 200;
  private volatile String completionBody = COMPLETION;
  private volatile String completionType = "application/json";
  private volatile int metricsStatus = 404;
  private volatile String metricsBody = "";

  FakeOpenAi() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        seen.add(request);
        String path = request.getUrl().encodedPath();
        if (path.equals("/metrics")) return new MockResponse.Builder().code(metricsStatus).body(metricsBody).build();
        boolean models = path.equals("/v1/models");
        return new MockResponse.Builder().code(models ? modelsStatus : completionStatus)
            .addHeader("Content-Type", models ? "application/json" : completionType)
            .body(models ? modelsBody : completionBody).build();
      }
    });
    server.start();
  }

  static String models(String... ids) {
    StringBuilder s = new StringBuilder("{\"object\":\"list\",\"data\":[");
    for (int i = 0; i < ids.length; i++) {
      s.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids[i]).append("\",\"object\":\"model\"}");
    }
    return s.append("]}").toString();
  }

  FakeOpenAi models(int status, String body) {
    modelsStatus = status;
    modelsBody = body;
    return this;
  }

  FakeOpenAi completions(int status, String body) {
    completionStatus = status;
    completionBody = body;
    return this;
  }

  FakeOpenAi completions(int status, String contentType, String body) {
    completionType = contentType;
    return completions(status, body);
  }

  String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** Serves {@code /metrics} (404 by default, as a server without metrics). */
  FakeOpenAi metrics(int status, String body) {
    metricsStatus = status;
    metricsBody = body;
    return this;
  }

  /** Requests to the completion endpoints, in arrival order. */
  List<RecordedRequest> completionRequests() {
    return seen.stream().filter(r -> r.getUrl().encodedPath().endsWith("completions")).toList();
  }

  /** Requests to {@code /metrics}. */
  List<RecordedRequest> metricsRequests() {
    return seen.stream().filter(r -> r.getUrl().encodedPath().equals("/metrics")).toList();
  }

  List<RecordedRequest> all() {
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    server.close();
  }
}
