package io.github.llmbench.api;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The text synthetic prompts are cut from: a fixed pseudo-random sequence of common three-letter English words,
 * each written with its leading space, so every word is 4 characters. With a tokenizer, only the words that are one
 * token each (with their space) are kept and the corpus is encoded once to check that its token count is its word
 * count; then the first {@code N} tokens of the corpus are its first {@code N} words, and a prompt of {@code N}
 * tokens is exactly {@code N} tokens for tokenizers that split words at spaces before merging (OpenAI's encodings,
 * byte-level BPE). Without a tokenizer a token is 4 characters, the unified script's (and the simulator's) rule.
 */
final class WordCorpus {
  /** Candidate words: common, lowercase, three letters (so " word" is 4 characters). */
  static final List<String> WORDS = List.of(
      "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
      "day", "get", "has", "him", "his", "how", "man", "new", "now", "old", "see", "two", "way", "who", "boy", "did",
      "its", "let", "put", "say", "she", "too", "use", "ask", "big", "buy", "car", "cat", "cup", "cut", "dog", "dry",
      "eat", "end", "eye", "far", "few", "fit", "fly", "fun", "got", "gun", "hat", "hot", "job", "key", "kid", "law",
      "lay", "leg", "lie", "lot", "low", "map", "may", "mix", "net", "nor", "oil", "own", "pay", "per", "pop", "raw",
      "red", "run", "sea", "set", "sit", "six", "sky", "son", "sun", "tax", "tea", "ten", "tie", "top", "try", "war",
      "wet", "win", "yes", "yet", "act", "add", "age", "ago", "air", "arm", "art", "bad", "bag", "bed", "bit", "box",
      "bus", "fan", "fat", "fee", "fix", "gas", "god", "guy", "ice", "ill", "joy", "lab", "lip", "mad", "mom", "mud");
  /** Unique word offsets for suffixes: enough room that requests rarely start at the same place. */
  static final int SPREAD = 1 << 16;
  /** Fewest single-token words a tokenizer must keep for varied text and unique suffixes. */
  static final int MIN_WORDS = 16;

  private final @Nullable Tokenizer tokenizer;
  private final String[] words;
  /** {@code 4 x length} characters: word j at chars [4j, 4j + 4). */
  private final String text;
  private final int length;

  /** @param length the corpus's length in words (tokens) */
  WordCorpus(@Nullable Tokenizer tokenizer, int length) {
    this.tokenizer = tokenizer;
    this.words = words(tokenizer);
    this.length = length;
    StringBuilder sb = new StringBuilder(4 * length);
    for (int j = 0; j < length; j++) {
      // A fixed sequence, independent of any seed: the seed picks offsets into it.
      sb.append(' ').append(words[(int) Long.remainderUnsigned(SeededDraws.mix(0x5EED, j), words.length)]);
    }
    this.text = sb.toString();
    if (tokenizer != null) {
      int checked = Math.min(length, 8192);
      int tokens = tokenizer.countTokens(text.substring(0, 4 * checked));
      if (tokens != checked) {
        throw new IllegalArgumentException("tokenizer " + tokenizer.name() + " counts " + tokens + " tokens in "
            + checked + " words that it encodes as one token each: it merges across spaces, so prompts cannot be "
            + "sized exactly with it");
      }
    }
  }

  /** The words prompts are made of: all of {@link #WORDS}, or those the tokenizer encodes as one token each. */
  static String[] words(@Nullable Tokenizer tokenizer) {
    if (tokenizer == null) return WORDS.toArray(String[]::new);
    List<String> kept = new ArrayList<>();
    for (String w : WORDS) if (tokenizer.countTokens(" " + w) == 1) kept.add(w);
    if (kept.size() < MIN_WORDS) {
      throw new IllegalArgumentException("tokenizer " + tokenizer.name() + " encodes only " + kept.size() + " of "
          + WORDS.size() + " common words as one token each (at least " + MIN_WORDS + " are needed to size prompts)");
    }
    return kept.toArray(String[]::new);
  }

  /**
   * A prompt of {@code tokens} words made of hashed blocks: block {@code i} is {@code blockSize} words drawn from
   * {@code hashIds[i]} alone, so equal ids give equal blocks; the last block is cut to what is left, and words past
   * the blocks are drawn from {@code ownSeed}.
   */
  static String blocks(String[] words, java.util.List<Long> hashIds, int blockSize, int tokens, long ownSeed) {
    StringBuilder out = new StringBuilder(4 * tokens);
    int left = tokens;
    for (int b = 0; b < hashIds.size() && left > 0; b++) {
      long id = hashIds.get(b);
      int count = Math.min(blockSize, left);
      for (int j = 0; j < count; j++) {
        out.append(' ').append(words[(int) Long.remainderUnsigned(SeededDraws.mix(id, j), words.length)]);
      }
      left -= count;
    }
    for (int j = 0; j < left; j++) {
      out.append(' ').append(words[(int) Long.remainderUnsigned(SeededDraws.mix(ownSeed, j), words.length)]);
    }
    return out.toString();
  }

  @Nullable Tokenizer tokenizer() {
    return tokenizer;
  }

  int length() {
    return length;
  }

  int wordCount() {
    return words.length;
  }

  /** Appends the corpus's tokens {@code [from, from + count)}. */
  void append(StringBuilder out, int from, int count) {
    out.append(text, 4 * from, 4 * (from + count));
  }

  /** The corpus's tokens {@code [from, from + count)}. */
  String slice(int from, int count) {
    return text.substring(4 * from, 4 * (from + count));
  }

  /** Appends {@code digits} words spelling {@code value} in base {@link #wordCount()}, lowest digit first. */
  void appendDigits(StringBuilder out, long value, int digits) {
    long v = value;
    for (int d = 0; d < digits; d++) {
      out.append(' ').append(words[(int) (v % words.length)]);
      v /= words.length;
    }
  }
}
