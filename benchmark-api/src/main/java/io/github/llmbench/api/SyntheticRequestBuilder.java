package io.github.llmbench.api;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Generated prompts whose lengths follow distributions, optionally sized with a real {@link Tokenizer} and
 * sharing a prefix per group (prefix-cache tests, like vLLM's {@code --random-prefix-len} and GuideLLM's
 * {@code prefix_tokens}). Immutable and thread-safe; the text is built when the builder is, so a request only
 * copies characters.
 *
 * <p>Request {@code i} of a step: a prompt of {@code prefixTokens + inputTokens.sample(..., i)} tokens, made of
 * <ol>
 *   <li>the prefix of group {@code i mod prefixGroups} ({@code prefixTokens} tokens, the same for every request of
 *       the group, different between groups, the same in every step);
 *   <li>then up to 4 words spelling {@code i} (so suffixes differ within a step, up to {@code W^4} requests
 *       for the {@code W} words kept, at least 65,536; fewer when a suffix is shorter than 4 tokens);
 *   <li>then the rest from an offset drawn from the seed, the step's name and {@code i}.
 * </ol>
 * Its {@code max_tokens} is drawn from the output distribution. Every draw depends on the seed and the request
 * index only (and the step's name for the offset), never on threads, timing or shards.
 *
 * <p>The text is common three-letter words, each with its space (4 characters). Without a tokenizer a token is 4
 * characters, as the unified script estimates and the simulator counts. With one, only words that are one token
 * each are used, and the corpus is encoded once to check it: a prompt of {@code N} tokens then re-encodes to exactly
 * {@code N} with OpenAI's encodings and byte-level BPE tokenizers (a chat template adds its own tokens on the server).
 *
 * <pre>{@code
 * RequestBuilders.synthetic().tokenizer(Tokenizers.openAi("cl100k_base"))
 *     .inputTokens(LengthDistribution.uniform(500, 1500)).outputTokens(LengthDistribution.fixed(200))
 *     .prefix(1024, 4).seed(7)
 * }</pre>
 */
public final class SyntheticRequestBuilder implements RequestBuilder {
  private static final int UNIQUE_WORDS = 4;

  private final LengthDistribution inputTokens;
  private final LengthDistribution outputTokens;
  private final int prefixTokens;
  private final int prefixGroups;
  private final long seed;
  private final Endpoint endpoint;
  private final MaxTokensField maxTokensField;
  private final Map<String, Object> extraBody;
  private final @Nullable String model;
  private final @Nullable Tokenizer tokenizer;
  private final WordCorpus corpus;
  private final String[] prefixes;
  /** Where suffixes start: after the prefixes, with room for the longest. */
  private final int suffixBase;
  private final int suffixSpread;

  SyntheticRequestBuilder(LengthDistribution inputTokens, LengthDistribution outputTokens, int prefixTokens,
      int prefixGroups, long seed, Endpoint endpoint, MaxTokensField maxTokensField, Map<String, Object> extraBody,
      @Nullable String model, @Nullable Tokenizer tokenizer, @Nullable WordCorpus previous) {
    this.inputTokens = Objects.requireNonNull(inputTokens, "inputTokens");
    this.outputTokens = Objects.requireNonNull(outputTokens, "outputTokens");
    this.prefixTokens = Checks.nonNegative("prefixTokens", prefixTokens);
    this.prefixGroups = Checks.positive("prefixGroups", prefixGroups);
    this.seed = seed;
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.maxTokensField = Objects.requireNonNull(maxTokensField, "maxTokensField");
    GeneratedBodies.checkField(endpoint, maxTokensField);
    this.extraBody = JsonBodies.copyOrdered(extraBody);
    this.model = model == null ? null : Checks.notBlank("model", model);
    this.tokenizer = tokenizer;
    long prefixArea = (long) prefixTokens * prefixGroups;
    long length = prefixArea + inputTokens.max() + WordCorpus.SPREAD;
    if (length > 64_000_000) {
      throw new IllegalArgumentException("prefixTokens x prefixGroups + the longest input ("
          + (length - WordCorpus.SPREAD)
          + " tokens) is too long for a synthetic corpus (at most 64,000,000)");
    }
    // The corpus (and the tokenizer's check of it) is kept across fluent calls while it is long enough.
    this.corpus = previous != null && previous.tokenizer() == tokenizer && previous.length() >= length ? previous
        : new WordCorpus(tokenizer, (int) length);
    this.prefixes = new String[prefixTokens == 0 ? 0 : prefixGroups];
    for (int g = 0; g < prefixes.length; g++) prefixes[g] = corpus.slice(g * prefixTokens, prefixTokens);
    this.suffixBase = (int) prefixArea;
    this.suffixSpread = WordCorpus.SPREAD;
  }

  private SyntheticRequestBuilder with(LengthDistribution in, LengthDistribution out, int prefixTokens, int groups,
      long seed, Endpoint endpoint, MaxTokensField field, Map<String, Object> extraBody, @Nullable String model,
      @Nullable Tokenizer tokenizer) {
    return new SyntheticRequestBuilder(in, out, prefixTokens, groups, seed, endpoint, field, extraBody, model,
        tokenizer, corpus);
  }

  /** Prompt lengths after the prefix (default 500 tokens). */
  public SyntheticRequestBuilder inputTokens(LengthDistribution inputTokens) {
    return with(inputTokens, outputTokens, prefixTokens, prefixGroups, seed, endpoint, maxTokensField, extraBody,
        model, tokenizer);
  }

  /** {@code max_tokens} of each request (default 100). */
  public SyntheticRequestBuilder outputTokens(LengthDistribution outputTokens) {
    return with(inputTokens, outputTokens, prefixTokens, prefixGroups, seed, endpoint, maxTokensField, extraBody,
        model, tokenizer);
  }

  /**
   * A prefix of {@code tokens} shared by the requests of each of {@code groups} groups (request {@code i} is in
   * group {@code i mod groups}); 0 tokens for none (the default).
   *
   * @throws IllegalArgumentException if {@code tokens} is negative or {@code groups} not positive
   */
  public SyntheticRequestBuilder prefix(int tokens, int groups) {
    return with(inputTokens, outputTokens, tokens, groups, seed, endpoint, maxTokensField, extraBody, model,
        tokenizer);
  }

  /** Seed of the lengths and offsets (default 0). */
  public SyntheticRequestBuilder seed(long seed) {
    return with(inputTokens, outputTokens, prefixTokens, prefixGroups, seed, endpoint, maxTokensField, extraBody,
        model, tokenizer);
  }

  /** Chat (default, one user message) or completions. */
  public SyntheticRequestBuilder endpoint(Endpoint endpoint) {
    return with(inputTokens, outputTokens, prefixTokens, prefixGroups, seed, endpoint, maxTokensField, extraBody,
        model, tokenizer);
  }

  /** Which field carries the output limit in chat requests (default {@code max_tokens}). */
  public SyntheticRequestBuilder maxTokensField(MaxTokensField field) {
    return with(inputTokens, outputTokens, prefixTokens, prefixGroups, seed, endpoint, field, extraBody, model,
        tokenizer);
  }

  /**
   * Sizes prompts in this tokenizer's tokens (it is used here, never per request).
   *
   * @throws IllegalArgumentException if it keeps fewer than 16 of the corpus's words as one token each, or merges
   *     tokens across spaces
   */
  public SyntheticRequestBuilder tokenizer(Tokenizer tokenizer) {
    return with(inputTokens, outputTokens, prefixTokens, prefixGroups, seed, endpoint, maxTokensField, extraBody,
        model, Objects.requireNonNull(tokenizer, "tokenizer"));
  }

  public SyntheticRequestBuilder extraBody(Map<String, ?> extraBody) {
    return with(inputTokens, outputTokens, prefixTokens, prefixGroups, seed, endpoint, maxTokensField,
        JsonBodies.copyOrdered(extraBody), model, tokenizer);
  }

  public SyntheticRequestBuilder model(String model) {
    return with(inputTokens, outputTokens, prefixTokens, prefixGroups, seed, endpoint, maxTokensField, extraBody,
        model, tokenizer);
  }

  public LengthDistribution inputTokens() {
    return inputTokens;
  }

  public LengthDistribution outputTokens() {
    return outputTokens;
  }

  /** The prompt of request {@code requestIndex} of the step named {@code step}. */
  public String prompt(String step, int requestIndex) {
    int suffix = inputTokens.sample(seed ^ SeededDraws.INPUT, requestIndex);
    StringBuilder sb = new StringBuilder(4 * (prefixTokens + suffix));
    if (prefixes.length > 0) sb.append(prefixes[Math.floorMod(requestIndex, prefixGroups)]);
    int unique = Math.min(UNIQUE_WORDS, suffix);
    corpus.appendDigits(sb, Integer.toUnsignedLong(requestIndex), unique);
    long key = SeededDraws.mix(seed ^ SeededDraws.OFFSET ^ ((long) step.hashCode() << 32), requestIndex);
    corpus.append(sb, suffixBase + (int) Long.remainderUnsigned(key, suffixSpread), suffix - unique);
    return sb.toString();
  }

  /** The {@code max_tokens} of request {@code requestIndex}. */
  public int maxTokens(int requestIndex) {
    return outputTokens.sample(seed ^ SeededDraws.OUTPUT, requestIndex);
  }

  @Override
  public PreparedRequest build(RequestBuilder.Context context) {
    return GeneratedBodies.request(endpoint, model != null ? model : context.model(),
        prompt(context.step(), context.requestIndex()), maxTokensField, maxTokens(context.requestIndex()), context,
        extraBody);
  }

  /** The mean request: prefix plus the input distribution's mean, and the output distribution's mean. */
  @Override
  public java.util.Optional<RequestShape> shape() {
    return java.util.Optional.of(new RequestShape((int) Math.round(prefixTokens + inputTokens.mean()),
        endpoint == Endpoint.EMBEDDINGS ? 0 : Math.max(1, (int) Math.round(outputTokens.mean())), 0));
  }

  /** {@code embeddings} for {@code /v1/embeddings}, else text. */
  @Override
  public TestType testType() {
    return GeneratedBodies.testType(endpoint);
  }

  @Override
  public String toString() {
    return "SyntheticRequestBuilder[inputTokens=" + inputTokens.spec() + ", outputTokens=" + outputTokens.spec()
        + ", prefixTokens=" + prefixTokens + ", prefixGroups=" + prefixGroups + ", seed=" + seed + ", endpoint="
        + endpoint + ", tokenizer=" + (tokenizer == null ? "4 chars a token" : tokenizer.name()) + "]";
  }
}
