package io.github.llmbench.api;

/**
 * What a step's requests ask for, so that steps of different workloads are never compared and a server that served
 * another workload (an output capped below {@code max_tokens}, a {@code max_tokens} ignored) is said.
 *
 * @param promptTokensEstimate the prompt's size in tokens, estimated from its text (about 4 characters a token, as
 *     the unified script sizes its prompts); the server's {@code usage} is what gets counted
 * @param maxTokens the output asked for ({@code max_tokens}); 0 for embeddings, which generate nothing
 * @param images images per request
 */
public record RequestShape(int promptTokensEstimate, int maxTokens, int images) {
  /** @throws IllegalArgumentException if a count is negative */
  public RequestShape {
    Checks.nonNegative("promptTokensEstimate", promptTokensEstimate);
    Checks.nonNegative("maxTokens", maxTokens);
    Checks.nonNegative("images", images);
  }

  /** The estimate of a prompt's tokens from its text: one token per 4 characters, rounded up. */
  public static int estimateTokens(String prompt) {
    return (prompt.length() + 3) / 4;
  }
}
