package io.github.llmbench.api;

/** Prompt texts. */
public final class Prompts {
  /** The phrase the unified script repeats to make a prompt. */
  public static final String UNIFIED_PHRASE = "Explain in detail: ";

  private Prompts() {}

  /**
   * The unified script's prompt for about {@code inputTokens} tokens: {@code "Explain in detail: "} repeated
   * {@code inputTokens / 4} times (so it ends with a space).
   */
  public static String unified(int inputTokens) {
    Checks.nonNegative("inputTokens", inputTokens);
    return UNIFIED_PHRASE.repeat(inputTokens / 4);
  }
}
