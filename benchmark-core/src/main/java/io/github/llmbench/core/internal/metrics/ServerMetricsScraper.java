package io.github.llmbench.core.internal.metrics;

import io.github.llmbench.core.TimeSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Scrapes a server's Prometheus {@code /metrics} at a fixed interval while a step runs, on its own daemon thread.
 *
 * <pre>{@code
 * ServerMetricsScraper scraper = new ServerMetricsScraper(client, HttpUrl.get(base + "/metrics"), model,
 *     ServerMetricsScraper.DEFAULT_INTERVAL, ServerMetricsScraper.DEFAULT_TIMEOUT, TimeSource.SYSTEM);
 * scraper.start("c=32");                       // one scrape now, then one per interval
 * // ... the step runs ...
 * Optional<ServerMetrics> m = scraper.stop().summary();   // one last scrape, then the window's summary
 * scraper.close();                             // at the end of the run
 * }</pre>
 *
 * <p>{@link #start} scrapes once before it returns, and {@link #stop} once more before it returns, so the window
 * spans the step and counter increases cover all of it; each takes at most the timeout. Scrapes never overlap.
 *
 * <p><b>Costs nothing when there is nothing to scrape.</b> The first definite failure (an HTTP status other than
 * 200, a refused connection, an unknown host, a body that is not the text format) is logged once at INFO and
 * recorded in {@link #unavailableReason()}; from then on the scraper makes no request and its windows are empty.
 * A timeout or another I/O error only loses that scrape (logged at DEBUG). Nothing is retried, redirects are not
 * followed, and no {@code Authorization} header is sent. It never throws from {@code start}/{@code stop}.
 *
 * <p>The client is the caller's and is never closed; the scraper derives its own with the timeout from it.
 * {@link #start}/{@link #stop} are meant to be called from one thread; {@link #close} stops the thread.
 */
public final class ServerMetricsScraper implements AutoCloseable {
  /** Default time between scrapes. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  /** Default bound on one scrape (connect, send, read). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  /** Bodies beyond this are not metrics we want (vLLM's are about 100 KB). */
  static final long MAX_BODY_BYTES = 16L << 20;

  private static final System.Logger LOG = System.getLogger(ServerMetricsScraper.class.getName());

  private final OkHttpClient client;
  private final HttpUrl url;
  private final String source;
  private final @Nullable String model;
  private final Duration interval;
  private final TimeSource time;
  private final ReentrantLock scrapeLock = new ReentrantLock();
  private final AtomicInteger requestsMade = new AtomicInteger();
  private final ScheduledExecutorService executor;
  // guarded by scrapeLock
  private final List<MetricsScrape> window = new ArrayList<>();
  private boolean windowOpen;
  private String stepName = "";
  private volatile @Nullable String unavailableReason;
  private @Nullable ScheduledFuture<?> periodic;

  /**
   * @param client the client whose settings (TLS, proxy, dispatcher) the scrapes use; not closed
   * @param url the metrics URL, usually {@code <base>/metrics}
   * @param model the target model ({@code model_name} label), or null for the server's only model
   * @param interval time between scrapes
   * @param timeout bound on one scrape
   * @param time where scrape instants are read
   * @throws IllegalArgumentException if {@code interval} or {@code timeout} is not positive
   */
  public ServerMetricsScraper(OkHttpClient client, HttpUrl url, @Nullable String model, Duration interval,
      Duration timeout, TimeSource time) {
    this(client, url, model, interval, timeout, time, Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "llmbench-metrics-scraper");
      t.setDaemon(true);
      return t;
    }));
  }

  /**
   * As above, with the executor that runs the periodic scrapes (tests pass one they tick by hand); owned from now on.
   */
  ServerMetricsScraper(OkHttpClient client, HttpUrl url, @Nullable String model, Duration interval,
      Duration timeout, TimeSource time, ScheduledExecutorService executor) {
    Objects.requireNonNull(client, "client");
    this.url = Objects.requireNonNull(url, "url");
    positive("interval", interval);
    positive("timeout", timeout);
    this.model = model;
    this.interval = interval;
    this.time = Objects.requireNonNull(time, "time");
    this.source = url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
    this.client = client.newBuilder()
        .callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
        .retryOnConnectionFailure(false).followRedirects(false).followSslRedirects(false)
        .build();
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  private static void positive(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + " (" + d + ") should be positive");
    }
  }

  /**
   * Opens a window: scrapes once now, then every interval until {@link #stop}. Does nothing (and makes no
   * request) once the server is known to have no usable metrics. A window still open is discarded.
   *
   * @param stepName the step, for the log
   */
  public void start(String stepName) {
    Objects.requireNonNull(stepName, "stepName");
    cancelPeriodic();
    scrapeLock.lock();
    try {
      window.clear();
      this.stepName = stepName;
      windowOpen = unavailableReason == null;
      if (!windowOpen) {
        return;
      }
      scrapeLocked();
      if (unavailableReason == null) {
        long nanos = interval.toNanos();
        periodic = executor.scheduleAtFixedRate(this::scheduledScrape, nanos, nanos, TimeUnit.NANOSECONDS);
      }
    } catch (RuntimeException e) {
      // the executor was shut down by close(): no periodic scrapes, the window keeps what it has
      LOG.log(Level.DEBUG, "server metrics: cannot schedule scrapes: {0}", e.toString());
    } finally {
      scrapeLock.unlock();
    }
  }

  /**
   * Closes the window: stops the periodic scrapes, scrapes once more, and returns what the window holds (empty if
   * the server has no usable metrics, or if {@link #start} was not called).
   */
  public ScrapeWindow stop() {
    cancelPeriodic();
    scrapeLock.lock();
    try {
      if (windowOpen && unavailableReason == null) {
        scrapeLocked();
      }
      windowOpen = false;
      ScrapeWindow result = new ScrapeWindow(stepName, source, model, window);
      window.clear();
      return result;
    } finally {
      scrapeLock.unlock();
    }
  }

  /** @return why the server's metrics are not scraped, once a definite failure happened */
  public Optional<String> unavailableReason() {
    return Optional.ofNullable(unavailableReason);
  }

  /** @return HTTP requests made so far (each scrape is one; nothing is retried) */
  public int requestsMade() {
    return requestsMade.get();
  }

  /** @return the URL scraped, without user info, query or fragment */
  public String source() {
    return source;
  }

  /** Stops the scraper's thread; a window still open stays as it is. Idempotent. */
  @Override
  public void close() {
    cancelPeriodic();
    executor.shutdownNow();
  }

  private void cancelPeriodic() {
    ScheduledFuture<?> p;
    scrapeLock.lock();
    try {
      p = periodic;
      periodic = null;
    } finally {
      scrapeLock.unlock();
    }
    if (p != null) {
      p.cancel(false); // a scrape in flight finishes; stop() then waits for it on the lock
    }
  }

  private void scheduledScrape() {
    scrapeLock.lock();
    try {
      if (windowOpen && unavailableReason == null) {
        scrapeLocked();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "server metrics: scrape failed: {0}", e.toString());
    } finally {
      scrapeLock.unlock();
    }
  }

  /** One scrape; records it in the window, or the failure. Never throws. */
  private void scrapeLocked() {
    Request request = new Request.Builder().url(url).get()
        .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1").build();
    requestsMade.incrementAndGet();
    try (Response response = client.newCall(request).execute()) {
      if (response.code() != 200) {
        unavailable("GET " + source + " answered HTTP " + response.code());
        return;
      }
      BufferedSource body = response.body().source();
      if (body.request(MAX_BODY_BYTES + 1)) {
        unavailable("GET " + source + " answered more than " + MAX_BODY_BYTES + " bytes");
        return;
      }
      String text = body.getBuffer().readUtf8();
      long at = time.monotonicNanos();
      PrometheusExposition exposition;
      try {
        exposition = PrometheusTextParser.parse(text);
      } catch (IllegalArgumentException e) {
        unavailable("GET " + source + " is not the Prometheus text format (" + e.getMessage() + ")");
        return;
      }
      if (exposition.samples().isEmpty()) {
        unavailable("GET " + source + " answered no metrics");
        return;
      }
      window.add(new MetricsScrape(at, exposition));
    } catch (ConnectException | UnknownHostException | NoRouteToHostException e) {
      unavailable("GET " + source + " failed: " + e.getMessage());
    } catch (InterruptedIOException e) {
      LOG.log(Level.DEBUG, "server metrics: scrape of {0} timed out during {1}", source, stepName);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "server metrics: scrape of {0} failed during {1}: {2}", source, stepName, e.toString());
    }
  }

  private void unavailable(String reason) {
    if (unavailableReason == null) {
      unavailableReason = reason;
      // Noted once, in the run's result (its settings), not on the console.
      LOG.log(Level.DEBUG, "server metrics unavailable: {0}; not scraping again", reason);
    }
    ScheduledFuture<?> p = periodic;
    periodic = null;
    if (p != null) {
      p.cancel(false);
    }
  }
}
