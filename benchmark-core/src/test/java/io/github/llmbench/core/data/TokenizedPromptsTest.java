package io.github.llmbench.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.LengthDistribution;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.SyntheticRequestBuilder;
import io.github.llmbench.api.Tokenizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Prompts sized in real tokens: re-encoded with the same JTokkit encoding, they are exactly the size asked. */
class TokenizedPromptsTest {
  @ParameterizedTest
  @ValueSource(strings = {"cl100k_base", "o200k_base", "r50k_base"})
  void aPromptOfNTokensReEncodesToExactlyN(String encoding) {
    Tokenizer tokenizer = Tokenizers.openAi(encoding);
    for (int n : new int[] {1, 2, 3, 4, 5, 17, 100, 1000, 4096}) {
      SyntheticRequestBuilder b = RequestBuilders.synthetic().tokenizer(tokenizer).inputTokens(LengthDistribution.fixed(n));
      for (int i : new int[] {0, 1, 63, 64, 65, 4097, 1_000_003}) {
        assertThat(tokenizer.countTokens(b.prompt("s", i))).as("%s, %d tokens, request %d", encoding, n, i)
            .isEqualTo(n);
      }
    }
  }

  @Test
  void lengthsFromADistributionAreExactToo() {
    Tokenizer tokenizer = Tokenizers.openAi("cl100k_base");
    SyntheticRequestBuilder b = RequestBuilders.synthetic().tokenizer(tokenizer)
        .inputTokens(LengthDistribution.uniform(10, 300)).seed(3);
    Set<Integer> lengths = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int tokens = tokenizer.countTokens(b.prompt("s", i));
      assertThat(tokens).isBetween(10, 300);
      lengths.add(tokens);
    }
    assertThat(lengths).hasSizeGreaterThan(100); // really drawn, not one length
  }

  @Test
  void sharedPrefixesShareTheirFirstNTokensWithinAGroupAndDifferAfter() {
    Tokenizer tokenizer = Tokenizers.openAi("o200k_base");
    int prefix = 256;
    int groups = 3;
    SyntheticRequestBuilder b = RequestBuilders.synthetic().tokenizer(tokenizer)
        .inputTokens(LengthDistribution.uniform(8, 64)).prefix(prefix, groups).seed(11);
    int n = 30;
    int[][] tokens = new int[n][];
    for (int i = 0; i < n; i++) {
      tokens[i] = tokenizer.encode(b.prompt("s", i));
      assertThat(tokens[i].length).isBetween(prefix + 8, prefix + 64);
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        int[] a = tokens[i];
        int[] c = tokens[j];
        boolean samePrefix = Arrays.equals(a, 0, prefix, c, 0, prefix);
        assertThat(samePrefix).as("requests %d and %d share a prefix", i, j).isEqualTo(i % groups == j % groups);
        // The suffixes differ from their first token on (it spells the request index).
        assertThat(a[prefix]).as("first suffix tokens of %d and %d", i, j).isNotEqualTo(c[prefix]);
      }
    }
  }

  @Test
  void theSameRequestInAnotherStepHasAnotherSuffixButTheSamePrefix() {
    SyntheticRequestBuilder b = RequestBuilders.synthetic().inputTokens(LengthDistribution.fixed(40)).prefix(16, 2);
    String a = b.prompt("c1", 5);
    String c = b.prompt("c8", 5);
    assertThat(a.substring(0, 4 * 16)).isEqualTo(c.substring(0, 4 * 16));
    assertThat(a).isNotEqualTo(c);
    assertThat(b.prompt("c1", 5)).isEqualTo(a); // deterministic
  }

  @Test
  void withoutATokenizerATokenIsFourCharacters() {
    SyntheticRequestBuilder b = RequestBuilders.synthetic().inputTokens(LengthDistribution.fixed(123)).prefix(7, 1);
    assertThat(b.prompt("s", 0)).hasSize(4 * 130);
    assertThat(b.shape().orElseThrow().promptTokensEstimate()).isEqualTo(130);
  }

  @Test
  void aTokenizerThatKeepsTooFewWordsIsRefused() {
    Tokenizer perCharacter = new Tokenizer() {
      @Override
      public String name() {
        return "chars";
      }

      @Override
      public int[] encode(String text) {
        return text.chars().toArray();
      }
    };
    assertThatThrownBy(() -> RequestBuilders.synthetic().tokenizer(perCharacter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tokenizer chars encodes only 0 of");
    assertThatThrownBy(() -> Tokenizers.openAi("gpt2")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tokenizer (\"gpt2\") should be one of [");
  }
}
