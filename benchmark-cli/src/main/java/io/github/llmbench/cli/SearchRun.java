package io.github.llmbench.cli;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.CapacityEstimate;
import io.github.llmbench.api.CapacitySearch;
import io.github.llmbench.api.ImageSource;
import io.github.llmbench.api.Presets;
import io.github.llmbench.api.Slo;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code llmbench search}: a capacity search built with the public API ({@link Presets#capacitySearch}), from the
 * search flags, the run's request-shape flags (--input-len, --output-len, --completions, --vision) and its SLOs.
 */
final class SearchRun {
  private SearchRun() {}

  /** The benchmark, without its target. */
  static Benchmark.Builder benchmark(RunOptions o, SearchOptions s, Optional<Slo> slo, List<ImageSource> images)
      throws UsageException {
    if (slo.isEmpty()) {
      throw new UsageException("search needs an objective: give --slo-ttft-ms, --slo-tpot-ms or --slo-e2e-ms "
          + "(the first two with --stream)");
    }
    for (String[] other : new String[][] {{"--concurrency", o.concurrency}, {"--request-rate", o.requestRate},
        {"--num-prompts", o.numPrompts}, {"--duration", o.durationSec}, {"--max-concurrency", o.maxConcurrency}}) {
      if (other[1] != null) {
        throw UsageException.of(other[0], other[1], "does not apply to a search, which chooses each probe's load and "
            + "size (see --start, --max, --requests-per-worker, --probe-duration)");
      }
    }
    o.refuseUnifiedFlags("a search");
    CapacitySearch search = criteria(o, s);
    PromptFlags.Prompts request = CustomRun.request(o, images);
    Benchmark.Builder b = Presets.capacitySearch(search, slo.get(), request.request()).stream(o.stream);
    request.settings().forEach(b::setting);
    return b.setting("completions", String.valueOf(o.completions))
        .setting("vision", String.valueOf(o.vision))
        .setting("stream", String.valueOf(o.stream));
  }

  static CapacitySearch criteria(RunOptions o, SearchOptions s) throws UsageException {
    CapacitySearch.Builder b = switch (s.axis.strip().toLowerCase(Locale.ROOT)) {
      case "concurrency" -> CapacitySearch.concurrency();
      case "rate" -> CapacitySearch.rate();
      default -> throw UsageException.of("--axis", s.axis, "should be concurrency or rate");
    };
    boolean workers = s.axis.strip().equalsIgnoreCase("concurrency");
    b.targetAttainment(share("--attainment", s.attainmentPercent));
    b.confidenceLevel(share("--confidence", s.confidencePercent));
    double start = s.start == null ? 1 : load("--start", s.start, workers);
    b.start(start);
    if (s.max != null) {
      double max = load("--max", s.max, workers);
      if (max < start) throw UsageException.of("--max", s.max, "should be at least --start (" + CapacityEstimate.formatLevel(start) + ")");
      b.max(max);
    }
    b.precision(share("--precision", s.precisionPercent));
    b.requestsPerWorker(Flags.integer("--requests-per-worker", s.requestsPerWorker, 1, 1_000_000));
    if (s.minProbeRequests != null) {
      b.minProbeRequests(Flags.integer("--min-probe-requests", s.minProbeRequests, 1, Integer.MAX_VALUE));
    }
    b.probeDuration(Flags.seconds("--probe-duration", s.probeDurationSec));
    b.maxRepeats(Flags.integer("--max-repeats", s.maxRepeats, 0, 100));
    b.maxProbes(Flags.integer("--max-probes", s.maxProbes, 1, 10_000));
    long maxRequests = Flags.longValue("--max-requests", s.maxRequests);
    if (maxRequests <= 0) throw UsageException.of("--max-requests", s.maxRequests, "should be a positive integer");
    b.maxRequests(maxRequests);
    b.maxDuration(Flags.seconds("--max-time", s.maxTimeSec));
    b.cliffDrop(share("--cliff-drop", s.cliffDropPercent));
    if (o.seed != null) b.seed(Flags.longValue("--seed", o.seed));
    try {
      return b.build();
    } catch (IllegalArgumentException e) { // what only the criteria together can refuse, e.g. --start above the default --max
      throw new UsageException("search: " + e.getMessage());
    }
  }

  /** A percentage strictly between 0 and 100, as a share. */
  private static double share(String flag, String value) throws UsageException {
    double v = Flags.percent(flag, value);
    if (v <= 0) throw UsageException.of(flag, value, "should be a percentage above 0 and below 100");
    return v;
  }

  private static double load(String flag, String value, boolean workers) throws UsageException {
    return workers ? Flags.integer(flag, value, 1, 1_000_000) : Flags.positive(flag, value);
  }
}
