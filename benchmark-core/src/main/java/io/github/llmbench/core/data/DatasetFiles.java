package io.github.llmbench.core.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.Dataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Reads datasets from files. A JSONL dataset holds one JSON object a line (blank lines are skipped), either
 * <ul>
 *   <li>OpenAI chat messages: {@code {"messages": [{"role": "system", "content": "..."}, {"role": "user", ...}]}},
 *       sent as they are; or
 *   <li>a prompt: {@code {"prompt": "..."}} ({@code "text"} is read as the same field, as AIPerf's single-turn
 *       files have it);
 * </ul>
 * with an optional output limit: {@code "max_tokens"}, or under the names peers use, {@code "max_completion_tokens"}
 * (OpenAI's chat API), {@code "output_tokens"} (vLLM's custom dataset) or {@code "output_length"} (Mooncake's
 * traces); at most one of them. Other fields (an id,
 * metadata) are ignored. Every error names the file, the line, the field and the bad value.
 */
public final class DatasetFiles {
  private static final List<String> PROMPT_FIELDS = List.of("prompt", "text");
  private static final List<String> MAX_TOKENS_FIELDS = List.of("max_tokens", "max_completion_tokens", "output_tokens",
      "output_length");

  private DatasetFiles() {}

  /**
   * @throws IllegalArgumentException if a line is not such an object, e.g.
   *     {@code dataset prompts.jsonl line 7: messages[0].role (42) should be a string}, or the file has no entry
   * @throws IOException if the file cannot be read (missing, not UTF-8)
   */
  public static Dataset readJsonl(Path file) throws IOException {
    ObjectMapper mapper = mapper();
    List<Dataset.Entry> entries = lines(file, "dataset", line -> entry(mapper, line));
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("dataset " + file + " has no entries (the file is empty or blank)");
    }
    return new Dataset(file.toString(), entries);
  }

  /**
   * Each non-blank line of a JSONL file read by {@code read}, in order; a line it refuses is named:
   * {@code <what> FILE line N: <its message>}.
   *
   * @throws IOException if the file cannot be read (missing, not UTF-8)
   */
  static <T> List<T> lines(Path file, String what, java.util.function.Function<String, T> read) throws IOException {
    List<T> out = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) continue;
        try {
          out.add(read.apply(line));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(what + " " + file + " line " + lineNumber + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  /** The strict reader of one line: no repeated field, nothing after the object. */
  static ObjectMapper mapper() {
    return new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** One line's entry. @throws IllegalArgumentException naming the field and the value */
  static Dataset.Entry entry(ObjectMapper mapper, String line) {
    return entry(mapper, object(mapper, line));
  }

  /** One line as a JSON object. @throws IllegalArgumentException when it is not JSON, or not an object */
  static JsonNode object(ObjectMapper mapper, String line) {
    JsonNode node;
    try {
      node = mapper.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (!node.isObject()) throw new IllegalArgumentException("(" + shown(node) + ") should be a JSON object");
    return node;
  }

  /** One line's entry from its object. @throws IllegalArgumentException naming the field and the value */
  static Dataset.Entry entry(ObjectMapper mapper, JsonNode node) {
    OptionalInt maxTokens = maxTokens(node);
    JsonNode messages = node.get("messages");
    String promptField = present(node, PROMPT_FIELDS);
    if (messages != null && promptField != null) {
      throw new IllegalArgumentException("has both messages and " + promptField + "; give one of them");
    }
    if (messages != null) {
      if (!messages.isArray()) {
        throw new IllegalArgumentException("messages (" + shown(messages) + ") should be an array of messages");
      }
      List<Map<String, Object>> list = new ArrayList<>();
      for (JsonNode m : messages) {
        @SuppressWarnings("unchecked")
        Map<String, Object> message = m.isObject() ? mapper.convertValue(m, Map.class) : null;
        if (message == null) {
          throw new IllegalArgumentException("messages[" + list.size() + "] (" + shown(m) + ") should be an object");
        }
        list.add(message);
      }
      return Dataset.Entry.chat(list, maxTokens);
    }
    if (promptField == null) {
      throw new IllegalArgumentException("has neither messages nor prompt (fields: " + fieldNames(node) + ")");
    }
    JsonNode prompt = node.get(promptField);
    if (!prompt.isTextual()) {
      throw new IllegalArgumentException(promptField + " (" + shown(prompt) + ") should be a string");
    }
    return Dataset.Entry.prompt(prompt.asText(), maxTokens);
  }

  static OptionalInt maxTokens(JsonNode node) {
    String field = present(node, MAX_TOKENS_FIELDS);
    if (field == null) return OptionalInt.empty();
    for (String other : MAX_TOKENS_FIELDS) {
      if (!other.equals(field) && node.has(other)) {
        throw new IllegalArgumentException("has both " + field + " and " + other + "; give one output limit");
      }
    }
    JsonNode value = node.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
      throw new IllegalArgumentException(field + " (" + shown(value) + ") should be a positive integer");
    }
    return OptionalInt.of(value.intValue());
  }

  private static @Nullable String present(JsonNode node, List<String> fields) {
    for (String f : fields) if (node.has(f)) return f;
    return null;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
    return names;
  }

  /** A JSON value as an error message shows it, cut to 60 characters. */
  static String shown(JsonNode value) {
    String s = value.toString();
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
