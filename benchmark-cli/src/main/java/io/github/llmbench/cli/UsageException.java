package io.github.llmbench.cli;

/** Bad command-line usage: reported as one line naming the flag and its value, and exit code 2. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  /** {@code --flag (value) problem}: the one-line shape of every usage message. */
  static UsageException of(String flag, Object value, String problem) {
    return new UsageException(flag + " (" + value + ") " + problem);
  }
}
