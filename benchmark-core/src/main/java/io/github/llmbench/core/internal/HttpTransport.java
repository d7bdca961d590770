package io.github.llmbench.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.PreparedRequest;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.TimeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends prepared requests to one target over one shared OkHttp client and turns each exchange into an
 * {@link Exchange}. Failures never escape: every exception becomes a classified {@link Failure}. Thread-safe.
 *
 * <p>The client is derived from a base client with {@link OkHttpClient#newBuilder()}: its own dispatcher and
 * connection pool sized to the benchmark's highest concurrency (OkHttp's defaults allow 5 requests per host), the
 * target's request timeout as the call timeout. The base client is never modified or shut down; the derived
 * pool is emptied by {@link #close()}.
 */
public final class HttpTransport implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int ERROR_EXCERPT_BYTES = 512;

  private final OkHttpClient client;
  private final Target target;
  private final ObjectMapper mapper;
  private final ResponseReader jsonReader;
  private final ResponseReader streamReader;

  public HttpTransport(OkHttpClient base, Target target, int maxConcurrency, ObjectMapper mapper) {
    this(base, target, maxConcurrency, mapper, TimeSource.SYSTEM);
  }

  /** @param time the clock that timestamps stream events */
  public HttpTransport(OkHttpClient base, Target target, int maxConcurrency, ObjectMapper mapper, TimeSource time) {
    this.client = derive(base, maxConcurrency, target.requestTimeout());
    this.target = target;
    this.mapper = mapper;
    this.jsonReader = new JsonResponseReader(mapper);
    this.streamReader = new StreamResponseReader(mapper, time);
  }

  /** A client that lets {@code maxConcurrency} requests run at once and times each call out after {@code timeout}. */
  public static OkHttpClient derive(OkHttpClient base, int maxConcurrency, Duration timeout) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Math.max(64, maxConcurrency));
    dispatcher.setMaxRequestsPerHost(Math.max(5, maxConcurrency));
    return base.newBuilder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(Math.max(5, maxConcurrency), 5, TimeUnit.MINUTES))
        .callTimeout(timeout)
        .connectTimeout(timeout)
        .readTimeout(Duration.ZERO)   // the call timeout covers the whole exchange
        .writeTimeout(Duration.ZERO)
        .build();
  }

  public OkHttpClient client() {
    return client;
  }

  /** Serialises the body (keeping key order) into an HTTP request for this target. */
  public Request toHttpRequest(PreparedRequest prepared) throws IOException {
    byte[] body = mapper.writeValueAsBytes(prepared.body());
    Request.Builder builder = new Request.Builder()
        .url(target.baseUrl() + prepared.path())
        .post(RequestBody.create(body, JSON));
    target.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    if (prepared.stream()) builder.header("Accept", "text/event-stream");
    return builder.build();
  }

  /** Sends the request and reads the whole response. Never throws for a request failure. */
  public Exchange send(Request request, PreparedRequest prepared, CallTracker tracker) {
    Call call = client.newCall(request);
    tracker.started(call);
    try (Response response = call.execute()) {
      int status = response.code();
      if (status != 200) {
        String excerpt = "";
        try {
          byte[] bytes = response.body().bytes();
          excerpt = new String(bytes, 0, Math.min(bytes.length, ERROR_EXCERPT_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
          excerpt = "(body not readable: " + Failure.describe(e) + ")";
        }
        return Exchange.failed(status, Failure.ofStatus(status, excerpt));
      }
      return reader(prepared, response).read(response);
    } catch (IOException | RuntimeException e) {
      return Exchange.failed(0, Failure.ofException(e));
    } finally {
      tracker.finished(call);
    }
  }

  /**
   * A streamed request whose answer is an event stream is read event by event; a server that ignored
   * {@code stream: true} and sent one JSON body is read as JSON (its outcome then has no stream timing).
   */
  private ResponseReader reader(PreparedRequest prepared, Response response) {
    if (!prepared.stream()) return jsonReader;
    String type = response.header("Content-Type", "");
    return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")
        ? jsonReader : streamReader;
  }

  /** Drops the derived client's idle connections; the base client is untouched. */
  @Override
  public void close() {
    client.connectionPool().evictAll();
  }
}
