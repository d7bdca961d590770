package io.github.llmbench.cli;

import java.util.concurrent.Callable;

/**
 * A command picocli runs once the command line is parsed: its {@link ExitCode} is the process's, and a
 * {@link UsageException} goes to {@link FlagErrors}.
 */
interface CliCommand extends Callable<Integer> {
  ExitCode run() throws UsageException;

  @Override
  default Integer call() throws UsageException {
    return run().code();
  }
}
