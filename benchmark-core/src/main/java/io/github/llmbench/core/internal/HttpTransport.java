package io.github.llmbench.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.ConnectionMode;
import io.github.llmbench.api.FailureKind;
import io.github.llmbench.api.PreparedRequest;
import io.github.llmbench.api.ResponseLimits;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.TimeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Sends prepared requests to one target over one shared OkHttp client and turns each exchange into an
 * {@link Exchange}. Failures never escape: every exception becomes a classified {@link Failure}. Thread-safe.
 *
 * <p><b>One send is one request at the server and one outcome.</b> The derived client never retries (OkHttp's
 * silent retry of a request whose connection closed before an answer is off, and a 503 with {@code Retry-After: 0},
 * which OkHttp would re-send, has that header renamed before OkHttp sees it), never follows a redirect (a 3xx is
 * a {@link FailureKind#REDIRECT} naming its {@code Location}), and bounds each response by {@link ResponseLimits}.
 * Failure details are redacted of the API key before they leave.
 *
 * <p>The client is derived from a base client with {@link OkHttpClient#newBuilder()}: its own dispatcher and
 * connection pool sized to the benchmark's highest concurrency, the target's request timeout as the call timeout.
 * Closed-loop workers take their connections from {@link Lane lanes}, pools of their own beside the shared one.
 * The base client is never modified or shut down; the derived pools are emptied by {@link #close()}.
 */
public final class HttpTransport implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int ERROR_EXCERPT_BYTES = 512;
  private static final int MAX_CACHED_URLS = 64;
  private static final int MAX_LANES = 128;
  /** Where a 503's {@code Retry-After} goes, so OkHttp's follow-up logic cannot act on it. */
  static final String RETRY_AFTER_KEPT = "X-Llmbench-Retry-After";

  /** The warm-up {@code GET}s are cheap: one that takes longer than this is given up (the step goes on). */
  private static final Duration WARM_TIMEOUT = Duration.ofSeconds(10);
  private static final int WARM_ATTEMPTS = 3;

  private final OkHttpClient client;
  private final Target target;
  private final ObjectMapper mapper;
  private final ConnectionMode connectionMode;
  private final Redactor redactor;
  private final ResponseReader jsonReader;
  private final ResponseReader streamReader;
  private final TimeSource time;
  private final long maxResponseBytes;
  private final RequestBodyWriter bodyWriter;
  private final Lane[] lanes;
  private final AtomicInteger nextLane = new AtomicInteger();
  /** The URL of each path, parsed once rather than for every request (a few, bounded). */
  private final Map<String, HttpUrl> urls = new ConcurrentHashMap<>();

  /** @param time the clock that timestamps the ends of bodies and stream events */
  public HttpTransport(OkHttpClient base, Target target, int maxConcurrency, ObjectMapper mapper, TimeSource time,
      ConnectionMode connectionMode, ResponseLimits limits) {
    this.client = derive(base, maxConcurrency, target.requestTimeout());
    this.target = target;
    this.mapper = mapper;
    this.connectionMode = connectionMode;
    this.redactor = Redactor.forKey(target.apiKey());
    this.time = time;
    this.maxResponseBytes = limits.maxResponseBytes();
    this.bodyWriter = new RequestBodyWriter(mapper);
    this.lanes = lanes(maxConcurrency);
    this.jsonReader = new JsonResponseReader(mapper, time, limits.maxResponseBytes());
    this.streamReader = new StreamResponseReader(mapper, time, limits.maxResponseBytes(), limits.maxEventBytes());
  }

  /**
   * A client that lets {@code maxConcurrency} requests run at once, times each call out after {@code timeout},
   * never retries and never follows redirects.
   */
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
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .addNetworkInterceptor(HttpTransport::keepRetryAfterFromOkHttp)
        .socketFactory(new NoDelaySocketFactory(base.socketFactory()))
        .build();
  }

  /** OkHttp re-sends a request answered 503 with {@code Retry-After: 0}; renaming the header prevents that. */
  private static Response keepRetryAfterFromOkHttp(Interceptor.Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    String retryAfter = response.header("Retry-After");
    if (response.code() != 503 || retryAfter == null) return response;
    return response.newBuilder().removeHeader("Retry-After").header(RETRY_AFTER_KEPT, retryAfter).build();
  }

  public OkHttpClient client() {
    return client;
  }

  /** Serialises the body (keeping key order) into an HTTP request for this target. */
  public Request toHttpRequest(PreparedRequest prepared) throws IOException {
    byte[] body = bodyWriter.write(prepared.body());
    Request.Builder builder = new Request.Builder()
        .url(url(prepared.path()))
        .post(RequestBody.create(body, JSON));
    target.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    if (prepared.stream()) builder.header("Accept", "text/event-stream");
    if (connectionMode == ConnectionMode.NEW_PER_REQUEST) builder.header("Connection", "close");
    return builder.build();
  }

  private HttpUrl url(String path) {
    HttpUrl url = urls.get(path);
    if (url != null) return url;
    url = HttpUrl.get(target.baseUrl() + path);
    if (urls.size() < MAX_CACHED_URLS) urls.put(path, url); // a builder with a new path per request gains nothing
    return url;
  }

  /**
   * A share of the connections for closed-loop workers: a client with this transport's settings and dispatcher
   * but a connection pool of its own. Why: OkHttp finds a pooled connection by scanning the whole pool, taking
   * each connection's lock, and its cleanup task scans it again after every release; with one pool for all
   * workers that is O(concurrency) locked steps per request (4-10 % of the client's CPU samples at c=500, and
   * O(n^2) when 10,000 streams start together). One pool per worker would move the cost to OkHttp's task runner,
   * which walks a list of every pool's cleanup queue for each task; so the workers are spread round-robin over
   * about sqrt(concurrency) lanes, and each side costs O(sqrt(n)). Each worker still opens and holds a connection
   * of its own before the clock; connections stay in their lane for the next step.
   */
  public static final class Lane {
    private final OkHttpClient client;

    private Lane(OkHttpClient client) {
      this.client = client;
    }
  }

  /** The lane for the next worker, round-robin. */
  public Lane lane() {
    return lanes[Math.floorMod(nextLane.getAndIncrement(), lanes.length)];
  }

  /** About sqrt(maxConcurrency) lanes, at most 128, each pool keeping its share of idle connections. */
  private Lane[] lanes(int maxConcurrency) {
    int count = (int) Math.min(MAX_LANES, Math.max(1, Math.round(Math.sqrt(maxConcurrency))));
    int idlePerLane = (maxConcurrency + count - 1) / count + 1;
    Lane[] made = new Lane[count];
    for (int i = 0; i < count; i++) {
      made[i] = new Lane(client.newBuilder().connectionPool(new ConnectionPool(idlePerLane, 5, TimeUnit.MINUTES))
          .build());
    }
    return made;
  }

  /**
   * Sends the request on a worker's lane ({@code null}: the shared pool) and reads the whole response. Never throws
   * for a request failure.
   */
  public Exchange send(@Nullable Lane lane, Request request, boolean stream, CallTracker tracker) {
    return sendUnredacted(lane == null ? client : lane.client, request, stream, tracker).redacted(redactor);
  }

  private Exchange sendUnredacted(OkHttpClient via, Request request, boolean stream, CallTracker tracker) {
    Call call = via.newCall(request);
    tracker.started(call);
    try (Response response = call.execute()) {
      int status = response.code();
      if (status != 200) return notOk(response, status);
      try {
        Exchange exchange = reader(stream, response).read(response);
        // Past the event bound the rest of the stream is not wanted: cancel rather than drain it on close.
        if (exchange.failure() != null && exchange.failure().kind() == FailureKind.EVENT_TOO_LARGE) call.cancel();
        return exchange;
      } catch (LimitedInputStream.TooLargeException e) {
        call.cancel();
        throw e;
      }
    } catch (LimitedInputStream.TooLargeException e) {
      return Exchange.failed(200, new Failure(FailureKind.RESPONSE_TOO_LARGE, e.getMessage()), time.monotonicNanos());
    } catch (IOException | RuntimeException e) {
      return Exchange.failed(0, Failure.ofException(e), time.monotonicNanos());
    } finally {
      tracker.finished(call);
    }
  }

  /** A non-200 answer: its body is read to the end (bounded) and its start kept as the failure's detail. */
  private Exchange notOk(Response response, int status) throws IOException {
    byte[] excerpt = new byte[ERROR_EXCERPT_BYTES];
    int kept = 0;
    try (java.io.InputStream in = new LimitedInputStream(response.body().byteStream(), maxResponseBytes)) {
      byte[] buffer = new byte[4096];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        int take = Math.min(n, excerpt.length - kept);
        System.arraycopy(buffer, 0, excerpt, kept, take);
        kept += take;
      }
    } catch (IOException e) {
      // the status is the failure; a body that broke off changes nothing
    }
    long end = time.monotonicNanos();
    if (status >= 300 && status < 400) {
      String location = response.header("Location");
      return Exchange.failed(status, new Failure(FailureKind.REDIRECT, "HTTP " + status + " redirect to "
          + (location == null ? "(no Location header)" : location) + " not followed"), end);
    }
    // The excerpt is cut at 512 bytes: mask a key that straddles that cut before anything else sees it.
    String text = new String(excerpt, 0, kept, StandardCharsets.UTF_8);
    return Exchange.failed(status, Failure.ofStatus(status, kept == excerpt.length ? redactor.redactTail(text) : text), end);
  }

  /**
   * Opens a connection to the target and holds it: a cheap {@code GET /v1/models} whose response is kept open, so
   * that concurrent calls each take a connection of their own. Closing the returned response puts the connection
   * back into the pool, ready for a step's first request. Empty when nothing answered (the step's requests will
   * then fail and be counted on their own).
   */
  public @Nullable Response openConnection() {
    return openConnection(null);
  }

  /** {@link #openConnection()} on a worker's lane ({@code null}: the shared pool). */
  public @Nullable Response openConnection(@Nullable Lane lane) {
    OkHttpClient via = lane == null ? client : lane.client;
    Request.Builder request = new Request.Builder().url(target.baseUrl() + "/v1/models").get();
    target.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
    // A pooled connection the server has closed since (uvicorn drops idle ones after 5 s) fails its first use; that
    // is why a warm-up, which is never measured, is tried again on a fresh connection.
    for (int attempt = 0; attempt < WARM_ATTEMPTS; attempt++) {
      try {
        Call call = via.newCall(request.build());
        // The warm-up's own bound, not the target's request timeout.
        call.timeout().timeout(WARM_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        return call.execute();
      } catch (IOException | RuntimeException e) {
        // try again, then give up: the step's requests are counted whatever happens here
      }
    }
    return null;
  }

  /**
   * A streamed request whose answer is an event stream is read event by event; a server that ignored
   * {@code stream: true} and sent one JSON body is read as JSON (its outcome then has no stream timing).
   */
  private ResponseReader reader(boolean stream, Response response) {
    if (!stream) return jsonReader;
    String type = response.header("Content-Type", "");
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json") ? jsonReader : streamReader;
  }

  /** Reads a response made in memory, to load and warm the parsers before any timed request. */
  void readCanned(Response response, boolean stream) {
    try (response) {
      reader(stream, response).read(response);
    } catch (java.io.IOException | RuntimeException e) {
      // only warming
    }
  }

  /** Drops the derived client's and the lanes' idle connections; the base client is untouched. */
  @Override
  public void close() {
    client.connectionPool().evictAll();
    for (Lane lane : lanes) lane.client.connectionPool().evictAll();
  }
}
