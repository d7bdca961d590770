package io.github.llmbench.cli;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The flags of {@code llmbench search}, beside the run's (target, request shape, --slo-*, outputs, client), each
 * typed by its {@link Flags} converter; {@link SearchRun} checks what depends on several of them.
 */
final class SearchOptions {
  /** What a probe varies. */
  @Option(names = "--axis", converter = Flags.Axis.class, paramLabel = "concurrency|rate", defaultValue = "concurrency",
      description = "what a probe varies: workers of a closed loop, or requests a second of an open loop with Poisson "
          + "arrivals (--seed) (default: ${DEFAULT-VALUE})")
  io.github.llmbench.api.CapacitySearch.Axis axis = io.github.llmbench.api.CapacitySearch.Axis.CONCURRENCY;

  @Option(names = "--attainment", converter = Flags.PercentAboveZero.class, paramLabel = "PERCENT", defaultValue = "95",
      description = "the share of requests that must meet every --slo-* objective (default: ${DEFAULT-VALUE})")
  double attainmentPercent = 95;

  @Option(names = "--confidence", converter = Flags.PercentAboveZero.class, paramLabel = "PERCENT", defaultValue = "95",
      description = "the level of each probe's Wilson interval on its attainment (default: ${DEFAULT-VALUE})")
  double confidencePercent = 95;

  @Option(names = "--start", converter = Flags.Positive.class, paramLabel = "LOAD",
      description = "the first probe's load; the search never goes below it (default 1)")
  @Nullable Double start;

  @Option(names = "--max", converter = Flags.Positive.class, paramLabel = "LOAD",
      description = "the highest load probed (default 1024 workers, or 1000 req/s)")
  @Nullable Double max;

  @Option(names = "--precision", converter = Flags.PercentAboveZero.class, paramLabel = "PERCENT", defaultValue = "5",
      description = "bisection stops when the bracket is this narrow, relative to its lower end; at least one worker "
          + "(default: ${DEFAULT-VALUE})")
  double precisionPercent = 5;

  @Option(names = "--requests-per-worker", converter = Flags.RequestsPerWorker.class, paramLabel = "N",
      defaultValue = "8",
      description = "a concurrency probe of c workers sends c x N requests (default: ${DEFAULT-VALUE})")
  int requestsPerWorker = 8;

  @Option(names = "--min-probe-requests", converter = Flags.PositiveInt.class, paramLabel = "N",
      description = "the fewest requests of a probe (default: twice the fewest that can show the target met; 146 at 95 %%)")
  @Nullable Integer minProbeRequests;

  @Option(names = "--probe-duration", converter = Flags.Seconds.class, paramLabel = "SEC", defaultValue = "20",
      description = "a rate probe at r req/s sends ceil(r x SEC) requests (default: ${DEFAULT-VALUE})")
  Duration probeDuration = Duration.ofSeconds(20);

  @Option(names = "--max-repeats", converter = Flags.MaxRepeats.class, paramLabel = "N", defaultValue = "2",
      description = "further probes of a level whose interval straddles the target, pooled (default: ${DEFAULT-VALUE})")
  int maxRepeats = 2;

  @Option(names = "--max-probes", converter = Flags.MaxProbes.class, paramLabel = "N", defaultValue = "30",
      description = "bound: the most probes (default: ${DEFAULT-VALUE})")
  int maxProbes = 30;

  @Option(names = "--max-requests", converter = Flags.PositiveLong.class, paramLabel = "N", defaultValue = "100000",
      description = "bound: the most requests in all (default: ${DEFAULT-VALUE})")
  long maxRequests = 100_000;

  @Option(names = "--max-time", converter = Flags.Seconds.class, paramLabel = "SEC", defaultValue = "1800",
      description = "bound: the most wall-clock seconds of all probes (default: ${DEFAULT-VALUE})")
  Duration maxTime = Duration.ofSeconds(1800);

  @Option(names = "--cliff-drop", converter = Flags.PercentAboveZero.class, paramLabel = "PERCENT", defaultValue = "25",
      description = "a boundary is a cliff when attainment falls by at least this many points across it "
          + "(default: ${DEFAULT-VALUE})")
  double cliffDropPercent = 25;
}
