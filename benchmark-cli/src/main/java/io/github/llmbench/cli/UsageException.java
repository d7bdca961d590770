package io.github.llmbench.examples.cli;

/** Bad command-line usage: reported as one line and exit code 2. */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }
}
