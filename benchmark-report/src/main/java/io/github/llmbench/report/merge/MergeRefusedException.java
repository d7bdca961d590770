package io.github.llmbench.report.merge;

/** The shards cannot be merged exactly; the one-line message says which file and why. */
public final class MergeRefusedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public MergeRefusedException(String message) {
    super(message);
  }
}
