package io.github.llmbench.simulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.simulator.RequestTrace;
import io.github.llmbench.simulator.SimulatorConfig;
import io.github.llmbench.simulator.internal.StatisticsRecorder.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Routes the OpenAI-compatible endpoints, validates and queues generation requests, writes whole or streamed
 * answers as tokens arrive, injects the configured faults and records a trace per generation request.
 */
public final class ApiHandler implements RequestHandler {
  static final String CHAT = "/v1/chat/completions";
  static final String COMPLETIONS = "/v1/completions";
  static final String EMBEDDINGS = "/v1/embeddings";
  static final String MODELS = "/v1/models";
  static final String HEALTH = "/health";
  static final String METRICS = "/metrics";
  private static final Set<String> KNOWN = Set.of(CHAT, COMPLETIONS, EMBEDDINGS, MODELS, HEALTH, METRICS);
  private static final String JSON = "application/json";
  private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

  private final SimulatorConfig config;
  private final Engine engine;
  private final StatisticsRecorder stats;
  private final RequestParser parser;
  private final VllmBodies bodies;
  private final AtomicLong ids;
  private final long startedEpochSeconds;
  private final byte @Nullable [] expectedAuthorization;

  /**
   * @param ids request id counter shared with the server, so ids keep counting across statistics resets
   */
  public ApiHandler(SimulatorConfig config, Engine engine, StatisticsRecorder stats, ObjectMapper mapper,
      AtomicLong ids) {
    this.config = config;
    this.engine = engine;
    this.stats = stats;
    this.parser = new RequestParser(config, mapper);
    this.bodies = new VllmBodies(mapper, config.model(), config.maxModelLen(), config.seed(),
        config.reasoningField());
    this.ids = ids;
    this.startedEpochSeconds = System.currentTimeMillis() / 1000;
    String key = config.requireApiKey();
    this.expectedAuthorization = key == null ? null : ("Bearer " + key).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(HttpRequest request, HttpExchange exchange) throws IOException, InterruptedException {
    String path = request.path();
    stats.countRequest(KNOWN.contains(path) ? path : "other");
    if (path.equals(HEALTH)) {
      if (request.method().equals("GET")) {
        exchange.send(200, null, new byte[0]);
      } else {
        exchange.send(405, JSON, bodies.detail("Method Not Allowed"));
      }
      return;
    }
    if (path.equals(METRICS) && config.metricsEnabled()) {
      // Like vLLM, /metrics needs no API key.
      if (request.method().equals("GET")) {
        exchange.send(200, VllmMetrics.CONTENT_TYPE, engine.renderMetrics());
      } else {
        exchange.send(405, JSON, bodies.detail("Method Not Allowed"));
      }
      return;
    }
    boolean generation = path.equals(CHAT) || path.equals(COMPLETIONS) || path.equals(EMBEDDINGS);
    if (generation && request.method().equals("POST")) {
      if (path.equals(EMBEDDINGS)) {
        embed(request, exchange);
      } else {
        generate(request, exchange, path.equals(CHAT));
      }
      return;
    }
    if (path.startsWith("/v1/") && !authorized(request)) {
      exchange.send(401, JSON, bodies.unauthorized());
    } else if (path.equals(MODELS) && request.method().equals("GET")) {
      exchange.send(200, JSON, bodies.models(startedEpochSeconds));
    } else if (generation || path.equals(MODELS)) {
      exchange.send(405, JSON, bodies.detail("Method Not Allowed"));
    } else {
      exchange.send(404, JSON, bodies.detail("Not Found"));
    }
  }

  private boolean authorized(HttpRequest request) {
    if (expectedAuthorization == null) {
      return true;
    }
    String header = request.header("authorization");
    return header != null && MessageDigest.isEqual(expectedAuthorization, header.getBytes(StandardCharsets.UTF_8));
  }

  private void generate(HttpRequest request, HttpExchange exchange, boolean chat)
      throws IOException, InterruptedException {
    long id = ids.incrementAndGet();
    Trace trace = new Trace(id, request.path(), request.receivedNanos());
    if (!authorize(request, exchange, trace)) return;
    GenerationRequest g;
    try {
      g = parser.parse(chat, request.body());
    } catch (ApiError e) {
      refuse(e, exchange, trace);
      return;
    }
    trace.stream = g.stream();
    trace.promptTokens = g.promptTokens();
    trace.reasoningTokens = g.reasoningTokens();
    trace.toolCall = g.toolName() != null && g.answerTokens() > 0;
    FaultPlan plan = FaultPlan.draw(config.faults(), config.seed(), id);
    if (plan.error()) {
      pause(config.faults().slowFirstByte());
      trace.end(500, Outcome.FAILED);
      exchange.send(500, JSON, bodies.error(500, "InternalServerError",
          "Simulated internal server error (fault injection).", null));
      return;
    }
    Sequence sequence = new Sequence(id, g.promptTokens(), g.maxTokens(), request.receivedNanos(),
        g.reasoningTokens(), g.promptBlocks());
    run(sequence, exchange, trace, () -> {
      if (g.stream()) {
        stream(exchange, g, plan, sequence, trace);
      } else {
        whole(exchange, g, plan, sequence, trace);
      }
    });
  }

  /** Writes an admitted request's answer; may throw what writing throws. */
  @FunctionalInterface
  private interface Answer {
    void write() throws IOException, InterruptedException;
  }

  /** Whether the request may go on: else it is answered 401. */
  private boolean authorize(HttpRequest request, HttpExchange exchange, Trace trace) throws IOException {
    if (authorized(request)) return true;
    trace.end(401, Outcome.FAILED);
    exchange.send(401, JSON, bodies.unauthorized());
    return false;
  }

  /** An invalid request, answered with vLLM's error body. */
  private void refuse(ApiError e, HttpExchange exchange, Trace trace) throws IOException {
    trace.end(e.status(), Outcome.FAILED);
    exchange.send(e.status(), JSON, bodies.error(e.status(), e.type(), e.getMessage(), e.param()));
  }

  /**
   * Queues the sequence and writes its answer; a full engine answers 503 (or 429) at once, a client gone takes the
   * sequence out of the batch, and a stopped engine drops the connection.
   */
  private void run(Sequence sequence, HttpExchange exchange, Trace trace, Answer answer)
      throws IOException, InterruptedException {
    if (!engine.submit(sequence)) {
      int status = config.rejectStatus();
      String message = "The server is overloaded: " + config.capacity() + " requests are already running or"
          + " waiting (maxRunningSequences " + config.maxRunningSequences() + " + maxWaitingRequests "
          + config.maxWaitingRequests() + "). Please retry later.";
      trace.end(status, Outcome.REJECTED);
      exchange.send(status, JSON, bodies.error(status, status == 429 ? "RateLimitError" : "ServiceUnavailableError",
          message, null), "retry-after", "1");
      return;
    }
    trace.sequence = sequence;
    try {
      answer.write();
    } catch (IOException e) {
      engine.abort(sequence);
      trace.end(RequestTrace.CLIENT_GONE, Outcome.FAILED);
      throw e;
    } catch (Sequence.EngineStoppedException e) {
      exchange.drop();
      trace.end(RequestTrace.DROPPED, Outcome.FAILED);
    }
  }

  /**
   * {@code /v1/embeddings}: the inputs go through the engine as one sequence that is prefilled and done after one
   * step (a pooling model generates nothing), then the answer is written whole.
   */
  private void embed(HttpRequest request, HttpExchange exchange) throws IOException, InterruptedException {
    long id = ids.incrementAndGet();
    Trace trace = new Trace(id, request.path(), request.receivedNanos());
    trace.pooling = true;
    if (!authorize(request, exchange, trace)) return;
    int[] inputs;
    try {
      inputs = parser.parseEmbeddings(request.body());
    } catch (ApiError e) {
      refuse(e, exchange, trace);
      return;
    }
    int promptTokens = java.util.stream.IntStream.of(inputs).sum();
    trace.promptTokens = promptTokens;
    Sequence sequence = new Sequence(id, promptTokens, 1, request.receivedNanos(), 1, new long[0]);
    run(sequence, exchange, trace, () -> {
      sequence.awaitTokens(1);
      byte[] body = bodies.embeddings(bodies.responseId("embd-", id), System.currentTimeMillis() / 1000, inputs);
      trace.end(200, Outcome.COMPLETED);
      exchange.send(200, JSON, body);
    });
  }

  private void whole(HttpExchange exchange, GenerationRequest g, FaultPlan plan, Sequence sequence, Trace trace)
      throws IOException, InterruptedException {
    sequence.awaitTokens(g.maxTokens());
    pause(config.faults().slowFirstByte());
    boolean withUsage = !config.faults().omitUsage();
    String id = bodies.responseId(g.chat(), trace.id);
    long created = System.currentTimeMillis() / 1000;
    byte[] body = g.chat()
        ? bodies.chatCompletion(id, created, g, withUsage)
        : bodies.completion(id, created, g.maxTokens(), g.promptTokens(), withUsage);
    int half = body.length / 2;
    if (plan.drop()) {
      exchange.sendHeadAndPart(200, JSON, body.length, body, half);
      exchange.drop();
      trace.end(RequestTrace.DROPPED, Outcome.FAILED);
      return;
    }
    if (plan.malformed()) {
      body = Arrays.copyOf(body, half);
    }
    Outcome outcome = plan.malformed() ? Outcome.FAILED : Outcome.COMPLETED;
    if (plan.stall()) {
      exchange.sendHeadAndPart(200, JSON, body.length, body, half);
      pause(config.faults().stallDuration());
      trace.end(200, outcome);
      exchange.writeRaw(body, half, body.length - half);
    } else {
      trace.end(200, outcome);
      exchange.send(200, JSON, body);
    }
  }

  private void stream(HttpExchange exchange, GenerationRequest g, FaultPlan plan, Sequence sequence, Trace trace)
      throws IOException, InterruptedException {
    pause(config.faults().slowFirstByte());
    exchange.startChunked(200, EVENT_STREAM);
    String id = bodies.responseId(g.chat(), trace.id);
    long created = System.currentTimeMillis() / 1000;
    int tokens = g.maxTokens();
    int half = tokens / 2;
    boolean continuous = g.continuousUsage() && !config.faults().omitUsage();
    for (int i = 0; i < tokens; i++) {
      sequence.awaitTokens(i + 1);
      if (i == 0 && g.chat()) {
        exchange.writeChunk(bodies.chatRoleChunk(id, created, g.promptTokens(), continuous));
      }
      if (i == half && plan.drop()) {
        engine.abort(sequence);
        exchange.drop();
        trace.end(RequestTrace.DROPPED, Outcome.FAILED);
        return;
      }
      if (i == half && plan.stall()) {
        pause(config.faults().stallDuration());
      }
      boolean last = i == tokens - 1;
      byte[] event = g.chat()
          ? bodies.chatTokenChunk(id, created, i, g, continuous)
          : bodies.completionTokenChunk(id, created, i, last, g.promptTokens(), continuous);
      exchange.writeChunk(i == half && plan.malformed() ? VllmBodies.truncatedEvent(event) : event);
    }
    if (g.includeUsage() && !config.faults().omitUsage()) {
      exchange.writeChunk(bodies.usageChunk(g.chat(), id, created, g.promptTokens(), tokens));
    }
    // Recorded before the last bytes go out, so a client that has the whole answer also finds it in statistics.
    trace.end(200, plan.malformed() ? Outcome.FAILED : Outcome.COMPLETED);
    exchange.writeChunk(VllmBodies.done());
    exchange.endChunked();
  }

  private static void pause(Duration duration) throws InterruptedException {
    if (!duration.isZero()) {
      TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }
  }

  /** Collects one request's trace fields and records it exactly once. */
  private final class Trace {
    final long id;
    final String endpoint;
    final long arrivalNanos;
    boolean stream;
    int promptTokens;
    int reasoningTokens;
    boolean toolCall;
    /** An embeddings request: it generated nothing. */
    boolean pooling;
    @Nullable Sequence sequence;
    private boolean recorded;

    Trace(long id, String endpoint, long arrivalNanos) {
      this.id = id;
      this.endpoint = endpoint;
      this.arrivalNanos = arrivalNanos;
    }

    void end(int status, Outcome outcome) {
      if (recorded) {
        return;
      }
      recorded = true;
      long finish = System.nanoTime();
      int completionTokens = sequence == null || pooling ? 0 : sequence.produced();
      long firstToken = sequence == null ? RequestTrace.NONE : sequence.firstTokenNanos();
      if (firstToken == Long.MIN_VALUE) {
        firstToken = RequestTrace.NONE;
      }
      long firstOutput = sequence == null || sequence.firstOutputNanos() == Long.MIN_VALUE ? RequestTrace.NONE
          : sequence.firstOutputNanos();
      stats.record(new RequestTrace(id, endpoint, stream, promptTokens, completionTokens, arrivalNanos,
          firstToken, finish, status, Math.min(reasoningTokens, completionTokens), firstOutput, toolCall,
          sequence == null ? 0 : sequence.cachedTokens()), outcome);
    }
  }
}
