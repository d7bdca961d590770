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
  record Prompts(RequestBuilder request, Map<String, String> settings, int datasetSize) {}

  private PromptFlags() {}

  /** Whether the run needs more than the script's phrase of a fixed length. */
  static boolean used(RunOptions o) {
    return o.dataset != null || o.tokenizer != null || o.prefixTokens != null || o.prefixGroups != null
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

  private static void checkMaxCompletionTokens(RunOptions o) throws UsageException {
    if (o.maxCompletionTokens && o.completions) {
      throw new UsageException("--max-completion-tokens applies to chat requests; /v1/completions knows only "
          + "max_tokens (drop --completions or --max-completion-tokens)");
    }
  }

  static Prompts build(RunOptions o, int defaultInputLen, int defaultOutputLen) throws UsageException {
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
    Endpoint endpoint = o.completions ? Endpoint.COMPLETIONS : Endpoint.CHAT_COMPLETIONS;
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("output_len", output.spec());
    settings.put("max_tokens_field", field.jsonName());
    settings.put("prompt_seed", String.valueOf(seed));
    TokenizerHandle tokenizer = o.tokenizer == null ? null : tokenizer(o.tokenizer);
    try {
      if (tokenizer != null) settings.put("tokenizer", tokenizer.tokenizer().name());
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
        if (endpoint == Endpoint.COMPLETIONS) {
          if (!dataset.allPrompts()) {
            throw UsageException.of("--dataset", o.dataset, "holds chat messages; --completions needs prompts "
                + "(\"prompt\" lines)");
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

  private static Dataset dataset(Path path) throws UsageException {
    try {
      return DatasetFiles.readJsonl(path);
    } catch (NoSuchFileException e) {
      throw UsageException.of("--dataset", path, "does not exist");
    } catch (IOException e) {
      throw UsageException.of("--dataset", path, "cannot be read: " + e);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage()); // "dataset FILE line N: field (value) ..."
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
