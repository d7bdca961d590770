package io.github.llmbench.cli;

import io.github.llmbench.api.Dataset;
import io.github.llmbench.api.DatasetRequestBuilder;
import io.github.llmbench.api.Endpoint;
import io.github.llmbench.api.LengthDistribution;
import io.github.llmbench.api.MaxTokensField;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.SyntheticRequestBuilder;
import io.github.llmbench.api.Tokenizer;
import io.github.llmbench.core.data.DatasetFiles;
import io.github.llmbench.core.data.Tokenizers;
import io.github.llmbench.core.data.TraceFiles;
import io.github.llmbench.tokenizers.hf.HuggingFaceTokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The prompt flags of a custom run beyond the script's phrase: {@code --dataset} (a JSONL file, sent in a seeded
 * order), length distributions for {@code --input-len}/{@code --output-len}, {@code --tokenizer},
 * {@code --prefix-tokens}/{@code --prefix-groups} and {@code --max-completion-tokens}. Everything is read, checked
 * and built here, before any request; tokenizers are used here only and closed.
 */
final class PromptFlags {
  /** The request builder of every step, what the run's settings should say, and (with a dataset) its size. */
  /**
   * @param datasetSize entries of a {@code --dataset} or {@code --trace}, 0 for generated prompts
   * @param trace the {@code --trace} whose requests these are, when one was given
   */
  record Prompts(RequestBuilder request, Map<String, String> settings, int datasetSize,
      TraceFiles.@Nullable Trace trace) {
    Prompts(RequestBuilder request, Map<String, String> settings, int datasetSize) {
      this(request, settings, datasetSize, null);
    }
  }

  private PromptFlags() {}

  /** Whether the run needs more than the script's phrase of a fixed length. */
  static boolean used(RunOptions o) {
    return o.dataset != null || o.trace != null || o.embeddings || o.tokenizer != null || o.prefixTokens != null || o.prefixGroups != null
        || o.disableShuffle || (o.inputLen != null && !(o.inputLen instanceof LengthDistribution.Fixed))
        || (o.outputLen != null && !(o.outputLen instanceof LengthDistribution.Fixed));
  }

  /** The checks of the flags that also apply to the script's phrase ({@code --max-completion-tokens}). */
  static void checkPlain(RunOptions o) throws UsageException {
    if (o.datasetSeed != null) {
      throw UsageException.of("--dataset-seed", o.datasetSeed, "seeds --dataset and drawn lengths; this run draws "
          + "nothing (add --dataset or a distribution to --input-len/--output-len)");
    }
    checkMaxCompletionTokens(o);
  }

  /** The flag that sends prompts elsewhere than chat. */
  private static String endpointFlag(RunOptions o) {
    return o.embeddings ? "--embeddings" : "--completions";
  }

  /** {@code --embeddings} generates nothing: the flags of generation do not apply. */
  private static void checkEmbeddings(RunOptions o) throws UsageException {
    if (!o.embeddings) return;
    Object[][] generation = {{"--completions", o.completions ? "true" : null}, {"--vision", o.vision ? "true" : null},
        {"--stream", o.stream ? "true" : null}, {"--output-len", o.outputLen == null ? null : o.outputLen.spec()},
        {"--tools", o.tools}, {"--max-completion-tokens", o.maxCompletionTokens ? "true" : null}};
    for (Object[] flag : generation) {
      if (flag[1] != null) {
        throw UsageException.of((String) flag[0], flag[1], "applies to generation; --embeddings generates nothing");
      }
    }
  }

  private static void checkMaxCompletionTokens(RunOptions o) throws UsageException {
    if (o.maxCompletionTokens && o.completions) {
      throw new UsageException("--max-completion-tokens applies to chat requests; /v1/completions knows only "
          + "max_tokens (drop --completions or --max-completion-tokens)");
    }
  }

