package io.github.llmbench.cli;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.CapacitySearch;
import io.github.llmbench.api.ImageSource;
import io.github.llmbench.api.Slo;
import io.github.llmbench.core.CapacitySearches;
import java.util.List;
import java.util.Optional;

/**
 * {@code llmbench search}: a capacity search built with the public API ({@link CapacitySearches#benchmark}), from the
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
    Object duration = o.duration == null ? null : Flags.seconds(o.duration);
    Object[][] loadFlags = {{"--concurrency", o.concurrency}, {"--request-rate", o.requestRate},
        {"--num-prompts", o.numPrompts}, {"--duration", duration}, {"--max-concurrency", o.maxConcurrency}};
    for (Object[] other : java.util.stream.Stream.concat(java.util.Arrays.stream(loadFlags),
        java.util.Arrays.stream(CustomRun.openLoopFlags(o))).toList()) {
      if (other[1] != null) {
        throw UsageException.of((String) other[0], other[1],
            "does not apply to a search, which chooses each probe's load and "
            + "size (see --start, --max, --requests-per-worker, --probe-duration)");
      }
    }
    o.refuseUnifiedFlags("a search");
    CapacitySearch search = criteria(o, s);
    PromptFlags.Prompts request = CustomRun.request(o, images);
    Benchmark.Builder b = CapacitySearches.benchmark(search, slo.get(), request.request()).stream(o.stream);
    request.settings().forEach(b::setting);
    return b.setting("completions", String.valueOf(o.completions))
        .setting("vision", String.valueOf(o.vision))
        .setting("stream", String.valueOf(o.stream));
  }

  static CapacitySearch criteria(RunOptions o, SearchOptions s) throws UsageException {
    boolean workers = s.axis == CapacitySearch.Axis.CONCURRENCY;
    CapacitySearch.Builder b = workers ? CapacitySearch.concurrency() : CapacitySearch.rate();
    b.targetAttainment(s.attainmentPercent / 100);
    b.confidenceLevel(s.confidencePercent / 100);
    double start = s.start == null ? 1 : load("--start", s.start, workers);
    b.start(start);
    if (s.max != null) {
      double max = load("--max", s.max, workers);
      if (max < start) {
        throw UsageException.of("--max", Flags.format(max), "should be at least --start ("
            + CapacitySearch.Estimate.formatLevel(start) + ")");
      }
      b.max(max);
    }
    b.precision(s.precisionPercent / 100);
    b.requestsPerWorker(s.requestsPerWorker);
    if (s.minProbeRequests != null) b.minProbeRequests(s.minProbeRequests);
    b.probeDuration(s.probeDuration);
    b.maxRepeats(s.maxRepeats);
    b.maxProbes(s.maxProbes);
    b.maxRequests(s.maxRequests);
    b.maxDuration(s.maxTime);
    b.cliffDrop(s.cliffDropPercent / 100);
    if (o.seed != null) b.seed(o.seed);
    try {
      return b.build();
    } catch (IllegalArgumentException e) { // what only the criteria together can refuse, e.g. --start above the default --max
      throw new UsageException("search: " + e.getMessage());
    }
  }

  /** A load of the axis: any positive rate, or a whole number of workers (which depends on --axis). */
  private static double load(String flag, double value, boolean workers) throws UsageException {
    if (workers && !(value == Math.rint(value) && value <= 1_000_000)) {
      throw UsageException.of(flag, Flags.format(value), "should be an integer between 1 and 1000000");
    }
    return value;
  }
}
