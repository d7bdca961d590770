package io.github.llmbench.core.internal.transport;

import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.core.TimeSource;
import io.github.llmbench.core.internal.health.Stalls;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The second transport: OkHttp's blocking calls on worker threads ({@link WorkerThreads}: virtual on Java 21+),
 * through a client derived from the runner's, so a user's interceptors, proxy and TLS apply.
 *
 * <p>OkHttp opens a connection only with a request, so none is opened before the clock: the connect is left out of
 * the latency instead, whose start is OkHttp's {@code requestHeadersStart} (the request's first byte going out on an
 * open connection). The client never retries (OkHttp's silent retry of a request whose connection closed before an
 * answer is off, and a 503 with {@code Retry-After: 0}, which OkHttp would re-send, has that header removed before
 * OkHttp sees it) and never follows a redirect. Idle connections are evicted after the {@link IdleReuseLimit}'s
 * starting 500 ms; unlike the Netty transport's limit this one does not learn a
 * server's shorter keep-alive (OkHttp tells no one when a server closes an idle connection), so against a server
 * that closes idle connections within 500 ms use the default transport.
 *
 * <p>A task given to a lane runs on a worker thread of its own. The first {@link #send} made on a worker thread runs
 * on that thread once the task (or exchange) it is in has ended, so a closed-loop worker is one thread; any further
 * one made meanwhile (a burst of an open loop's arrivals) gets a thread of its own.
 */
public final class OkHttpTransport implements Transport {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_LANES = 128;
  private static final int READ_BUFFER = 8192;
  private static final ThreadLocal<Worker> CURRENT = new ThreadLocal<>();

  private final TimeSource time;
  private final Endpoint endpoint;
  private final Optional<String> apiKey;
  private final ClientSettings.ConnectionMode mode;
  private final String userAgent;
  private final OkHttpClient[] lanes;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor timer;
  private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;

  /**
   * @param base the client whose settings requests use; never modified or shut down
   * @param maxConcurrency the most requests the run has in flight at once
   */
  public OkHttpTransport(OkHttpClient base, Endpoint endpoint, Optional<String> apiKey,
      ClientSettings.ConnectionMode mode,
      Duration requestTimeout, int maxConcurrency, TlsTrust trust, TimeSource time, String userAgent) {
    this.time = time;
    this.endpoint = endpoint;
    this.apiKey = apiKey;
    this.mode = mode;
    this.userAgent = userAgent;
    OkHttpClient client = derive(base, maxConcurrency, requestTimeout, trust).newBuilder()
        .eventListenerFactory(call -> new WrittenStamp(call.request().tag(ListenerSlot.class)))
        .build();
    this.lanes = lanes(client, maxConcurrency);
    this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        WorkerThreads.factory("llmbench-okhttp-"));
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "llmbench-okhttp-timer");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * A client for {@code maxConcurrency} requests at once that times each call out after {@code timeout}, never
   * retries, never follows redirects, keeps idle connections no longer than the {@link IdleReuseLimit}, turns Nagle's
   * algorithm off and trusts what {@code trust} trusts (when it is a file's).
   */
  public static OkHttpClient derive(OkHttpClient base, int maxConcurrency, Duration timeout, TlsTrust trust) {
    OkHttpClient.Builder b = base.newBuilder()
        .dispatcher(new Dispatcher()) // its limits bind only asynchronous calls: these are all blocking
        .connectionPool(pool(Math.max(5, maxConcurrency)))
        .callTimeout(timeout)
        .connectTimeout(timeout)
        .readTimeout(Duration.ZERO)   // the call timeout covers the whole exchange
        .writeTimeout(Duration.ZERO)
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .addNetworkInterceptor(OkHttpTransport::keepRetryAfterFromOkHttp)
        .socketFactory(new NoDelaySocketFactory(base.socketFactory()));
    return trust.applyTo(b).build();
  }

  private static ConnectionPool pool(int idleConnections) {
    return new ConnectionPool(idleConnections, IdleReuseLimit.DEFAULT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** OkHttp re-sends a request answered 503 with {@code Retry-After: 0}; removing the header prevents that. */
  private static Response keepRetryAfterFromOkHttp(Interceptor.Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    if (response.code() != 503 || response.header("Retry-After") == null) return response;
    return response.newBuilder().removeHeader("Retry-After").build();
  }

  /**
   * About sqrt(maxConcurrency) lanes, each a client with a pool and a dispatcher of its own (the dispatcher keeps
   * every running call in a list under a lock, which one shared by all workers would make another O(concurrency)
   * locked step per request). Why: OkHttp finds a pooled connection by
   * scanning the whole pool, taking each connection's lock, and its cleanup task scans it again after every release;
   * with one pool for all workers that is O(concurrency) locked steps per request (4-10 % of the client's CPU
   * samples at c=500). One pool per worker would move the cost to OkHttp's task runner, which walks every pool's
   * cleanup queue for each task; so workers share about sqrt(concurrency) lanes, and each side costs O(sqrt(n)).
   */
  private static OkHttpClient[] lanes(OkHttpClient client, int maxConcurrency) {
    int count = (int) Math.min(MAX_LANES, Math.max(1, Math.round(Math.sqrt(maxConcurrency))));
    int idlePerLane = (maxConcurrency + count - 1) / count + 1;
    OkHttpClient[] made = new OkHttpClient[count];
    for (int i = 0; i < count; i++) {
      made[i] = client.newBuilder().connectionPool(pool(idlePerLane)).dispatcher(new Dispatcher()).build();
    }
    return made;
  }

  @Override
  public ClientSettings.TransportKind kind() {
    return ClientSettings.TransportKind.OKHTTP;
  }

  @Override
  public String describe() {
    return "okhttp " + okhttp3.OkHttp.VERSION + ", " + WorkerThreads.kind() + " worker threads, " + lanes.length
        + (lanes.length == 1 ? " pool" : " pools");
  }

  @Override
  public int lanes() {
    return lanes.length;
  }

  @Override
  public Outgoing encode(String path, byte[] body, boolean stream, String requestId) {
    Request.Builder builder = new Request.Builder()
        .url(endpoint.url(path))
        .post(RequestBody.create(body, JSON))
        .header("User-Agent", userAgent)
        .header("X-Request-Id", requestId)
        .tag(ListenerSlot.class, new ListenerSlot());
    apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    if (stream) builder.header("Accept", "text/event-stream");
    if (mode == ClientSettings.ConnectionMode.NEW_PER_REQUEST) builder.header("Connection", "close");
    return new Outgoing(builder.build());
  }

  /**
   * OkHttp cannot open a connection without a request: each opens with its first, left out of that latency. Its pool
   * already drops connections idle past the limit, before as during a step.
   */
  @Override
  public void warm(int connections, boolean keepSpare) {}

  @Override
  public void send(int lane, Outgoing request, ExchangeListener listener) {
    execute(lane, () -> exchange(lanes[lane], (Request) request.wire(), listener));
  }

  @Override
  public void execute(int lane, Runnable task) {
    Worker current = CURRENT.get();
    if (current != null && current.next == null) {
      current.next = task;
    } else {
      workers.execute(new Worker(task));
    }
  }

  @Override
  public void schedule(int lane, long atNanos, Runnable task) {
    timer.schedule(() -> execute(lane, task), Math.max(0, atNanos - time.monotonicNanos()), TimeUnit.NANOSECONDS);
  }

  /** Runs a task, then the one task it handed on, and so on, on one thread. */
  private static final class Worker implements Runnable {
    @Nullable Runnable next;

    Worker(Runnable first) {
      next = first;
    }

    @Override
    public void run() {
      CURRENT.set(this);
      try {
        Runnable task;
        while ((task = next) != null) {
          next = null;
          task.run();
        }
      } finally {
        CURRENT.remove();
      }
    }
  }

  /** Where a call's event listener finds the exchange's listener, to stamp when the request goes out. */
  private static final class ListenerSlot {
    volatile @Nullable ExchangeListener listener;
  }

  private final class WrittenStamp extends EventListener {
    private final @Nullable ListenerSlot slot;

    WrittenStamp(@Nullable ListenerSlot slot) {
      this.slot = slot;
    }

    @Override
    public void requestHeadersStart(Call call) {
      ExchangeListener l = slot == null ? null : slot.listener;
      if (l != null) l.written(time.monotonicNanos());
    }
  }

  /** One blocking exchange, its events told to the listener on this thread. Never throws. */
  private void exchange(OkHttpClient client, Request request, ExchangeListener listener) {
    ListenerSlot slot = request.tag(ListenerSlot.class);
    if (slot != null) slot.listener = listener;
    Call call = client.newCall(request);
    inFlight.add(call);
    // A cancel that ran before the add did not see this call.
    if (cancelled) call.cancel();
    try (Response response = call.execute()) {
      long now = time.monotonicNanos();
      ExchangeListener.Reading reading = listener.head(response.code(), response::header, now);
      if (reading == ExchangeListener.Reading.ABORT) {
        call.cancel();
        listener.failed(new IOException("reading stopped: the response passed a limit"), now);
        return;
      }
      byte[] buffer = new byte[READ_BUFFER];
      InputStream in = response.body().byteStream();
      while (true) {
        int n = in.read(buffer);
        now = time.monotonicNanos();
        if (n < 0) {
          listener.end(now);
          return;
        }
        reading = listener.body(buffer, 0, n, now);
        if (reading == ExchangeListener.Reading.ABORT) {
          call.cancel(); // not drained on close
          listener.failed(new IOException("reading stopped: the response passed a limit"), now);
          return;
        }
        if (reading == ExchangeListener.Reading.DONE) {
          listener.end(now); // closing the response reads the rest briefly, to keep the connection
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      listener.failed(e, time.monotonicNanos());
    } finally {
      inFlight.remove(call);
      if (slot != null) slot.listener = null;
    }
  }

  @Override
  public void watchStalls() {
    // Its worker threads are the JVM's: the hiccup meter's stalls stand for theirs.
  }

  @Override
  public Stalls[] takeStalls() {
    Stalls[] none = new Stalls[lanes.length];
    java.util.Arrays.fill(none, Stalls.NONE);
    return none;
  }

  @Override
  public void cancelAll() {
    cancelled = true;
    for (Call call : inFlight) call.cancel();
  }

  @Override
  public void close() {
    cancelAll();
    timer.shutdownNow();
    workers.shutdown();
    for (OkHttpClient lane : lanes) lane.connectionPool().evictAll();
  }
}