  static Prompts build(RunOptions o, int defaultInputLen, int defaultOutputLen) throws UsageException {
    checkEmbeddings(o);
    if (o.vision) {
      throw new UsageException("--vision sends the script's prompt with images; it cannot be combined with --dataset, "
          + "--tokenizer, --prefix-tokens or a length distribution");
    }
    checkMaxCompletionTokens(o);
    if (o.disableShuffle && o.dataset == null) {
      throw new UsageException("--disable-shuffle keeps a --dataset's own order: it needs --dataset");
    }
    if (o.prefixGroups != null && o.prefixTokens == null) {
      throw UsageException.of("--prefix-groups", o.prefixGroups, "groups the shared prefixes of --prefix-tokens; "
          + "give --prefix-tokens too");
    }
    long seed = o.datasetSeed == null ? 0 : o.datasetSeed;
    LengthDistribution output = o.outputLen == null ? LengthDistribution.fixed(defaultOutputLen) : o.outputLen;
    MaxTokensField field = o.maxCompletionTokens ? MaxTokensField.MAX_COMPLETION_TOKENS : MaxTokensField.MAX_TOKENS;
    Endpoint endpoint = o.embeddings ? Endpoint.EMBEDDINGS
        : o.completions ? Endpoint.COMPLETIONS : Endpoint.CHAT_COMPLETIONS;
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("output_len", output.spec());
    settings.put("max_tokens_field", field.jsonName());
    settings.put("prompt_seed", String.valueOf(seed));
    TokenizerHandle tokenizer = o.tokenizer == null ? null : tokenizer(o.tokenizer);
    try {
      if (tokenizer != null) settings.put("tokenizer", tokenizer.tokenizer().name());
      if (o.trace != null) return trace(o, output, field, endpoint, tokenizer, settings);
      if (o.dataset != null) {
        if (o.inputLen != null) {
          throw UsageException.of("--input-len", o.inputLen.spec(), "sizes generated prompts; with --dataset the "
              + "prompts come from the file");
        }
        if (o.prefixTokens != null) {
          throw UsageException.of("--prefix-tokens", o.prefixTokens, "builds generated prompts; it cannot be "
              + "combined with --dataset");
        }
        Dataset dataset = dataset(o.dataset);
        DatasetRequestBuilder request = RequestBuilders.dataset(dataset).seed(seed).shuffle(!o.disableShuffle)
            .outputTokens(output).maxTokensField(field);
        if (endpoint != Endpoint.CHAT_COMPLETIONS) {
          if (!dataset.allPrompts()) {
            throw UsageException.of("--dataset", o.dataset, "holds chat messages; " + endpointFlag(o)
                + " needs prompts (\"prompt\" lines)");
          }
          request = request.endpoint(endpoint);
        }
        if (tokenizer != null) request = request.tokenizer(tokenizer.tokenizer());
        settings.put("dataset", o.dataset.toString());
        settings.put("dataset_entries", String.valueOf(dataset.size()));
        settings.put("dataset_shuffle", String.valueOf(!o.disableShuffle));
        return new Prompts(request, settings, dataset.size());
      }
      LengthDistribution input = o.inputLen == null ? LengthDistribution.fixed(defaultInputLen) : o.inputLen;
      int prefixTokens = o.prefixTokens == null ? 0 : o.prefixTokens;
      int groups = o.prefixGroups == null ? 1 : o.prefixGroups;
      if ((long) prefixTokens * groups > 50_000_000) {
        throw UsageException.of("--prefix-groups", groups, "x --prefix-tokens (" + prefixTokens + ") is more than "
            + "50,000,000 tokens of prefixes");
      }
      SyntheticRequestBuilder request;
      try {
        request = RequestBuilders.synthetic().inputTokens(input).outputTokens(output).prefix(prefixTokens, groups)
            .seed(seed).endpoint(endpoint).maxTokensField(field);
        if (tokenizer != null) request = request.tokenizer(tokenizer.tokenizer());
      } catch (IllegalArgumentException e) {
        throw UsageException.of("--tokenizer", o.tokenizer, "cannot size prompts: " + e.getMessage());
      }
      settings.put("input_len", input.spec());
      if (prefixTokens > 0) {
        settings.put("prefix_tokens", String.valueOf(prefixTokens));
        settings.put("prefix_groups", String.valueOf(groups));
      }
      return new Prompts(request, settings, 0);
    } finally {
      if (tokenizer != null) tokenizer.close();
    }
  }

