package io.github.llmbench.core;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.core.internal.RunExecution;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Runs benchmarks: each step sends its requests (a closed loop of exactly {@code concurrency} workers, or an open
 * loop at its rate) through the benchmark's transport, Netty event loops by default, each request timed at the I/O
 * edge on the monotonic clock. Request failures are data (counted in the results by kind), never exceptions, and a
 * run always ends with every step that finished.
 *
 * <p>Immutable and thread-safe; one runner can run many benchmarks, also at the same time: each run has its own
 * state, its own event loops and its own clients. The runner's {@code OkHttpClient} is the base of each run's
 * control plane (the model check, metrics scrapes) and, for a benchmark whose transport is
 * {@link io.github.llmbench.api.ClientSettings.TransportKind#OKHTTP}, of its timed requests too (its interceptors,
 * proxy and TLS then apply). A client given to {@link Builder#okHttpClient} is never modified, closed or shut down.
 *
 * <pre>{@code
 * BenchmarkRunner runner = BenchmarkRunner.builder().addSink(MetricSinks.console(System.out, true)).build();
 * BenchmarkResult result = runner.run(Presets.unified(Intensity.QUICK)
 *     .target(Target.of("http://localhost:8000", "my-model")).build());
 * }</pre>
 */
public final class BenchmarkRunner {
  private final OkHttpClient client;
  private final TimeSource timeSource;
  private final List<MetricSink> sinks;
  private final List<MetricSink.Factory> sinkFactories;
  private final boolean abortWhenUnreachable;

  private BenchmarkRunner(Builder b) {
    this.client = b.client != null ? b.client : new OkHttpClient();
    this.timeSource = b.timeSource;
    this.sinks = List.copyOf(b.sinks);
    this.sinkFactories = List.copyOf(b.sinkFactories);
    this.abortWhenUnreachable = b.abortWhenUnreachable;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the benchmark on the calling thread and returns its results. Never throws for request failures or a
   * throwing sink; interrupting the calling thread cancels the run (the result's {@code abortReason} is
   * {@code "cancelled"}).
   */
  public BenchmarkResult run(Benchmark benchmark) {
    return newExecution(benchmark).execute();
  }

  /** Starts the benchmark on a background thread; the handle cancels it and waits for its results. */
  public BenchmarkRun start(Benchmark benchmark) {
    return BenchmarkRun.start(newExecution(benchmark), "llmbench-run-" + benchmark.name());
  }

  private RunExecution newExecution(Benchmark benchmark) {
    Objects.requireNonNull(benchmark, "benchmark");
    List<MetricSink> runSinks = new ArrayList<>(sinks);
    for (MetricSink.Factory factory : sinkFactories) {
      runSinks.add(Objects.requireNonNull(factory.create(benchmark), "a sink factory returned null"));
    }
    return new RunExecution(benchmark, client, timeSource, runSinks, abortWhenUnreachable);
  }

  /** Mutable, not thread-safe. */
  public static final class Builder {
    private @Nullable OkHttpClient client;
    private TimeSource timeSource = TimeSource.SYSTEM;
    private final List<MetricSink> sinks = new ArrayList<>();
    private final List<MetricSink.Factory> sinkFactories = new ArrayList<>();
    private boolean abortWhenUnreachable = true;

    private Builder() {}

    /**
     * The client whose settings (interceptors, TLS, proxy) the control plane uses, and the timed requests too when
     * the benchmark's transport is {@link io.github.llmbench.api.ClientSettings.TransportKind#OKHTTP} (set it with
     * {@code Benchmark.builder().transport(ClientSettings.TransportKind.OKHTTP)}: the default Netty transport does not
     * go through OkHttp). Each run derives its own clients from it with {@link OkHttpClient#newBuilder()}; this one is
     * never modified, closed or shut down. By default a plain {@code new OkHttpClient()}.
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The clock; {@link TimeSource#SYSTEM} by default. */
    public Builder timeSource(TimeSource timeSource) {
      this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
      return this;
    }

    /**
     * Adds a factory whose {@link MetricSink.Factory#create} makes a fresh sink for each run: the way to give a
     * stateful sink (a file, counters) to a runner that runs several benchmarks, also at once.
     */
    public Builder addSinkFactory(MetricSink.Factory factory) {
      sinkFactories.add(Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /** Adds a sink told about every request and step of every run, shared by all of them: it must keep no per-run state. */
    public Builder addSink(MetricSink sink) {
      sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /** Replaces the sinks. */
    public Builder sinks(List<MetricSink> sinks) {
      List<MetricSink> copy = new ArrayList<>();
      for (MetricSink sink : sinks) copy.add(Objects.requireNonNull(sink, "sink"));
      this.sinks.clear();
      this.sinks.addAll(copy);
      return this;
    }

    /**
     * Whether a run stops when every request of a step was refused (nothing listens at the target); its
     * {@code abortReason} is then {@code "target unreachable: <baseUrl>: connection refused"}. On by default.
     */
    public Builder abortWhenUnreachable(boolean abortWhenUnreachable) {
      this.abortWhenUnreachable = abortWhenUnreachable;
      return this;
    }

    /** Further updates to this builder do not affect the returned instance. */
    public BenchmarkRunner build() {
      return new BenchmarkRunner(this);
    }
  }
}
