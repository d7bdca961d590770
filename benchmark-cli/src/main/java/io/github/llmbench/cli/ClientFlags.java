package io.github.llmbench.cli;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.TransportKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import io.github.llmbench.api.ConnectionMode;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.ResponseLimits;
import io.github.llmbench.api.ServerMetricsSettings;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Trim;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The flags that set how llmbench's own client behaves (connection mode, response limits, the pre-flight request,
 * server metrics) and which requests each step trims, applied to a built {@link Benchmark}. Each setting is also
 * recorded in the run's settings, so the report says how it was measured.
 */
final class ClientFlags {
  private static final long BYTES_PER_MB = 1L << 20;

  private ClientFlags() {}

  /** Checks the flags' values before anything runs; {@link #apply} then cannot fail on them. */
  static void check(RunOptions o) throws UsageException {
    limits(o);
    trim(o);
    metrics(o);
    transport(o);
    eventLoops(o);
    caCert(o);
    if (o.preflightRequest && o.noPreflightRequest) {
      throw new UsageException("--preflight-request and --no-preflight-request cannot be combined");
    }
  }

  /**
   * The benchmark with the client flags applied. A step too small for the trim is kept whole and named in a note;
   * a trim that leaves nothing of every step is bad usage.
   */
  static Benchmark apply(RunOptions o, Benchmark benchmark, boolean unifiedPreset, Consumer<String> notes)
      throws UsageException {
    Benchmark.Builder b = benchmark.toBuilder();
    ConnectionMode mode = o.newConnectionPerRequest ? ConnectionMode.NEW_PER_REQUEST : ConnectionMode.WARM;
    b.setting("connection_mode", mode.name().toLowerCase(Locale.ROOT));
    TransportKind transport = transport(o);
    ClientSettings client = benchmark.client().connectionMode(mode).transport(transport).eventLoops(eventLoops(o));
    Optional<Path> ca = caCert(o);
    if (ca.isPresent()) client = client.trustedCertificates(ca.get());
    b.client(client).setting("transport", transport.label());
    if (o.eventLoops != null) b.setting("event_loops", o.eventLoops.strip());
    ca.ifPresent(file -> b.setting("ca_cert", file.toString()));
    ResponseLimits limits = limits(o);
    b.responseLimits(limits);
    if (o.maxResponseMb != null) b.setting("max_response_mb", o.maxResponseMb.strip());
    if (o.maxEventMb != null) b.setting("max_event_mb", o.maxEventMb.strip());
    // The unified benchmark sends the server exactly the script's generations unless asked; a custom run or a
    // search checks its request first, so a wrong key, model or path ends it before any phase.
    boolean preflightRequest = unifiedPreset ? o.preflightRequest : !o.noPreflightRequest;
    b.preflightRequest(preflightRequest).setting("preflight_request", preflightRequest ? "on" : "off");
    ServerMetricsSettings metrics = metrics(o);
    b.serverMetrics(metrics);
    if (!metrics.enabled()) b.setting("server_metrics", "off");
    else metrics.url().ifPresent(url -> b.setting("server_metrics", url));
    Trim trim = trim(o);
    if (!trim.isNone()) {
      List<Phase> phases = new ArrayList<>();
      List<String> tooSmall = new ArrayList<>();
      int trimmed = 0;
      for (Phase phase : benchmark.phases()) {
        List<Step> steps = new ArrayList<>();
        for (Step step : phase.steps()) {
          int n = step.numRequests();
          if (trim.warmupCount(n) + trim.cooldownCount(n) < n) {
            steps.add(step.trim(trim));
            trimmed++;
          } else {
            // The unified preset has one-request steps; trimming them would leave no figure at all.
            steps.add(step);
            tooSmall.add(step.name() + " (" + n + (n == 1 ? " request)" : " requests)"));
          }
        }
        phases.add(phase.toBuilder().steps(steps).build());
      }
      if (trimmed == 0) {
        throw new UsageException(trimFlags(o) + " leave nothing to measure in any step: " + String.join(", ", tooSmall));
      }
      if (!tooSmall.isEmpty()) {
        notes.accept(trimFlags(o) + " would leave nothing of " + String.join(", ", tooSmall)
            + ", so " + (tooSmall.size() == 1 ? "that step is" : "those steps are") + " not trimmed");
      }
      b.phases(phases).setting("trim", trimFlags(o));
      if (!tooSmall.isEmpty()) b.setting("untrimmed_steps", String.join(", ", tooSmall));
    }
    try {
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static TransportKind transport(RunOptions o) throws UsageException {
    if (o.transport == null) return TransportKind.NETTY;
    for (TransportKind kind : TransportKind.values()) {
      if (kind.label().equals(o.transport.strip().toLowerCase(Locale.ROOT))) return kind;
    }
    throw UsageException.of("--transport", o.transport, "should be netty or okhttp");
  }

  private static int eventLoops(RunOptions o) throws UsageException {
    return o.eventLoops == null ? 0 : Flags.integer("--event-loops", o.eventLoops, 1, 1024);
  }

  private static Optional<Path> caCert(RunOptions o) throws UsageException {
    if (o.caCert == null) return Optional.empty();
    Path file = Path.of(o.caCert.strip());
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw UsageException.of("--ca-cert", o.caCert, "should be a readable PEM file");
    }
    return Optional.of(file);
  }

  private static ResponseLimits limits(RunOptions o) throws UsageException {
    long response = o.maxResponseMb == null ? ResponseLimits.DEFAULT.maxResponseBytes()
        : bytes("--max-response-mb", o.maxResponseMb, Long.MAX_VALUE);
    long event = o.maxEventMb == null ? ResponseLimits.DEFAULT.maxEventBytes()
        : bytes("--max-event-mb", o.maxEventMb, Integer.MAX_VALUE);
    return new ResponseLimits(response, (int) event);
  }

  /** Megabytes of 2^20 bytes, fractions allowed, at least one byte and at most {@code maxBytes}. */
  private static long bytes(String flag, String value, long maxBytes) throws UsageException {
    double mb = Flags.positive(flag, value);
    double bytes = Math.floor(mb * BYTES_PER_MB);
    if (bytes < 1) throw UsageException.of(flag, value, "should be at least one byte (0.000001 MB)");
    if (bytes > maxBytes) {
      throw UsageException.of(flag, value, "should be at most " + (maxBytes / BYTES_PER_MB) + " MB");
    }
    return (long) bytes;
  }

  private static Trim trim(RunOptions o) throws UsageException {
    int warmup = o.warmupRequests == null ? 0 : Flags.integer("--warmup-requests", o.warmupRequests, 0, Integer.MAX_VALUE);
    int cooldown = o.cooldownRequests == null ? 0
        : Flags.integer("--cooldown-requests", o.cooldownRequests, 0, Integer.MAX_VALUE);
    double warmupShare = o.warmupPercent == null ? 0 : Flags.percent("--warmup-percent", o.warmupPercent);
    double cooldownShare = o.cooldownPercent == null ? 0 : Flags.percent("--cooldown-percent", o.cooldownPercent);
    if (warmupShare + cooldownShare >= 1) {
      throw new UsageException("--warmup-percent (" + o.warmupPercent + ") and --cooldown-percent ("
          + o.cooldownPercent + ") should add up to less than 100");
    }
    return new Trim(warmup, cooldown, warmupShare, cooldownShare);
  }

  /** The trimming flags as given, e.g. {@code --warmup-requests 2 --cooldown-percent 10}. */
  private static String trimFlags(RunOptions o) {
    StringBuilder s = new StringBuilder();
    String[][] flags = {{"--warmup-requests", o.warmupRequests}, {"--cooldown-requests", o.cooldownRequests},
        {"--warmup-percent", o.warmupPercent}, {"--cooldown-percent", o.cooldownPercent}};
    for (String[] f : flags) {
      if (f[1] == null) continue;
      if (s.length() > 0) s.append(' ');
      s.append(f[0]).append(' ').append(f[1].strip());
    }
    return s.toString();
  }

  private static ServerMetricsSettings metrics(RunOptions o) throws UsageException {
    if (o.noServerMetrics && o.metricsUrl != null) {
      throw UsageException.of("--metrics-url", o.metricsUrl, "cannot be combined with --no-server-metrics");
    }
    if (o.noServerMetrics) return ServerMetricsSettings.OFF;
    if (o.metricsUrl == null) return ServerMetricsSettings.DEFAULT;
    String url = Flags.httpUrl("--metrics-url", o.metricsUrl);
    return ServerMetricsSettings.at(url);
  }
}
