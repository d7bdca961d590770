package io.github.llmbench.simulator.internal;

/**
 * A validated {@code /v1/chat/completions} or {@code /v1/completions} request, reduced to what the simulator uses.
 *
 * @param chat true for chat completions, false for (text) completions
 * @param stream whether to answer with server-sent events
 * @param includeUsage whether a stream ends with a usage chunk ({@code stream_options.include_usage}, which
 *     defaults to true inside {@code stream_options} as in vLLM 0.11)
 * @param continuousUsage whether every chunk carries cumulative usage ({@code continuous_usage_stats})
 * @param maxTokens tokens to generate
 * @param promptTokens prompt tokens by {@link PromptTokenCounter}'s rule
 * @param reasoningTokens how many of the {@code maxTokens} are reasoning, sent before the answer (a chat request to
 *     a reasoning model that did not turn thinking off); 0 for none
 * @param toolName the function the answer calls (a chat request with {@code tools} whose {@code tool_choice} is not
 *     {@code "none"}); {@code null} for a text answer
 * @param promptBlocks the prompt's full blocks, for the prefix cache ({@link PrefixCache#blockHashes})
 */
public record GenerationRequest(boolean chat, boolean stream, boolean includeUsage, boolean continuousUsage,
    int maxTokens, int promptTokens, int reasoningTokens, @org.jspecify.annotations.Nullable String toolName,
    long[] promptBlocks) {
  /** Tokens of the answer: content or the tool call's name and arguments. */
  public int answerTokens() {
    return maxTokens - reasoningTokens;
  }
}