  /** {@code --trace}: its requests in their order, prompts of its hash blocks made of the tokenizer's words. */
  private static Prompts trace(RunOptions o, LengthDistribution output, MaxTokensField field, Endpoint endpoint,
      @Nullable TokenizerHandle tokenizer, Map<String, String> settings) throws UsageException {
    Path path = o.trace;
    Object[][] promptFlags = {{"--dataset", o.dataset}, {"--input-len", o.inputLen == null ? null : o.inputLen.spec()},
        {"--prefix-tokens", o.prefixTokens}, {"--prefix-groups", o.prefixGroups},
        {"--disable-shuffle", o.disableShuffle ? "true" : null}};
    for (Object[] flag : promptFlags) {
      if (flag[1] != null) {
        throw UsageException.of((String) flag[0], flag[1], "shapes prompts; with --trace they come from the trace");
      }
    }
    double speed = o.traceSpeed == null ? 1 : o.traceSpeed;
    int blockSize = o.traceBlockSize == null ? TraceFiles.MOONCAKE_BLOCK_TOKENS : o.traceBlockSize;
    TraceFiles.Trace trace = read("--trace", path, p -> TraceFiles.read(p, speed, blockSize));
    DatasetRequestBuilder request = RequestBuilders.dataset(trace.dataset()).shuffle(false).outputTokens(output)
        .maxTokensField(field);
    if (endpoint != Endpoint.CHAT_COMPLETIONS) {
      if (!trace.dataset().allPrompts()) {
        throw UsageException.of("--trace", path, "holds chat messages; " + endpointFlag(o) + " needs prompts or "
            + "Mooncake lines");
      }
      request = request.endpoint(endpoint);
    }
    if (tokenizer != null) request = request.tokenizer(tokenizer.tokenizer());
    settings.put("trace", path.toString());
    settings.put("trace_requests", String.valueOf(trace.dataset().size()));
    settings.put("trace_speed", Flags.format(speed));
    settings.put("trace_block_size", String.valueOf(blockSize));
    return new Prompts(request, settings, trace.dataset().size(), trace);
  }

  private static Dataset dataset(Path path) throws UsageException {
    return read("--dataset", path, DatasetFiles::readJsonl);
  }

  /** A reader of a file a flag names. */
  @FunctionalInterface
  interface FileReader<T> {
    T read(Path path) throws IOException;
  }

  /** The file a flag names, read; each way it can fail said in one line naming the flag (or the file's line). */
  static <T> T read(String flag, Path path, FileReader<T> reader) throws UsageException {
    try {
      return reader.read(path);
    } catch (NoSuchFileException e) {
      throw UsageException.of(flag, path, "does not exist");
    } catch (IOException e) {
      throw UsageException.of(flag, path, "cannot be read: " + e);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage()); // "dataset FILE line N: field (value) ...", or "trace ..."
    }
  }

  /** A tokenizer and what closing it takes (a Hugging Face one holds native memory). */
  private record TokenizerHandle(Tokenizer tokenizer, @Nullable AutoCloseable resource) {
    void close() {
      if (resource == null) return;
      try {
        resource.close();
      } catch (Exception e) {
        // Nothing was sent yet and the tokenizer is no longer needed; its native memory goes with the JVM.
      }
    }
  }

  private static TokenizerHandle tokenizer(String value) throws UsageException {
    if (Tokenizers.openAiEncodings().contains(value)) return new TokenizerHandle(Tokenizers.openAi(value), null);
    Path path = Path.of(value);
    if (Files.isDirectory(path)) path = path.resolve("tokenizer.json");
    if (!Files.isRegularFile(path)) {
      throw UsageException.of("--tokenizer", value, "should be one of " + String.join(", ", Tokenizers.openAiEncodings())
          + " or a Hugging Face tokenizer.json file (or its directory)");
    }
    try {
      HuggingFaceTokenizers.FileTokenizer file = HuggingFaceTokenizers.fromFile(path);
      return new TokenizerHandle(file, file);
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      throw UsageException.of("--tokenizer", value, "cannot be read: " + e.getMessage());
    }
  }
}
