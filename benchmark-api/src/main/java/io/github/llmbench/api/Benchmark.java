package io.github.llmbench.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, reusable description of a benchmark: the target, the phases and their steps, how steps are
 * classified, and whether responses are streamed. Running it belongs to the engine in {@code benchmark-core}.
 *
 * <pre>{@code
 * Benchmark benchmark = Benchmark.builder()
 *     .target(Target.of("http://localhost:8000", "my-model"))
 *     .phases(Phase.of("smoke", Step.of("c4", Load.concurrency(4), 40, RequestBuilders.chat("Hello", 64))))
 *     .build();
 * BenchmarkResult result = LlmBench.run(benchmark);   // benchmark-core
 * }</pre>
 *
 * @param name a label for reports
 * @param target the server under test
 * @param phases the phases in run order
 * @param statusPolicy classifies each step; {@link StatusPolicy#unified()} by default
 * @param stream whether requests ask for streamed responses
 * @param settings descriptive key/value pairs recorded in reports (intensity, options)
 * @param slo the objectives each step's goodput is measured against, if any
 * @param client how llmbench's own client behaves: connection mode, response limits, pre-flight
 * @param serverMetrics whether and where the target's Prometheus metrics are scraped during each step
 * @param partOf the plan of the run this benchmark is a part of (a shard's), when it is one; see {@link #runPlan()}
 */
public record Benchmark(String name, Target target, List<Phase> phases, StatusPolicy statusPolicy, boolean stream,
    Map<String, String> settings, Optional<Slo> slo, ClientSettings client, ServerMetrics.Settings serverMetrics,
    Optional<RunPlan> partOf) {
  public Benchmark {
    Objects.requireNonNull(partOf, "partOf");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(serverMetrics, "serverMetrics");
    Objects.requireNonNull(slo, "slo");
    Checks.notBlank("name", name);
    Objects.requireNonNull(target, "target");
    phases = List.copyOf(phases);
    if (phases.isEmpty()) throw new IllegalArgumentException("phases ([]) should hold at least one phase");
    Objects.requireNonNull(statusPolicy, "statusPolicy");
    settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    Set<String> names = new HashSet<>();
    for (Phase phase : phases) {
      for (Step step : phase.steps()) {
        if (!names.add(step.name())) {
          throw new IllegalArgumentException("step name (\"" + step.name() + "\") appears more than once");
        }
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().name(name).target(target).phases(phases).statusPolicy(statusPolicy).stream(stream);
    b.slo = slo.orElse(null);
    b.client = client;
    b.serverMetrics = serverMetrics;
    b.settings.putAll(settings);
    b.partOf = partOf.orElse(null);
    return b;
  }

  /** The plan its result records: the whole run's when this is a part of one, else its own. */
  public RunPlan runPlan() {
    return partOf.orElseGet(() -> RunPlan.of(this));
  }

  /** All steps of all phases, in run order. */
  public List<Step> steps() {
    List<Step> all = new ArrayList<>();
    phases.forEach(p -> all.addAll(p.steps()));
    return all;
  }

  /**
   * The highest concurrency of any step, a planner's highest included: what the HTTP client must allow at once. An
   * open-loop step without a ceiling counts as its target rate rounded up (a second's worth of requests), at least 1.
   */
  public int maxConcurrency() {
    int listed = steps().stream().mapToInt(s -> s.isOpenLoop() && s.concurrency() == 0
        ? Load.OpenLoop.inFlightForRate(s.openLoop().ratePerSec())
        : s.concurrency()).max().orElse(1);
    int planned = phases.stream().flatMap(p -> p.planner().stream()).mapToInt(StepPlanner::maxConcurrency).max()
        .orElse(1);
    return Math.max(listed, planned);
  }

  /** The most steps it may run: every listed step, an adaptive phase counting as its planner's most. */
  public int maxSteps() {
    return phases.stream().mapToInt(p -> p.planner().map(StepPlanner::maxSteps).orElse(p.steps().size())).sum();
  }

  /** Mutable, not thread-safe. */
  public static final class Builder {
    private String name = "custom";
    private @Nullable Target target;
    private final List<Phase> phases = new ArrayList<>();
    private StatusPolicy statusPolicy = StatusPolicy.unified();
    private boolean stream;
    private @Nullable Slo slo;
    private ClientSettings client = ClientSettings.DEFAULT;
    private ServerMetrics.Settings serverMetrics = ServerMetrics.Settings.DEFAULT;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private @Nullable RunPlan partOf;

    private Builder() {}

    /** Marks this benchmark as a part of a run with this plan (a shard's part of a whole run). */
    public Builder partOf(RunPlan whole) {
      this.partOf = Objects.requireNonNull(whole, "whole");
      return this;
    }

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder target(Target target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /** Shorthand for {@code target(Target.of(baseUrl, model))}. */
    public Builder target(String baseUrl, String model) {
      return target(Target.of(baseUrl, model));
    }

    /** Replaces the phases. */
    public Builder phases(Phase... phases) {
      return phases(List.of(phases));
    }

    /** Replaces the phases. */
    public Builder phases(List<Phase> phases) {
      this.phases.clear();
      phases.forEach(this::addPhase);
      return this;
    }

    public Builder addPhase(Phase phase) {
      phases.add(Objects.requireNonNull(phase, "phase"));
      return this;
    }

    /** Drops the phase with this name, if present. */
    public Builder removePhase(String phaseName) {
      phases.removeIf(p -> p.name().equals(phaseName));
      return this;
    }

    public Builder statusPolicy(StatusPolicy statusPolicy) {
      this.statusPolicy = Objects.requireNonNull(statusPolicy, "statusPolicy");
      return this;
    }

    /** Ask for streamed responses ({@code stream: true} with {@code stream_options.include_usage}). */
    public Builder stream(boolean stream) {
      this.stream = stream;
      return this;
    }

    /** Measure each step's goodput against these objectives; {@code null} for none. */
    public Builder slo(@Nullable Slo slo) {
      this.slo = slo;
      return this;
    }

    /** How llmbench's own client behaves; {@link ClientSettings#DEFAULT} unless set. */
    public Builder client(ClientSettings client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Whether latencies include connection set-up: {@link ClientSettings.ConnectionMode#WARM} (the default) opens every worker's
     * connection before a step's clock starts; {@link ClientSettings.ConnectionMode#NEW_PER_REQUEST} opens one per request, as the
     * unified script's client does.
     */
    public Builder connectionMode(ClientSettings.ConnectionMode mode) {
      return client(client.connectionMode(mode));
    }

    /** Bounds on one response; {@link ClientSettings.ResponseLimits#DEFAULT} unless set. */
    public Builder responseLimits(ClientSettings.ResponseLimits limits) {
      return client(client.responseLimits(limits));
    }

    /** Whether the pre-flight runs before the first phase (on by default); see {@link ClientSettings#preflight()}. */
    public Builder preflight(boolean on) {
      return client(client.preflight(on));
    }

    /**
     * Whether the pre-flight also sends one real request of the first step's shape, which must succeed for the run
     * to go on (off by default); see {@link ClientSettings#preflightRequest()}.
     */
    public Builder preflightRequest(boolean on) {
      return client(client.preflightRequest(on));
    }

    /** Which client sends the timed requests ({@link ClientSettings.TransportKind#NETTY} unless set). */
    public Builder transport(ClientSettings.TransportKind transport) {
      return client(client.transport(transport));
    }

    /**
     * Whether and where the target's Prometheus metrics are scraped during each step;
     * {@link ServerMetrics.Settings#DEFAULT} ({@code <baseUrl>/metrics}, every second) unless set.
     */
    public Builder serverMetrics(ServerMetrics.Settings serverMetrics) {
      this.serverMetrics = Objects.requireNonNull(serverMetrics, "serverMetrics");
      return this;
    }

    /** Records a descriptive setting in reports. */
    public Builder setting(String key, String value) {
      settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds an immutable benchmark. Further updates to this builder do not affect the returned instance.
     *
     * @throws IllegalStateException if the target is missing
     * @throws IllegalArgumentException if there is no phase or two steps share a name
     */
    public Benchmark build() {
      return new Benchmark(name, Checks.required("target", target), phases, statusPolicy, stream, settings,
          Optional.ofNullable(slo), client, serverMetrics, Optional.ofNullable(partOf));
    }
  }
}
