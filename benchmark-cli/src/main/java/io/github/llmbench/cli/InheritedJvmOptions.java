package io.github.llmbench.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of this JVM that a child JVM of the same run should get too ({@code --shards N} starts one per
 * shard): the launcher's lean settings (serial GC, small heap, C1 only, its class-data archive), heap and stack
 * sizes. Debuggers, agents and flight recordings stay with this JVM: a child would fight it for their port or file.
 */
final class InheritedJvmOptions {
  private static final List<String> PERSONAL = List.of("-agentlib:", "-agentpath:", "-javaagent:", "-Xrunjdwp",
      "-Xdebug", "-XX:StartFlightRecording", "-XX:+StartFlightRecording", "-XX:FlightRecorderOptions",
      "-XX:ArchiveClassesAtExit", "-Dsun.java.command");

  private InheritedJvmOptions() {}

  static List<String> ofThisJvm() {
    return filter(ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  static List<String> filter(List<String> arguments) {
    List<String> kept = new ArrayList<>();
    for (String a : arguments) {
      if (PERSONAL.stream().noneMatch(a::startsWith)) kept.add(a);
    }
    return kept;
  }
}
