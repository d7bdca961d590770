package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli.md is the command line's reference: every option of every command the real {@link LlmBenchCli} builds is
 * on the page, and every {@code --flag} the page names is an option of some command. A flag added without its line,
 * or a line left behind when a flag is renamed or removed, fails here.
 */
class CliReferenceDocTest {
  static final Path CLI_MD = Path.of(System.getProperty("basedir", "."), "..", "docs", "cli.md");
  /** A long flag as the page writes it: two dashes, a letter, then letters, digits and single dashes. */
  private static final Pattern LONG_FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![\\w-])");

  /** Option name -> the commands that have it, over the top command and every subcommand. */
  static Map<String, Set<String>> optionsByName() {
    CliContext cx = new CliContext(Map.of(), System.out, System.err, false, LocalDateTime::now,
        new CliRunner.TestSignals(), List.of());
    CommandLine top = new LlmBenchCli(cx).commandLine();
    List<CommandLine> commands = new ArrayList<>();
    commands.add(top);
    commands.addAll(top.getSubcommands().values());
    Map<String, Set<String>> names = new TreeMap<>();
    for (CommandLine c : commands) {
      for (OptionSpec option : c.getCommandSpec().options()) {
        for (String name : option.names()) {
          names.computeIfAbsent(name, n -> new TreeSet<>()).add(c.getCommandSpec().qualifiedName());
        }
      }
    }
    return names;
  }

  static boolean mentions(String page, String name) {
    return Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])").matcher(page).find();
  }

  @Test
  void everyOptionOfEveryCommandIsOnThePage() throws Exception {
    String page = Files.readString(CLI_MD);
    Map<String, Set<String>> options = optionsByName();
    assertThat(options).as("the CLI's options (is the command line built?)").containsKeys("--model", "--attainment",
        "--error-rate", "--output", "--alpha");
    List<String> missing = new ArrayList<>();
    options.forEach((name, commands) -> {
      if (!mentions(page, name)) missing.add(name + " (of " + String.join(", ", commands) + ")");
    });
    assertThat(missing).as("options missing from " + CLI_MD.normalize()).isEmpty();
  }

  @Test
  void everyFlagThePageNamesExists() throws Exception {
    String page = Files.readString(CLI_MD);
    Set<String> options = optionsByName().keySet();
    Set<String> unknown = new TreeSet<>();
    Matcher m = LONG_FLAG.matcher(page);
    while (m.find()) {
      if (!options.contains(m.group())) unknown.add(m.group());
    }
    assertThat(unknown).as("flags named in " + CLI_MD.normalize() + " that no command has").isEmpty();
  }
}
