package io.github.llmbench.cli;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place a failed command line becomes its exit code: one line on stderr, {@code llmbench: <line>}, never a
 * stack trace. A value a converter refused names the flag and the value ({@link Flags.BadValue}); picocli's own
 * complaints (an unknown option, a missing value) point to {@code --help}; a {@link UsageException} from the checks
 * after parsing is printed as it is; anything else is a bug of ours, said in one line.
 */
final class FlagErrors implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
  private final PrintStream err;

  FlagErrors(PrintStream err) {
    this.err = err;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    if (e.getCause() instanceof Flags.BadValue bad) {
      err.println(LlmBenchCli.NAME + ": " + bad.line(flag(e.getArgSpec(), e.getCommandLine())));
    } else {
      err.println(LlmBenchCli.NAME + ": " + e.getMessage() + " (see --help)");
    }
    return ExitCode.USAGE.code();
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    if (e instanceof UsageException) {
      err.println(LlmBenchCli.NAME + ": " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    // A bug of ours: say what happened in one line rather than a stack trace.
    err.println(LlmBenchCli.NAME + ": internal error: " + e);
    return ExitCode.UNREACHABLE.code();
  }

  /** The option's first name ({@code --dataset} for {@code --dataset-path} too), else the command's. */
  private static String flag(ArgSpec spec, CommandLine command) {
    if (spec instanceof OptionSpec option) return option.names()[0];
    return command.getCommandName();
  }
}
