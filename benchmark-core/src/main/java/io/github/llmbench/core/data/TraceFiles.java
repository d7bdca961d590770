package io.github.llmbench.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.Dataset;
import io.github.llmbench.api.Load;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Reads timed traces: JSONL files of requests with the time each was sent, to replay them at those times
 * ({@link Load#schedule(List)}). A line is a JSON object with {@code "timestamp"} (milliseconds, as Mooncake's
 * traces have it; any origin) and either
 * <ul>
 *   <li>Mooncake's request: {@code "input_length"} (prompt tokens), {@code "output_length"} (its output limit) and
 *       {@code "hash_ids"} (the ids of its prompt's blocks of {@code blockSize} tokens), read as a
 *       {@link Dataset.Entry.Blocks}; or
 *   <li>a prompt or chat messages with an optional output limit, as {@link DatasetFiles} reads a dataset line.
 * </ul>
 * Lines are replayed in the order of their timestamps (a stable sort, so equal ones keep the file's order), the
 * first at the step's start. Every error names the file, the line, the field and the bad value.
 */
public final class TraceFiles {
  /** Mooncake's block size: the tokens one hash id stands for. */
  public static final int MOONCAKE_BLOCK_TOKENS = 512;

  private TraceFiles() {}

  /**
   * A trace: its requests, and when each is due after the first.
   *
   * @param dataset the requests, in the order they are sent
   * @param schedule when each is due: {@code (timestamp - first timestamp) / speed}
   */
  public record Trace(Dataset dataset, List<Duration> schedule) {
    public Trace {
      Objects.requireNonNull(dataset, "dataset");
      schedule = List.copyOf(schedule);
      if (schedule.size() != dataset.size()) {
        throw new IllegalArgumentException("schedule (" + schedule.size() + " times) should have one time per "
            + "request (" + dataset.size() + ")");
      }
    }

    /** The open loop that sends the requests at their times. */
    public Load.OpenLoop load() {
      return Load.schedule(schedule);
    }
  }

  /**
   * @param speed how much faster than recorded to replay it: 2 halves every gap (vLLM's and AIPerf's
   *     {@code --trace-speed}-like scaling); 1 replays it as recorded
   * @param blockSize tokens each of a Mooncake line's {@code hash_ids} stands for
   * @throws IllegalArgumentException if a line is not such an object, e.g.
   *     {@code trace mooncake.jsonl line 3: timestamp ("x") should be a number of milliseconds}, or there is none
   * @throws IOException if the file cannot be read (missing, not UTF-8)
   */
  public static Trace read(Path file, double speed, int blockSize) throws IOException {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed (" + speed + ") should be a positive number");
    }
    if (blockSize < 1) throw new IllegalArgumentException("blockSize (" + blockSize + ") should be positive");
    ObjectMapper mapper = DatasetFiles.mapper();
    String name = file.toString();
    List<Timed> lines = new ArrayList<>(DatasetFiles.lines(file, "trace", line -> timed(mapper, line, blockSize)));
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("trace " + name + " has no requests (the file is empty or blank)");
    }
    lines.sort(Comparator.comparingDouble(Timed::timestampMs)); // stable
    double first = lines.get(0).timestampMs();
    List<Duration> schedule = new ArrayList<>(lines.size());
    for (Timed t : lines) schedule.add(Duration.ofNanos(Math.round((t.timestampMs() - first) * 1e6 / speed)));
    return new Trace(new Dataset(name, lines.stream().map(Timed::entry).toList()), schedule);
  }

  private record Timed(double timestampMs, Dataset.Entry entry) {}

  private static Timed timed(ObjectMapper mapper, String line, int blockSize) {
    JsonNode node = DatasetFiles.object(mapper, line);
    JsonNode timestamp = node.get("timestamp");
    if (timestamp == null) throw new IllegalArgumentException("has no timestamp (milliseconds)");
    if (!timestamp.isNumber() || !Double.isFinite(timestamp.asDouble()) || timestamp.asDouble() < 0) {
      throw new IllegalArgumentException("timestamp (" + DatasetFiles.shown(timestamp) + ") should be a number of "
          + "milliseconds, at least 0");
    }
    if (!node.has("input_length") && !node.has("hash_ids")) {
      return new Timed(timestamp.asDouble(), DatasetFiles.entry(mapper, node));
    }
    JsonNode input = node.get("input_length");
    if (input == null || !input.isIntegralNumber() || !input.canConvertToInt() || input.intValue() < 1) {
      throw new IllegalArgumentException("input_length (" + (input == null ? "missing" : DatasetFiles.shown(input))
          + ") should be a positive integer");
    }
    List<Long> hashIds = new ArrayList<>();
    JsonNode ids = node.get("hash_ids");
    if (ids != null) {
      if (!ids.isArray()) {
        throw new IllegalArgumentException("hash_ids (" + DatasetFiles.shown(ids) + ") should be an array of integers");
      }
      for (JsonNode id : ids) {
        if (!id.isIntegralNumber() || !id.canConvertToLong()) {
          throw new IllegalArgumentException("hash_ids[" + hashIds.size() + "] (" + DatasetFiles.shown(id)
              + ") should be an integer");
        }
        hashIds.add(id.longValue());
      }
    }
    return new Timed(timestamp.asDouble(), Dataset.Entry.blocks(hashIds, input.intValue(), blockSize,
        DatasetFiles.maxTokens(node)));
  }
}
