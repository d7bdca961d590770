package io.github.llmbench.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Requests to send, read from a file ({@code io.github.llmbench.core.data.DatasetFiles.readJsonl}) or built in code;
 * send them with {@link RequestBuilders#dataset(Dataset)}. Immutable.
 *
 * @param name where it came from (a file name), for reports and error messages
 * @param entries at least one
 */
public record Dataset(String name, List<Entry> entries) {
  /** @throws IllegalArgumentException if there is no entry */
  public Dataset {
    Checks.notBlank("name", name);
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
    if (entries.isEmpty()) throw new IllegalArgumentException("dataset " + name + " has no entries");
  }

  public int size() {
    return entries.size();
  }

  /** Whether every entry is a prompt (so it can go to {@code /v1/completions}). */
  public boolean allPrompts() {
    return entries.stream().allMatch(e -> e instanceof Entry.Prompt || e instanceof Entry.Blocks);
  }

  /**
   * One request of a {@link Dataset}: OpenAI chat messages, a prompt, or a prompt known by its token blocks; each
   * with its own output limit or none (then the builder's output distribution decides). Immutable.
   */
  public sealed interface Entry permits Entry.Chat, Entry.Prompt, Entry.Blocks {
    /** The entry's own {@code max_tokens}, if it has one. */
    OptionalInt maxTokens();

    /** Its text: every message's string content and every {@code "text"} part, or the prompt. */
    String text();

    /** Its images ({@code image_url} or {@code image} parts). */
    int images();

    static Chat chat(List<? extends Map<String, ?>> messages, OptionalInt maxTokens) {
      return new Chat(copyMessages(messages), maxTokens);
    }

    static Prompt prompt(String prompt, OptionalInt maxTokens) {
      return new Prompt(prompt, maxTokens);
    }

    static Blocks blocks(List<Long> hashIds, int promptTokens, int blockSize, OptionalInt maxTokens) {
      return new Blocks(hashIds, promptTokens, blockSize, maxTokens);
    }

    /**
     * OpenAI chat messages, sent as they are ({@code role}, {@code content} and any other field of each message).
     *
     * @param messages at least one message, each with a string {@code role} and a {@code content} that is a string,
     *     an array of parts or null; a JSON tree of {@link Map}, {@link List}, {@link String}, {@link Number},
     *     {@link Boolean} and {@code null}
     * @param maxTokens the entry's own output limit, if any
     */
    record Chat(List<Map<String, Object>> messages, OptionalInt maxTokens) implements Entry {
      /** @throws IllegalArgumentException naming the message and field, e.g. {@code messages[0].role (42) ...} */
      public Chat {
        messages = copyMessages(messages);
        checkMaxTokens(maxTokens);
      }

      @Override
      public String text() {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> m : messages) {
          Object content = m.get("content");
          if (content instanceof String s) {
            text.append(s);
          } else if (content instanceof List<?> parts) {
            for (Object p : parts) {
              if (p instanceof Map<?, ?> part && "text".equals(part.get("type"))
                  && part.get("text") instanceof String s) {
                text.append(s);
              }
            }
          }
        }
        return text.toString();
      }

      @Override
      public int images() {
        int images = 0;
        for (Map<String, Object> m : messages) {
          if (m.get("content") instanceof List<?> parts) {
            for (Object p : parts) {
              if (p instanceof Map<?, ?> part
                  && ("image_url".equals(part.get("type")) || "image".equals(part.get("type")))) {
                images++;
              }
            }
          }
        }
        return images;
      }
    }

    /**
     * A prompt: sent to {@code /v1/completions} as it is, or to chat as one user message.
     *
     * @param prompt the text, possibly empty
     * @param maxTokens the entry's own output limit, if any
     */
    record Prompt(String prompt, OptionalInt maxTokens) implements Entry {
      public Prompt {
        Objects.requireNonNull(prompt, "prompt");
        checkMaxTokens(maxTokens);
      }

      @Override
      public String text() {
        return prompt;
      }

      @Override
      public int images() {
        return 0;
      }
    }

    /**
     * A prompt known by its token blocks only, as a Mooncake trace gives it: block {@code i} holds
     * {@code blockSize} tokens generated from {@code hashIds[i]}, so entries whose hash ids start alike have prompts
     * that start with the same tokens, and a prefix cache serves them as it served the traced requests. Sent as the
     * other prompts are (to chat as one user message, or to completions).
     *
     * <p>The prompt has exactly {@code promptTokens} tokens (with the builder's tokenizer; else 4 characters
     * each): the blocks in order, the last one cut to what is left; tokens beyond the blocks are the entry's own.
     *
     * @param hashIds the ids of the prompt's blocks, in order (Mooncake's {@code hash_ids}); may be empty
     * @param promptTokens the prompt's length in tokens (Mooncake's {@code input_length}), at least 1
     * @param blockSize tokens a block holds (Mooncake's traces use 512)
     * @param maxTokens the entry's own output limit (Mooncake's {@code output_length}), if any
     */
    record Blocks(List<Long> hashIds, int promptTokens, int blockSize, OptionalInt maxTokens) implements Entry {
      public Blocks {
        hashIds = List.copyOf(hashIds);
        Checks.positive("promptTokens", promptTokens);
        Checks.positive("blockSize", blockSize);
        checkMaxTokens(maxTokens);
      }

      /** Empty: the text is generated when the request is built. */
      @Override
      public String text() {
        return "";
      }

      @Override
      public int images() {
        return 0;
      }
    }

    private static void checkMaxTokens(OptionalInt maxTokens) {
      Objects.requireNonNull(maxTokens, "maxTokens");
      if (maxTokens.isPresent() && maxTokens.getAsInt() < 1) {
        throw new IllegalArgumentException("max_tokens (" + maxTokens.getAsInt() + ") should be positive");
      }
    }

    /** Checks and deep-copies messages into unmodifiable maps and lists (key order kept). */
    private static List<Map<String, Object>> copyMessages(List<? extends Map<String, ?>> messages) {
      Objects.requireNonNull(messages, "messages");
      if (messages.isEmpty()) throw new IllegalArgumentException("messages ([]) should hold at least one message");
      List<Map<String, Object>> copy = new ArrayList<>(messages.size());
      for (int i = 0; i < messages.size(); i++) {
        Object message = messages.get(i);
        if (!(message instanceof Map<?, ?> map)) {
          throw new IllegalArgumentException("messages[" + i + "] (" + shown(message) + ") should be an object");
        }
        Object role = map.get("role");
        if (!(role instanceof String r) || r.isBlank()) {
          throw new IllegalArgumentException("messages[" + i + "].role (" + shown(role) + ") should be a string");
        }
        if (!map.containsKey("content")) {
          throw new IllegalArgumentException("messages[" + i + "].content is missing");
        }
        Object content = map.get("content");
        if (content != null && !(content instanceof String) && !(content instanceof List)) {
          throw new IllegalArgumentException("messages[" + i + "].content (" + shown(content)
              + ") should be a string or an array of parts");
        }
        if (content instanceof List<?> parts) {
          for (int j = 0; j < parts.size(); j++) {
            if (!(parts.get(j) instanceof Map<?, ?> part) || !(part.get("type") instanceof String)) {
              throw new IllegalArgumentException("messages[" + i + "].content[" + j + "] (" + shown(parts.get(j))
                  + ") should be an object with a string type");
            }
          }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> frozen = (Map<String, Object>) freeze(map);
        copy.add(frozen);
      }
      return Collections.unmodifiableList(copy);
    }

    private static @org.jspecify.annotations.Nullable Object freeze(@org.jspecify.annotations.Nullable Object value) {
      if (value instanceof Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), freeze(v)));
        return Collections.unmodifiableMap(copy);
      }
      if (value instanceof List<?> list) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object v : list) copy.add(freeze(v));
        return Collections.unmodifiableList(copy);
      }
      return value;
    }

    /** A value as an error message shows it: strings quoted, everything cut to 60 characters. */
    static String shown(@org.jspecify.annotations.Nullable Object value) {
      String s = value instanceof String str ? "\"" + str + "\"" : String.valueOf(value);
      return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
  }
}
