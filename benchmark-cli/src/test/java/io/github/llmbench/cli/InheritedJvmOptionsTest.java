package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InheritedJvmOptionsTest {
  @Test
  void aShardGetsTheLaunchersJvmButNotItsDebuggerAgentsRecordingOrArchiveWriting() {
    List<String> launcher = List.of("-XX:+UseSerialGC", "-Xms16m", "-XX:TieredStopAtLevel=1",
        "-XX:SharedArchiveFile=/home/u/.cache/llmbench/a.jsa", "-Xshare:auto", "-Xlog:cds=off",
        "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:/opt/agent.jar",
        "-XX:StartFlightRecording=filename=run.jfr", "-XX:ArchiveClassesAtExit=/tmp/a.jsa", "-Xss512k");
    assertThat(InheritedJvmOptions.filter(launcher)).containsExactly("-XX:+UseSerialGC", "-Xms16m",
        "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=/home/u/.cache/llmbench/a.jsa", "-Xshare:auto",
        "-Xlog:cds=off", "-Xss512k");
  }
}
