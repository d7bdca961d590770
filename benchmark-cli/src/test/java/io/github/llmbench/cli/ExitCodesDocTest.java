package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/exit-codes.md's table is the one {@code --help} prints (both come from {@link ExitCode}), and its
 * {@code simulate} table is the list {@code llmbench simulate --help} prints.
 */
class ExitCodesDocTest {
  private static final Path PAGE = Path.of(System.getProperty("basedir", "."), "..", "docs", "exit-codes.md");
  private static final String BEGIN = "<!-- exit codes: generated from ExitCode, checked by ExitCodesDocTest -->\n";
  private static final String END = "<!-- end of exit codes -->";

  @Test
  void pageTableEqualsTheHelpTable() throws Exception {
    String page = Files.readString(PAGE).replace("\r\n", "\n");
    int begin = page.indexOf(BEGIN);
    int end = page.indexOf(END);
    assertThat(begin).as(PAGE.normalize() + " marker " + BEGIN.strip()).isNotNegative();
    assertThat(end).as(PAGE.normalize() + " marker " + END).isGreaterThan(begin);
    assertThat(page.substring(begin + BEGIN.length(), end)).isEqualTo(ExitCode.markdownTable());

    String help = CliRunner.run("--help").out();
    for (ExitCode code : ExitCode.values()) {
      assertThat(help).contains(code.meaning());
    }
  }

  @Test
  void pageListsSimulatesExitCodes() throws Exception {
    String page = Files.readString(PAGE).replace("\r\n", "\n");
    CliContext cx = new CliContext(Map.of(), System.out, System.err, false, LocalDateTime::now,
        new CliRunner.TestSignals(), List.of());
    CommandLine simulate = new LlmBenchCli(cx).commandLine().getSubcommands().get("simulate");
    Map<String, String> codes = simulate.getCommandSpec().usageMessage().exitCodeList();
    assertThat(codes).as("simulate's exit-code list").isNotEmpty();
    codes.forEach((code, meaning) -> assertThat(page).contains("| " + code.strip() + " | " + meaning.strip() + " |"));
  }
}
