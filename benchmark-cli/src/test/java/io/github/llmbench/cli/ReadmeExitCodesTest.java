package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's exit-code table is the one {@code --help} prints: both come from {@link ExitCode}. */
class ReadmeExitCodesTest {
  private static final Path README = Path.of(System.getProperty("basedir", "."), "..", "README.md");
  private static final String BEGIN = "<!-- exit codes: generated from ExitCode, checked by ReadmeExitCodesTest -->\n";
  private static final String END = "<!-- end of exit codes -->";

  @Test
  void readmeTableEqualsTheHelpTable() throws Exception {
    String readme = Files.readString(README).replace("\r\n", "\n");
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertThat(begin).as("README marker " + BEGIN.strip()).isNotNegative();
    assertThat(end).as("README marker " + END).isGreaterThan(begin);
    assertThat(readme.substring(begin + BEGIN.length(), end)).isEqualTo(ExitCode.markdownTable());

    String help = CliRunner.run("--help").out();
    for (ExitCode code : ExitCode.values()) {
      assertThat(help).contains(code.meaning());
    }
  }
}
