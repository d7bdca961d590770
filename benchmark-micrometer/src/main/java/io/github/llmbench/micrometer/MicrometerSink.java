package io.github.llmbench.micrometer;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MetricSink} that records a benchmark to a Micrometer {@link MeterRegistry}, so a service that embeds
 * llmbench sees its benchmark in its own dashboards.
 *
 * <pre>{@code
 * MetricSink sink = MicrometerSink.builder(registry, "llmbench").tags("env", "staging").build();
 * BenchmarkRunner.builder().addSink(sink).build().run(benchmark);
 * }</pre>
 *
 * <p>With the name {@code "llmbench"} it records these meters (names in Micrometer's dot notation; each registry
 * renders them in its own convention, e.g. {@code llmbench_request_latency_seconds} in Prometheus):
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>extra tags</th><th>what</th></tr>
 *   <tr><td>{@code llmbench.request.latency}</td><td>Timer</td><td>{@code outcome} = success | failure</td>
 *       <td>every request's latency ({@link RequestOutcome#latencyNanos()})</td></tr>
 *   <tr><td>{@code llmbench.request.ttft}</td><td>Timer</td><td></td>
 *       <td>time to first token of every streamed request that succeeded</td></tr>
 *   <tr><td>{@code llmbench.request.itl}</td><td>Timer</td><td></td>
 *       <td>inter-token latency: each gap between content chunks of those requests</td></tr>
 *   <tr><td>{@code llmbench.request.failures}</td><td>Counter</td><td>{@code cause}</td>
 *       <td>failed requests by {@link RequestOutcome#failureCause() cause} ({@code http_500}, {@code timeout}, ...)</td></tr>
 *   <tr><td>{@code llmbench.tokens}</td><td>Counter</td><td>{@code type} = prompt | completion</td>
 *       <td>tokens of the requests that succeeded, as in the step's figures</td></tr>
 *   <tr><td>{@code llmbench.steps}</td><td>Counter</td><td>{@code status} = ok | degraded | saturated | failing</td>
 *       <td>finished steps by their verdict</td></tr>
 * </table>
 * Every meter carries the tags {@code phase}, {@code step} and {@code model} (the benchmark's
 * {@link io.github.llmbench.api.Target#model() target model}), plus the builder's common {@link Builder#tags tags}.
 *
 * <p><b>Tag cardinality.</b> Each distinct combination of tag values is a separate time series in the registry
 * and in the monitoring system behind it. This sink only tags with bounded values: the phase, step and model
 * names of a benchmark, the failure cause and the step status. It never tags with the prompt, the request
 * index, the response or anything else that grows with the number of requests, and common tags given to the
 * builder should be just as bounded. A benchmark that generates thousands of step names would still create
 * thousands of series: name steps after what they vary (concurrency, rate), not after a counter.
 *
 * <p><b>Threading.</b> {@link #onRequestCompleted} runs on the engine's worker threads; it looks its meters up in a
 * cache built once per (model, phase, step), so a request costs a map lookup and a few atomic updates, never a
 * meter registration. The sink is thread-safe and keeps no per-run state except the model, taken from
 * {@link #onRunStarted}: a sink shared by runs of different models at the same time should be built once per run
 * or given the model with {@link Builder#model}.
 */
public final class MicrometerSink implements MetricSink {
  private static final String UNKNOWN_MODEL = "unknown";

  private final MeterRegistry registry;
  private final String name;
  private final Tags commonTags;
  private final boolean percentileHistogram;
  private final double[] percentiles;
  private final @Nullable String fixedModel;
  private volatile String runModel = UNKNOWN_MODEL;
  private final Map<StepKey, StepMeters> meters = new ConcurrentHashMap<>();

  private MicrometerSink(Builder b) {
    this.registry = b.registry;
    this.name = b.name;
    this.commonTags = b.tags;
    this.percentileHistogram = b.percentileHistogram;
    this.percentiles = b.percentiles.clone();
    this.fixedModel = b.model;
  }

  /**
   * Starts a sink that records to {@code registry} under meter names that begin with {@code name}.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static Builder builder(MeterRegistry registry, String name) {
    return new Builder(registry, name);
  }

  @Override
  public void onRunStarted(Benchmark benchmark) {
    runModel = benchmark.target().model();
  }

  @Override
  public void onStepStarted(MetricSink.StepInfo step) {
    meters(step.phase(), step.step());  // registers before the first request, off the hot path
  }

  @Override
  public void onRequestCompleted(RequestOutcome outcome) {
    StepMeters m = meters(outcome.phase(), outcome.step());
    if (outcome.success()) {
      m.latencySuccess.record(outcome.latencyNanos(), TimeUnit.NANOSECONDS);
      m.promptTokens.increment(outcome.promptTokens());
      m.completionTokens.increment(outcome.completionTokens());
      RequestOutcome.StreamTiming timing = outcome.streamTiming();
      if (timing != null) {
        m.ttft.record(timing.ttftNanos(), TimeUnit.NANOSECONDS);
        for (long gap : timing.interTokenGapsNanos()) m.itl.record(gap, TimeUnit.NANOSECONDS);
      }
    } else {
      m.latencyFailure.record(outcome.latencyNanos(), TimeUnit.NANOSECONDS);
      m.failures(outcome.failureCause()).increment();
    }
  }

  @Override
  public void onStepCompleted(StepResult step) {
    meters(step.phase(), step.testName()).steps.get(step.status()).increment();
  }

  private StepMeters meters(String phase, String step) {
    StepKey key = new StepKey(fixedModel != null ? fixedModel : runModel, phase, step);
    StepMeters m = meters.get(key);  // the common case: no lock, no allocation beyond the key
    return m != null ? m : meters.computeIfAbsent(key, StepMeters::new);
  }

  @Override
  public String toString() {
    return "MicrometerSink[name=" + name + ", tags=" + commonTags + ", percentileHistogram=" + percentileHistogram
        + ", percentiles=" + Arrays.toString(percentiles) + "]";
  }

  private record StepKey(String model, String phase, String step) {}

  /** The meters of one step, registered once. */
  private final class StepMeters {
    final Tags tags;
    final Timer latencySuccess;
    final Timer latencyFailure;
    final Timer ttft;
    final Timer itl;
    final Counter promptTokens;
    final Counter completionTokens;
    final Map<Status, Counter> steps = new EnumMap<>(Status.class);
    final Map<String, Counter> failures = new ConcurrentHashMap<>();

    StepMeters(StepKey key) {
      tags = commonTags.and(Tag.of("phase", key.phase()), Tag.of("step", key.step()), Tag.of("model", key.model()));
      latencySuccess = timer("request.latency", "Latency of each request, until its body was received or it failed",
          Tags.of("outcome", "success"));
      latencyFailure = timer("request.latency", "Latency of each request, until its body was received or it failed",
          Tags.of("outcome", "failure"));
      ttft = timer("request.ttft", "Time to first token of each successful streamed request", Tags.empty());
      itl = timer("request.itl", "Inter-token latency: each gap between content chunks of a successful stream",
          Tags.empty());
      promptTokens = tokens("prompt");
      completionTokens = tokens("completion");
      for (Status status : Status.values()) {
        steps.put(status, Counter.builder(name + ".steps").description("Finished steps by their status")
            .tags(tags).tag("status", status.name().toLowerCase(Locale.ROOT)).register(registry));
      }
    }

    Counter failures(String cause) {
      Counter c = failures.get(cause);
      return c != null ? c : failures.computeIfAbsent(cause, k -> Counter.builder(name + ".request.failures")
          .description("Failed requests by cause").tags(tags).tag("cause", k).register(registry));
    }

    private Timer timer(String suffix, String description, Tags extra) {
      Timer.Builder b = Timer.builder(name + "." + suffix).description(description).tags(tags).tags(extra)
          .publishPercentileHistogram(percentileHistogram);
      if (percentiles.length > 0) b.publishPercentiles(percentiles);
      return b.register(registry);
    }

    private Counter tokens(String type) {
      return Counter.builder(name + ".tokens").description("Tokens of successful requests").baseUnit("tokens")
          .tags(tags).tag("type", type).register(registry);
    }
  }

  /** Mutable, not thread-safe. */
  public static final class Builder {
    private final MeterRegistry registry;
    private final String name;
    private Tags tags = Tags.empty();
    private boolean percentileHistogram;
    private double[] percentiles = new double[0];
    private @Nullable String model;

    private Builder(MeterRegistry registry, String name) {
      this.registry = Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) throw new IllegalArgumentException("name (\"" + name + "\") should not be blank");
      this.name = name;
    }

    /**
     * Adds common tags to every meter, as key/value pairs. Keep their values bounded (see the class Javadoc).
     *
     * @throws IllegalArgumentException if the number of strings is odd
     */
    public Builder tags(String... keyValues) {
      if (keyValues.length % 2 != 0) {
        throw new IllegalArgumentException("tags (" + Arrays.toString(keyValues) + ") should be key/value pairs");
      }
      return tags(Tags.of(keyValues));
    }

    /** Adds common tags to every meter. Keep their values bounded (see the class Javadoc). */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = this.tags.and(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /**
     * Whether the timers publish a percentile histogram (buckets a monitoring system can aggregate across
     * instances, e.g. Prometheus {@code histogram_quantile}); off by default, as in Micrometer.
     */
    public Builder percentileHistogram(boolean enabled) {
      this.percentileHistogram = enabled;
      return this;
    }

    /**
     * Percentiles each timer computes in the client and publishes, e.g. {@code 0.5, 0.99}; none by default.
     * They cannot be aggregated across instances (use {@link #percentileHistogram} for that).
     *
     * @throws IllegalArgumentException if a percentile is outside {@code [0, 1]}
     */
    public Builder percentiles(double... percentiles) {
      for (double p : percentiles) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("percentile (" + p + ") should be in [0, 1]");
      }
      this.percentiles = percentiles.clone();
      return this;
    }

    /**
     * The {@code model} tag, in place of the model of the benchmark that runs: for a sink shared by runs of
     * different models at once, or to tag a model by a shorter name.
     *
     * @throws IllegalArgumentException if {@code model} is blank
     */
    public Builder model(String model) {
      Objects.requireNonNull(model, "model");
      if (model.isBlank()) throw new IllegalArgumentException("model (\"" + model + "\") should not be blank");
      this.model = model;
      return this;
    }

    /** Builds the sink. Further updates to this builder do not affect the returned instance. */
    public MicrometerSink build() {
      return new MicrometerSink(this);
    }
  }
}
