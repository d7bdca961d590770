package io.github.llmbench.cli;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.ServerMetrics;
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
  private ClientFlags() {}

  /** Checks the flags that go together before anything runs; {@link #apply} then cannot fail on them. */
  static void check(RunOptions o) throws UsageException {
    trim(o);
    metrics(o);
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
    ClientSettings.ConnectionMode mode = o.newConnectionPerRequest ? ClientSettings.ConnectionMode.NEW_PER_REQUEST
        : ClientSettings.ConnectionMode.WARM;
    b.setting("connection_mode", mode.name().toLowerCase(Locale.ROOT));
    ClientSettings.TransportKind transport = o.transport == null ? ClientSettings.TransportKind.NETTY : o.transport;
    // 0: one event loop per available processor.
    ClientSettings client = benchmark.client().connectionMode(mode).transport(transport)
        .eventLoops(o.eventLoops == null ? 0 : o.eventLoops);
    if (o.caCert != null) client = client.trustedCertificates(o.caCert);
    b.client(client).setting("transport", transport.label());
    if (o.eventLoops != null) b.setting("event_loops", String.valueOf(o.eventLoops));
    if (o.caCert != null) b.setting("ca_cert", o.caCert.toString());
    b.responseLimits(limits(o));
    if (o.maxResponse != null) b.setting("max_response_mb", o.maxResponse.toString());
    if (o.maxEvent != null) b.setting("max_event_mb", o.maxEvent.toString());
    // The unified benchmark sends the server exactly the script's generations unless asked; a custom run or a
    // search checks its request first, so a wrong key, model or path ends it before any phase.
    boolean preflightRequest = unifiedPreset ? o.preflightRequest : !o.noPreflightRequest;
    b.preflightRequest(preflightRequest).setting("preflight_request", preflightRequest ? "on" : "off");
    ServerMetrics.Settings metrics = metrics(o);
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
        throw new UsageException(trimFlags(o) + " leave nothing to measure in any step: "
            + String.join(", ", tooSmall));
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

  private static ClientSettings.ResponseLimits limits(RunOptions o) {
    long response = o.maxResponse == null ? ClientSettings.ResponseLimits.DEFAULT.maxResponseBytes()
        : o.maxResponse.bytes();
    // EventMegabytes keeps an event's limit within an int.
    int event = o.maxEvent == null ? ClientSettings.ResponseLimits.DEFAULT.maxEventBytes() : (int) o.maxEvent.bytes();
    return new ClientSettings.ResponseLimits(response, event);
  }

  private static Trim trim(RunOptions o) throws UsageException {
    int warmup = o.warmupRequests == null ? 0 : o.warmupRequests;
    int cooldown = o.cooldownRequests == null ? 0 : o.cooldownRequests;
    double warmupShare = o.warmupPercent == null ? 0 : o.warmupPercent / 100;
    double cooldownShare = o.cooldownPercent == null ? 0 : o.cooldownPercent / 100;
    if (warmupShare + cooldownShare >= 1) {
      throw new UsageException("--warmup-percent (" + Flags.format(o.warmupPercent) + ") and --cooldown-percent ("
          + Flags.format(o.cooldownPercent) + ") should add up to less than 100");
    }
    return new Trim(warmup, cooldown, warmupShare, cooldownShare);
  }

  /** The trimming flags as given, e.g. {@code --warmup-requests 2 --cooldown-percent 10}. */
  private static String trimFlags(RunOptions o) {
    StringBuilder s = new StringBuilder();
    Object[][] flags = {{"--warmup-requests", o.warmupRequests}, {"--cooldown-requests", o.cooldownRequests},
        {"--warmup-percent", o.warmupPercent == null ? null : Flags.format(o.warmupPercent)},
        {"--cooldown-percent", o.cooldownPercent == null ? null : Flags.format(o.cooldownPercent)}};
    for (Object[] f : flags) {
      if (f[1] == null) continue;
      if (s.length() > 0) s.append(' ');
      s.append(f[0]).append(' ').append(f[1]);
    }
    return s.toString();
  }

  private static ServerMetrics.Settings metrics(RunOptions o) throws UsageException {
    if (o.noServerMetrics && o.metricsUrl != null) {
      throw UsageException.of("--metrics-url", o.metricsUrl, "cannot be combined with --no-server-metrics");
    }
    if (o.noServerMetrics) return ServerMetrics.Settings.OFF;
    if (o.metricsUrl == null) return ServerMetrics.Settings.DEFAULT;
    return ServerMetrics.Settings.at(o.metricsUrl);
  }
}
