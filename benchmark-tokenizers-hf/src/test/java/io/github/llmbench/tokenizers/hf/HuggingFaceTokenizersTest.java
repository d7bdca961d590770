package io.github.llmbench.tokenizers.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.LengthDistribution;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.SyntheticRequestBuilder;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code tokenizer.json} (a byte-level BPE like GPT-2's and Llama 3's, small enough to read: 100 of
 * llmbench's corpus words have merges, 28 do not) read by Hugging Face's Rust library through DJL, offline, with
 * the native library taken from DJL's jar into {@code target/djl-cache}.
 */
class HuggingFaceTokenizersTest {
  @TempDir Path dir;

  private static Path bpe() throws URISyntaxException {
    return Path.of(HuggingFaceTokenizersTest.class.getResource("/bytelevel-bpe-tokenizer.json").toURI());
  }

  @Test
  void encodesWithTheFilesMergesAndDecodesBack() throws Exception {
    try (HuggingFaceTokenizers.FileTokenizer t = HuggingFaceTokenizers.fromFile(bpe())) {
      assertThat(t.name()).isEqualTo("bytelevel-bpe-tokenizer.json");
      assertThat(t.encode(" the")).hasSize(1);
      assertThat(t.encode(" mud")).hasSize(3); // no merge for "Ġmu": "Ġm" (from "man"), "u", "d"
      assertThat(t.encode(" the cat")).hasSize(2);
      assertThat(t.decode(t.encode(" the cat"))).isEqualTo(" the cat");
    }
    assertThat(System.getProperty("DJL_CACHE_DIR")).isNotNull();
    try (var files = Files.walk(Path.of(System.getProperty("DJL_CACHE_DIR")))) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("libtokenizers.so");
    }
  }

  @Test
  void promptsSizedWithItReEncodeToExactlyTheirLength() throws Exception {
    try (HuggingFaceTokenizers.FileTokenizer t = HuggingFaceTokenizers.fromFile(bpe())) {
      SyntheticRequestBuilder b = RequestBuilders.synthetic().tokenizer(t)
          .inputTokens(LengthDistribution.normal(300, 100, 1, 600)).prefix(64, 2).seed(5);
      for (int i = 0; i < 50; i++) {
        String prompt = b.prompt("s", i);
        int[] tokens = t.encode(prompt);
        assertThat(tokens.length).as("request %d", i).isBetween(64 + 1, 64 + 600);
        assertThat(4 * tokens.length).as("one 4-character word a token").isEqualTo(prompt.length());
        assertThat(t.decode(tokens)).isEqualTo(prompt);
        int[] other = t.encode(b.prompt("s", i + 2)); // same group
        assertThat(Arrays.equals(tokens, 0, 64, other, 0, 64)).isTrue();
        assertThat(Arrays.equals(tokens, 64, tokens.length, other, 64, other.length)).isFalse();
      }
    }
  }

  @Test
  void aMissingOrMalformedFileIsAnIoError() throws Exception {
    assertThatThrownBy(() -> HuggingFaceTokenizers.fromFile(dir.resolve("tokenizer.json")))
        .isInstanceOf(NoSuchFileException.class);
    Path bad = dir.resolve("tokenizer.json");
    Files.writeString(bad, "{\"model\": 42}");
    assertThatThrownBy(() -> HuggingFaceTokenizers.fromFile(bad)).isInstanceOf(IOException.class)
        .hasMessageStartingWith(bad + " is not a Hugging Face tokenizer.json: ");
  }
}
