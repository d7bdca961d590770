package io.github.llmbench.api;

import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Sends a {@link Dataset}'s entries: request {@code i} of a step sends entry {@code order[i mod N]} of a seeded
 * permutation of the {@code N} entries, so a step of {@code N} requests sends every entry once, and the order
 * depends only on the seed and the request index (not on threads, timing or shards). Every step starts again at
 * {@code order[0]}. Immutable and thread-safe; everything a request needs is built when the builder is.
 *
 * <p>The permutation is a Fisher–Yates shuffle of {@code 0..N-1} driven by {@code new SplittableRandom(seed)}:
 * for {@code k} from {@code N-1} down to 1, swap the elements at {@code k} and {@code random.nextInt(k + 1)}.
 * Without shuffling ({@code shuffle(false)}, vLLM's {@code --disable-shuffle}) the order is the file's.
 *
 * <p>An entry's own {@code max_tokens} wins; without one, the output distribution (default 100 tokens) is drawn
 * from the seed and the request index. Chat entries go to {@code /v1/chat/completions}; prompt entries to chat as
 * one user message (the default) or, with {@code endpoint(Endpoint.COMPLETIONS)}, to {@code /v1/completions}, or
 * with {@code endpoint(Endpoint.EMBEDDINGS)} as the {@code input} of {@code /v1/embeddings}.
 *
 * <pre>{@code
 * Dataset prompts = DatasetFiles.readJsonl(Path.of("prompts.jsonl"));
 * Step.of("c8", Load.concurrency(8), prompts.size(), RequestBuilders.dataset(prompts).seed(42).outputTokens(LengthDistribution.fixed(256)))
 * }</pre>
 */
public final class DatasetRequestBuilder implements RequestBuilder {
  private final Dataset dataset;
  private final long seed;
  private final boolean shuffle;
  private final Endpoint endpoint;
  private final LengthDistribution outputTokens;
  private final MaxTokensField maxTokensField;
  private final Map<String, Object> extraBody;
  private final @Nullable String model;
  private final @Nullable Tokenizer tokenizer;
  /** Request i sends entry order[i mod N]. */
  private final int[] order;
  /** Per entry: the prompt (completions) or the messages array (chat), built once; null for a Blocks entry. */
  private final @Nullable Object[] inputs;
  /** The words a Blocks entry's prompt is made of (one token each with the tokenizer); none without such entries. */
  private final String[] words;
  /** Per entry: its own max_tokens, or 0 for none. */
  private final int[] ownMaxTokens;
  private final RequestShape shape;
  private final TestType testType;

  DatasetRequestBuilder(Dataset dataset, long seed, boolean shuffle, Endpoint endpoint, LengthDistribution outputTokens,
      MaxTokensField maxTokensField, Map<String, Object> extraBody, @Nullable String model,
      @Nullable Tokenizer tokenizer) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.seed = seed;
    this.shuffle = shuffle;
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.outputTokens = Objects.requireNonNull(outputTokens, "outputTokens");
    this.maxTokensField = Objects.requireNonNull(maxTokensField, "maxTokensField");
    GeneratedBodies.checkField(endpoint, maxTokensField);
    if (endpoint != Endpoint.CHAT_COMPLETIONS && !dataset.allPrompts()) {
      throw new IllegalArgumentException("endpoint (" + endpoint + ") needs prompts, but dataset " + dataset.name()
          + " holds chat messages (entry " + (firstChat(dataset) + 1) + ")");
    }
    this.extraBody = JsonBodies.copyOrdered(extraBody);
    this.model = model == null ? null : Checks.notBlank("model", model);
    this.tokenizer = tokenizer;
    // Only a Blocks entry generates text (and with a tokenizer, finding its single-token words encodes each word).
    this.words = dataset.entries().stream().anyMatch(e -> e instanceof Dataset.Entry.Blocks)
        ? WordCorpus.words(tokenizer) : new String[0];
    int n = dataset.size();
    this.order = shuffle ? permutation(n, seed) : identity(n);
    this.inputs = new Object[n];
    this.ownMaxTokens = new int[n];
    double promptTokens = 0;
    double maxTokens = 0;
    double images = 0;
    for (int e = 0; e < n; e++) {
      Dataset.Entry entry = dataset.entries().get(e);
      if (entry instanceof Dataset.Entry.Chat chat) {
        inputs[e] = chat.messages();
      } else if (entry instanceof Dataset.Entry.Prompt p) {
        inputs[e] = endpoint != Endpoint.CHAT_COMPLETIONS ? p.prompt() : GeneratedBodies.userMessage(p.prompt());
      } // a Blocks entry's prompt is generated when its request is built: a trace's prompts can be gigabytes
      ownMaxTokens[e] = entry.maxTokens().orElse(0);
      promptTokens += entry instanceof Dataset.Entry.Blocks b ? b.promptTokens()
          : tokenizer != null ? tokenizer.countTokens(entry.text()) : RequestShape.estimateTokens(entry.text());
      maxTokens += endpoint == Endpoint.EMBEDDINGS ? 0
          : entry.maxTokens().isPresent() ? entry.maxTokens().getAsInt() : outputTokens.mean();
      images += entry.images();
    }
    // Entries differ; the shape is the mean request (rounded), which is what a comparison of steps needs.
    this.shape = new RequestShape((int) Math.round(promptTokens / n),
        endpoint == Endpoint.EMBEDDINGS ? 0 : Math.max(1, (int) Math.round(maxTokens / n)),
        (int) Math.round(images / n));
    this.testType = images > 0 ? TestType.VISION : GeneratedBodies.testType(endpoint);
  }

  private static int firstChat(Dataset dataset) {
    for (int i = 0; i < dataset.size(); i++) if (dataset.entries().get(i) instanceof Dataset.Entry.Chat) return i;
    return -1;
  }

  /** The documented Fisher–Yates shuffle of 0..n-1 with {@code new SplittableRandom(seed)}. */
  static int[] permutation(int n, long seed) {
    int[] a = identity(n);
    SplittableRandom random = new SplittableRandom(seed);
    for (int k = n - 1; k > 0; k--) {
      int j = random.nextInt(k + 1);
      int t = a[k];
      a[k] = a[j];
      a[j] = t;
    }
    return a;
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    return a;
  }

  private DatasetRequestBuilder with(long seed, boolean shuffle, Endpoint endpoint, LengthDistribution outputTokens,
      MaxTokensField field, Map<String, Object> extraBody, @Nullable String model, @Nullable Tokenizer tokenizer) {
    return new DatasetRequestBuilder(dataset, seed, shuffle, endpoint, outputTokens, field, extraBody, model,
        tokenizer);
  }

  /** The shuffle's seed (default 0); also seeds the output lengths of entries without their own. */
  public DatasetRequestBuilder seed(long seed) {
    return with(seed, shuffle, endpoint, outputTokens, maxTokensField, extraBody, model, tokenizer);
  }

  /** Whether to send the entries in a seeded order (default) or in the dataset's own order. */
  public DatasetRequestBuilder shuffle(boolean shuffle) {
    return with(seed, shuffle, endpoint, outputTokens, maxTokensField, extraBody, model, tokenizer);
  }

  /**
   * Where prompts go (default chat). @throws IllegalArgumentException for {@code COMPLETIONS} or {@code EMBEDDINGS}
   * if an entry holds
   * chat messages, or with {@code max_completion_tokens}
   */
  public DatasetRequestBuilder endpoint(Endpoint endpoint) {
    return with(seed, shuffle, endpoint, outputTokens, maxTokensField, extraBody, model, tokenizer);
  }

  /** The output limit of entries without their own (default 100 tokens). */
  public DatasetRequestBuilder outputTokens(LengthDistribution outputTokens) {
    return with(seed, shuffle, endpoint, outputTokens, maxTokensField, extraBody, model, tokenizer);
  }

  /** Which field carries the output limit in chat requests (default {@code max_tokens}). */
  public DatasetRequestBuilder maxTokensField(MaxTokensField field) {
    return with(seed, shuffle, endpoint, outputTokens, field, extraBody, model, tokenizer);
  }

  /** Server-specific fields added after the typed ones (an entry's own fields are not merged). */
  public DatasetRequestBuilder extraBody(Map<String, ?> extraBody) {
    return with(seed, shuffle, endpoint, outputTokens, maxTokensField, JsonBodies.copyOrdered(extraBody), model,
        tokenizer);
  }

  /** Overrides the target's model name. */
  public DatasetRequestBuilder model(String model) {
    return with(seed, shuffle, endpoint, outputTokens, maxTokensField, extraBody, model, tokenizer);
  }

  /**
   * Counts the entries' prompts with this tokenizer for the step's request shape (once, here), instead of
   * estimating 4 characters a token. The prompts sent are not changed, but for {@link Dataset.Entry.Blocks}
   * entries, which are then made of words this tokenizer encodes as one token each, so that they have exactly their
   * {@code promptTokens}.
   */
  public DatasetRequestBuilder tokenizer(Tokenizer tokenizer) {
    return with(seed, shuffle, endpoint, outputTokens, maxTokensField, extraBody, model,
        Objects.requireNonNull(tokenizer, "tokenizer"));
  }

  public Dataset dataset() {
    return dataset;
  }

  /** The entry index request {@code requestIndex} sends. */
  public int entryIndex(int requestIndex) {
    return order[Math.floorMod(requestIndex, order.length)];
  }

  @Override
  public PreparedRequest build(RequestBuilder.Context context) {
    int e = entryIndex(context.requestIndex());
    int maxTokens = ownMaxTokens[e] > 0 ? ownMaxTokens[e]
        : outputTokens.sample(seed ^ SeededDraws.OUTPUT, context.requestIndex());
    Object input = inputs[e];
    if (input == null) {
      Dataset.Entry.Blocks b = (Dataset.Entry.Blocks) dataset.entries().get(e);
      input = WordCorpus.blocks(words, b.hashIds(), b.blockSize(), b.promptTokens(), SeededDraws.mix(0xB10C, e));
    }
    return GeneratedBodies.request(endpoint, model != null ? model : context.model(), input, maxTokensField,
        maxTokens, context, extraBody);
  }

  /** The mean request: prompt tokens (estimated, or counted with the tokenizer), max tokens and images. */
  @Override
  public java.util.Optional<RequestShape> shape() {
    return java.util.Optional.of(shape);
  }

  /** {@code vision} when any entry carries an image. */
  @Override
  public TestType testType() {
    return testType;
  }

  @Override
  public String toString() {
    return "DatasetRequestBuilder[dataset=" + dataset.name() + ", entries=" + dataset.size() + ", seed=" + seed
        + ", shuffle=" + shuffle + ", endpoint=" + endpoint + ", outputTokens=" + outputTokens.spec()
        + ", maxTokensField=" + maxTokensField.jsonName() + "]";
  }
}
