package io.github.llmbench.tokenizers.hf;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.llmbench.api.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a model's {@code tokenizer.json} (the file a Hugging Face model repository ships, e.g. for
 * {@code meta-llama/Llama-3.1-8B-Instruct}) with DJL's binding of Hugging Face's Rust {@code tokenizers}. Works
 * offline: the native library is inside DJL's jar (linux-x86_64 and -aarch64, macOS aarch64, Windows x86_64) and is
 * extracted to DJL's cache directory ({@code ~/.djl.ai}, or {@code DJL_CACHE_DIR}) the first time.
 */
public final class HuggingFaceTokenizers {
  private HuggingFaceTokenizers() {}

  /**
   * The tokenizer in this file, encoding without special tokens (no BOS) and without truncation.
   *
   * @throws NoSuchFileException if the file is missing
   * @throws IOException if it cannot be read or is not a tokenizer Hugging Face's library accepts
   */
  public static FileTokenizer fromFile(Path tokenizerJson) throws IOException {
    if (!Files.isRegularFile(tokenizerJson)) throw new NoSuchFileException(tokenizerJson.toString());
    HuggingFaceTokenizer tokenizer;
    try {
      tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optAddSpecialTokens(false)
          .optTruncation(false).optPadding(false).build();
    } catch (RuntimeException e) {
      // The Rust side reports a malformed file as a RuntimeException with its parser's message.
      throw new IOException(tokenizerJson + " is not a Hugging Face tokenizer.json: " + e.getMessage(), e);
    }
    return new FileTokenizer(tokenizerJson.getFileName().toString(), tokenizer);
  }

  /** A tokenizer read from a file; {@link #close()} frees its native memory. Thread-safe. */
  public static final class FileTokenizer implements Tokenizer, AutoCloseable {
    private final String name;
    private final HuggingFaceTokenizer tokenizer;

    private FileTokenizer(String name, HuggingFaceTokenizer tokenizer) {
      this.name = name;
      this.tokenizer = tokenizer;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int[] encode(String text) {
      long[] ids = tokenizer.encode(text).getIds();
      int[] out = new int[ids.length];
      for (int i = 0; i < ids.length; i++) out[i] = Math.toIntExact(ids[i]);
      return out;
    }

    /** The text of these token ids (special tokens skipped). */
    public String decode(int[] tokens) {
      long[] ids = new long[tokens.length];
      for (int i = 0; i < tokens.length; i++) ids[i] = tokens[i];
      return tokenizer.decode(ids, true);
    }

    @Override
    public void close() {
      tokenizer.close();
    }

    @Override
    public String toString() {
      return "Tokenizer[" + name + " (Hugging Face)]";
    }
  }
}
