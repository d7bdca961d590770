package io.github.llmbench.api;

/**
 * Turns text into a model's tokens, so that prompts can be sized in real tokens rather than estimated from their
 * characters. Builders call it only while they are constructed (never per request), so an implementation may be slow
 * but must be thread-safe if it is shared. llmbench's own: OpenAI's encodings in {@code benchmark-core}
 * ({@code io.github.llmbench.core.data.Tokenizers.openAi("cl100k_base")}) and a Hugging Face {@code tokenizer.json}
 * in the optional module {@code benchmark-tokenizers-hf}.
 *
 * <pre>{@code
 * Tokenizer cl100k = Tokenizers.openAi("cl100k_base");
 * RequestBuilders.synthetic().tokenizer(cl100k).inputTokens(LengthDistribution.fixed(1000))
 * }</pre>
 */
public interface Tokenizer {
  /** A short name for reports, e.g. {@code cl100k_base} or the file's name. */
  String name();

  /** The token ids of this text as a prompt, without special tokens (no BOS, no chat template). */
  int[] encode(String text);

  /** How many tokens {@link #encode} gives. */
  default int countTokens(String text) {
    return encode(text).length;
  }
}
