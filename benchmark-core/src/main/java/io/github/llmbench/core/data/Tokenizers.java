package io.github.llmbench.core.data;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.github.llmbench.api.Tokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * OpenAI's encodings through JTokkit, whose jar carries their vocabularies: nothing is downloaded. For a model
 * served by vLLM with its own vocabulary, use its {@code tokenizer.json} ({@code benchmark-tokenizers-hf}); an
 * OpenAI encoding is then only an approximation of its counts.
 */
public final class Tokenizers {
  private Tokenizers() {}

  /** The encodings {@link #openAi} knows: {@code cl100k_base}, {@code o200k_base}, {@code p50k_base}, ... */
  public static List<String> openAiEncodings() {
    return Arrays.stream(EncodingType.values()).map(EncodingType::getName).toList();
  }

  /**
   * One of OpenAI's encodings: {@code cl100k_base} (GPT-3.5/4), {@code o200k_base} (GPT-4o and later),
   * {@code p50k_base}, {@code p50k_edit}, {@code r50k_base}. Thread-safe. Special tokens in the text count as text.
   *
   * @throws IllegalArgumentException naming the encodings known if {@code name} is none of them
   */
  public static Tokenizer openAi(String name) {
    EncodingType type = EncodingType.fromName(name).orElseThrow(() -> new IllegalArgumentException(
        "tokenizer (\"" + name + "\") should be one of " + openAiEncodings()));
    return new JTokkitTokenizer(type.getName(), Encodings.newLazyEncodingRegistry().getEncoding(type));
  }

  private record JTokkitTokenizer(String name, Encoding encoding) implements Tokenizer {
    @Override
    public int[] encode(String text) {
      return encoding.encodeOrdinary(text).toArray();
    }

    @Override
    public int countTokens(String text) {
      return encoding.countTokensOrdinary(text);
    }

    @Override
    public String toString() {
      return "Tokenizer[" + name + " (JTokkit)]";
    }
  }
}
