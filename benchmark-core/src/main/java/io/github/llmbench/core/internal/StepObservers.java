package io.github.llmbench.core.internal;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.api.ServerMetrics;
import io.github.llmbench.core.TimeSource;
import io.github.llmbench.core.internal.health.ClientHealthProbe;
import io.github.llmbench.core.internal.metrics.ServerMetricsScraper;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * What watches a run's steps beside the requests: the client's self-check (send lag, JVM stalls, GC, CPU) and the
 * server's Prometheus metrics. Each step's window opens when its clock starts and closes after its last request.
 * One per run; never throws; {@link #close()} stops their threads.
 */
final class StepObservers implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(StepObservers.class.getName());

  private final ClientHealthProbe probe;
  private final @Nullable ServerMetricsScraper scraper;

  StepObservers(Benchmark benchmark, OkHttpClient client, TimeSource time) {
    this.probe = new ClientHealthProbe(benchmark.client().clientBoundThresholds());
    ServerMetrics.Settings metrics = benchmark.serverMetrics();
    ServerMetricsScraper s = null;
    if (metrics.enabled()) {
      HttpUrl url = HttpUrl.parse(metrics.urlFor(benchmark.target().baseUrl()));
      if (url != null) {
        // Its own pool: a measured request must never reuse (or wait for) the scraper's connection.
        OkHttpClient own = client.newBuilder().connectionPool(new ConnectionPool(1, 30, TimeUnit.SECONDS)).build();
        s = new ServerMetricsScraper(own, url, benchmark.target().model(), metrics.interval(),
            ServerMetricsScraper.DEFAULT_TIMEOUT, time);
      }
    }
    this.scraper = s;
  }

  /** A step's clock is about to start. */
  void clockStarting(String stepName) {
    try {
      if (scraper != null) scraper.start(stepName);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "server metrics scrape failed to start", e);
    }
    probe.start();
  }

  /** What the step's window saw. */
  record Observation(Optional<ClientHealth> clientHealth, Optional<ServerMetrics> serverMetrics) {}

  /** The step's last request has ended: close its window. */
  Observation clockStopped(StepRun run) {
    ClientHealth health = probe.stop(run);
    Optional<ServerMetrics> server = Optional.empty();
    try {
      if (scraper != null) server = scraper.stop().summary();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "server metrics scrape failed to stop", e);
    }
    return new Observation(Optional.ofNullable(health), server);
  }

  /** Why the server's metrics could not be read, once known. */
  Optional<String> serverMetricsUnavailable() {
    return scraper == null ? Optional.empty() : scraper.unavailableReason();
  }

  @Override
  public void close() {
    probe.close();
    if (scraper != null) scraper.close();
  }
}
