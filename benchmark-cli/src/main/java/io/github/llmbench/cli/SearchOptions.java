package io.github.llmbench.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The flags of {@code llmbench search}, beside the run's (target, request shape, --slo-*, outputs, client). Values
 * are kept as given and checked by {@link SearchRun}, with the same one-line messages as the run's.
 */
final class SearchOptions {
  @Option(names = "--axis", paramLabel = "concurrency|rate", defaultValue = "concurrency",
      description = "what a probe varies: workers of a closed loop, or requests a second of an open loop with Poisson "
          + "arrivals (--seed) (default: ${DEFAULT-VALUE})")
  String axis = "concurrency";

  @Option(names = "--attainment", paramLabel = "PERCENT", defaultValue = "95",
      description = "the share of requests that must meet every --slo-* objective (default: ${DEFAULT-VALUE})")
  String attainmentPercent = "95";

  @Option(names = "--confidence", paramLabel = "PERCENT", defaultValue = "95",
      description = "the level of each probe's Wilson interval on its attainment (default: ${DEFAULT-VALUE})")
  String confidencePercent = "95";

  @Option(names = "--start", paramLabel = "LOAD", description = "the first probe's load; the search never goes below it (default 1)")
  @Nullable String start;

  @Option(names = "--max", paramLabel = "LOAD", description = "the highest load probed (default 1024 workers, or 1000 req/s)")
  @Nullable String max;

  @Option(names = "--precision", paramLabel = "PERCENT", defaultValue = "5",
      description = "bisection stops when the bracket is this narrow, relative to its lower end; at least one worker "
          + "(default: ${DEFAULT-VALUE})")
  String precisionPercent = "5";

  @Option(names = "--requests-per-worker", paramLabel = "N", defaultValue = "8",
      description = "a concurrency probe of c workers sends c x N requests (default: ${DEFAULT-VALUE})")
  String requestsPerWorker = "8";

  @Option(names = "--min-probe-requests", paramLabel = "N",
      description = "the fewest requests of a probe (default: twice the fewest that can show the target met; 146 at 95 %%)")
  @Nullable String minProbeRequests;

  @Option(names = "--probe-duration", paramLabel = "SEC", defaultValue = "20",
      description = "a rate probe at r req/s sends ceil(r x SEC) requests (default: ${DEFAULT-VALUE})")
  String probeDurationSec = "20";

  @Option(names = "--max-repeats", paramLabel = "N", defaultValue = "2",
      description = "further probes of a level whose interval straddles the target, pooled (default: ${DEFAULT-VALUE})")
  String maxRepeats = "2";

  @Option(names = "--max-probes", paramLabel = "N", defaultValue = "30", description = "bound: the most probes (default: ${DEFAULT-VALUE})")
  String maxProbes = "30";

  @Option(names = "--max-requests", paramLabel = "N", defaultValue = "100000",
      description = "bound: the most requests in all (default: ${DEFAULT-VALUE})")
  String maxRequests = "100000";

  @Option(names = "--max-time", paramLabel = "SEC", defaultValue = "1800",
      description = "bound: the most wall-clock seconds of all probes (default: ${DEFAULT-VALUE})")
  String maxTimeSec = "1800";

  @Option(names = "--cliff-drop", paramLabel = "PERCENT", defaultValue = "25",
      description = "a boundary is a cliff when attainment falls by at least this many points across it "
          + "(default: ${DEFAULT-VALUE})")
  String cliffDropPercent = "25";
}
