package io.github.llmbench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Every public method of the dataset and synthetic builders, called from Java, and the bodies they build. */
class PromptBuildersApiTest {
  private static final RequestBuilder.Context CTX = new RequestBuilder.Context("m", "P", "s", 3, false);
  private static final RequestBuilder.Context STREAM = new RequestBuilder.Context("m", "P", "s", 3, true);

  private static Dataset dataset() {
    return new Dataset("mem", List.of(
        Dataset.Entry.chat(List.of(Map.of("role", "user", "content", "hello")), OptionalInt.of(9)),
        Dataset.Entry.prompt("a prompt", OptionalInt.empty())));
  }

  @Test
  void datasetBuilderMethodsTakeEffect() {
    DatasetRequestBuilder b = RequestBuilders.dataset(dataset()).seed(1).shuffle(false)
        .outputTokens(LengthDistribution.fixed(5)).maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS)
        .extraBody(Map.of("ignore_eos", true)).model("other");
    assertThat(b.dataset().size()).isEqualTo(2);
    assertThat(b.entryIndex(0)).isZero();
    assertThat(b.entryIndex(3)).isEqualTo(1);
    PreparedRequest r = b.build(CTX);
    assertThat(r.path()).isEqualTo("/v1/chat/completions");
    assertThat(r.body().keySet()).containsExactly("model", "messages", "max_completion_tokens", "ignore_eos");
    assertThat(r.body()).containsEntry("model", "other").containsEntry("max_completion_tokens", 5);
    assertThat(r.body().get("messages")).isEqualTo(List.of(Map.of("role", "user", "content", "a prompt")));
    assertThat(b.toString()).contains("entries=2", "shuffle=false");

    PreparedRequest s = RequestBuilders.dataset(new Dataset("p", List.of(Dataset.Entry.prompt("x", OptionalInt.of(4)))))
        .endpoint(Endpoint.COMPLETIONS).build(STREAM);
    assertThat(s.path()).isEqualTo("/v1/completions");
    assertThat(s.body().keySet()).containsExactly("model", "prompt", "max_tokens", "stream", "stream_options");
    assertThat(s.stream()).isTrue();
  }

  @Test
  void theShuffleIsAPermutationThatDependsOnTheSeed() {
    List<Dataset.Entry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) entries.add(Dataset.Entry.prompt("p" + i, OptionalInt.empty()));
    Dataset d = new Dataset("fifty", entries);
    DatasetRequestBuilder a = RequestBuilders.dataset(d).seed(1);
    DatasetRequestBuilder c = RequestBuilders.dataset(d).seed(2);
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    boolean differs = false;
    for (int i = 0; i < 50; i++) {
      seen.add(a.entryIndex(i));
      differs |= a.entryIndex(i) != c.entryIndex(i);
      assertThat(a.entryIndex(i + 50)).isEqualTo(a.entryIndex(i)); // wraps around
    }
    assertThat(seen).hasSize(50);
    assertThat(differs).isTrue();
  }

  @Test
  void syntheticBuilderMethodsTakeEffect() {
    SyntheticRequestBuilder b = RequestBuilders.synthetic().inputTokens(LengthDistribution.uniform(10, 20))
        .outputTokens(LengthDistribution.normal(50, 5, 40, 60)).prefix(8, 2).seed(4).endpoint(Endpoint.COMPLETIONS)
        .extraBody(Map.of("min_tokens", 1)).model("x");
    assertThat(b.inputTokens()).isEqualTo(LengthDistribution.uniform(10, 20));
    assertThat(b.outputTokens().mean()).isEqualTo(50);
    PreparedRequest r = b.build(CTX);
    assertThat(r.path()).isEqualTo("/v1/completions");
    assertThat(r.body().keySet()).containsExactly("model", "prompt", "max_tokens", "min_tokens");
    String prompt = (String) r.body().get("prompt");
    assertThat(prompt.length() % 4).isZero(); // 4 characters a token without a tokenizer
    assertThat(prompt.length() / 4).isBetween(8 + 10, 8 + 20);
    assertThat(prompt).isEqualTo(b.prompt("s", 3));
    assertThat((Integer) r.body().get("max_tokens")).isEqualTo(b.maxTokens(3)).isBetween(40, 60);
    assertThat(b.shape()).contains(new RequestShape(23, 50, 0));
    PreparedRequest chat = RequestBuilders.synthetic().maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS).build(CTX);
    assertThat(chat.body().keySet()).containsExactly("model", "messages", "max_completion_tokens");
    assertThat(RequestBuilders.chat("p", 5).maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS).build(CTX).body())
        .containsEntry("max_completion_tokens", 5).doesNotContainKey("max_tokens");
  }

  /** An embeddings request is its input alone: no output limit, never streamed, even in a streamed benchmark. */
  @Test
  void embeddingsSendThePromptAsTheInput() {
    SyntheticRequestBuilder embeddings = RequestBuilders.synthetic().inputTokens(LengthDistribution.fixed(8))
        .endpoint(Endpoint.EMBEDDINGS);
    PreparedRequest r = embeddings.build(new RequestBuilder.Context("m", "P", "s", 0, true));
    assertThat(r.path()).isEqualTo("/v1/embeddings");
    assertThat(r.stream()).isFalse();
    assertThat(r.body()).containsOnlyKeys("model", "input");
    assertThat((String) r.body().get("input")).hasSize(32);
    assertThat(embeddings.testType()).isEqualTo(TestType.EMBEDDINGS);
    assertThat(embeddings.shape()).contains(new RequestShape(8, 0, 0));
    Dataset chat = new Dataset("chat", List.of(Dataset.Entry.chat(List.of(java.util.Map.of("role", "user",
        "content", "hi")), OptionalInt.empty())));
    assertThatThrownBy(() -> RequestBuilders.dataset(chat).endpoint(Endpoint.EMBEDDINGS))
        .hasMessage("endpoint (EMBEDDINGS) needs prompts, but dataset chat holds chat messages (entry 1)");
  }

  @Test
  void maxCompletionTokensIsRefusedForCompletions() {
    assertThatThrownBy(() -> RequestBuilders.synthetic().endpoint(Endpoint.COMPLETIONS)
        .maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS))
        .hasMessage("maxTokensField (MAX_COMPLETION_TOKENS) applies to chat; /v1/completions knows no "
            + "max_completion_tokens");
    assertThatThrownBy(() -> RequestBuilders.synthetic().endpoint(Endpoint.EMBEDDINGS)
        .maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS))
        .hasMessage("maxTokensField (MAX_COMPLETION_TOKENS) applies to chat; /v1/embeddings knows no "
            + "max_completion_tokens");
    assertThatThrownBy(() -> new Dataset("empty", List.of())).hasMessage("dataset empty has no entries");
    assertThatThrownBy(() -> Dataset.Entry.prompt("x",
        OptionalInt.of(0))).hasMessage("max_tokens (0) should be positive");
    assertThatThrownBy(() -> RequestBuilders.synthetic().prefix(-1,
        1)).hasMessage("prefixTokens (-1) should not be negative");
  }
}
