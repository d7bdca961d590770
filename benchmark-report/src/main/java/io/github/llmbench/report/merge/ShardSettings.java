package io.github.llmbench.report.merge;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.PhaseRules;
import io.github.llmbench.api.Status;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The run settings a shard records in its result, for the merge: which shard it is, when it should have started
 * and how late it did, and its phases' status rules (a shard runs every step, so the merge decides statuses).
 */
public final class ShardSettings {
  /** {@code index/count}, e.g. {@code 1/4}. */
  public static final String SHARD = "shard";
  /** The agreed start, ISO-8601. */
  public static final String START_AT = "shard_start_at";
  /** How late this shard started, in milliseconds of its wall clock. */
  public static final String START_LATENESS_MS = "shard_start_lateness_ms";
  /** The phases' rules: {@code NAME:flags;...} with flags {@code baseline}, {@code vs_baseline}, {@code vs_previous}, {@code stop=S|S}. */
  public static final String PHASE_RULES = "shard_phase_rules";

  private ShardSettings() {}

  /** The keys that differ between the shards of one run. */
  static final Set<String> PER_SHARD = Set.of(SHARD, START_AT, START_LATENESS_MS,
      io.github.llmbench.api.Shard.SKIPPED_STEPS_SETTING);


  /** The phase rules of the whole (unsharded) benchmark, as {@link #PHASE_RULES} holds them. */
  public static String phaseRules(Benchmark whole) {
    List<String> out = new ArrayList<>();
    for (Phase p : whole.phases()) {
      List<String> flags = new ArrayList<>();
      if (p.providesBaseline()) flags.add("baseline");
      if (p.comparesToBaseline()) flags.add("vs_baseline");
      if (p.comparesToPreviousStep()) flags.add("vs_previous");
      if (!p.stopStatuses().isEmpty()) {
        flags.add("stop=" + EnumSet.copyOf(p.stopStatuses()).stream().map(Enum::name).collect(Collectors.joining("|")));
      }
      out.add(p.name() + ":" + String.join(",", flags));
    }
    return String.join(";", out);
  }

  /**
   * Parses {@link #PHASE_RULES}.
   *
   * @throws IllegalArgumentException if it is malformed
   */
  public static Map<String, PhaseRules> parsePhaseRules(String text) {
    Map<String, PhaseRules> out = new LinkedHashMap<>();
    if (text.isBlank()) return out;
    for (String phase : text.split(";", -1)) {
      int colon = phase.lastIndexOf(':');
      if (colon <= 0) throw new IllegalArgumentException(PHASE_RULES + " (" + text + ") should be NAME:flags;...");
      boolean baseline = false;
      boolean vsBaseline = false;
      boolean vsPrevious = false;
      EnumSet<Status> stop = EnumSet.noneOf(Status.class);
      for (String flag : phase.substring(colon + 1).split(",")) {
        if (flag.isEmpty()) continue;
        if (flag.equals("baseline")) baseline = true;
        else if (flag.equals("vs_baseline")) vsBaseline = true;
        else if (flag.equals("vs_previous")) vsPrevious = true;
        else if (flag.startsWith("stop=")) {
          for (String s : flag.substring(5).split("\\|")) stop.add(Status.valueOf(s));
        } else {
          throw new IllegalArgumentException(PHASE_RULES + " has an unknown flag (" + flag + ")");
        }
      }
      String name = phase.substring(0, colon);
      out.put(name, new PhaseRules(name, baseline, vsBaseline, vsPrevious, stop));
    }
    return out;
  }
}
