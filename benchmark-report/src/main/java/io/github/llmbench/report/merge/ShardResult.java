package io.github.llmbench.report.merge;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Shard;
import io.github.llmbench.report.JsonReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * One shard's saved run: its result JSON and the interval log beside it ({@code <base>.json} and {@code <base>.hlog}).
 *
 * @param source the JSON file (named in refusals)
 * @param result the shard's result, with its samples
 * @param shard which shard it ran
 * @param startLatenessSec how late it started after the agreed instant, by its own wall clock; NaN when it was given
 *     no start instant
 * @param latency its interval histograms by step name
 */
public record ShardResult(Path source, BenchmarkResult result, Shard shard, double startLatenessSec,
    Map<String, Histogram> latency) {
  public ShardResult {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(shard, "shard");
    latency = Map.copyOf(latency);
  }

  /** The interval log of a shard's JSON: the same name with {@code .hlog}. */
  public static Path intervalLogOf(Path json) {
    String name = json.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return json.resolveSibling(base + ".hlog");
  }

  /**
   * Reads a shard's JSON and its interval log.
   *
   * @throws MergeRefusedException if it is not a shard's result or its interval log is missing or unreadable
   * @throws IOException if a file cannot be read
   */
  public static ShardResult read(Path json) throws IOException {
    BenchmarkResult result;
    try {
      result = JsonReports.read(json);
    } catch (IllegalArgumentException e) {
      throw new MergeRefusedException(e.getMessage());
    }
    String shardText = result.settings().get(ShardSettings.SHARD);
    if (shardText == null) {
      throw new MergeRefusedException(json + " is not a shard's result: its settings have no " + ShardSettings.SHARD);
    }
    Shard shard = parseShard(json, shardText);
    double lateness = Double.NaN;
    String late = result.settings().get(ShardSettings.START_LATENESS_MS);
    if (late != null) {
      try {
        lateness = Double.parseDouble(late) / 1e3;
      } catch (NumberFormatException e) {
        throw new MergeRefusedException(json + ": " + ShardSettings.START_LATENESS_MS + " (" + late + ") is not a number");
      }
    }
    Path hlog = intervalLogOf(json);
    if (!Files.isRegularFile(hlog)) throw new MergeRefusedException(json + " has no interval log " + hlog);
    Map<String, Histogram> latency;
    try {
      latency = IntervalLog.read(hlog);
    } catch (IllegalArgumentException e) {
      throw new MergeRefusedException(hlog + ": " + e.getMessage());
    }
    return new ShardResult(json, result, shard, lateness, latency);
  }

  private static Shard parseShard(Path json, String text) {
    String[] parts = text.split("/", -1);
    try {
      if (parts.length == 2) return new Shard(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new MergeRefusedException(json + ": " + ShardSettings.SHARD + " (" + text + ") should be INDEX/COUNT");
  }
}
