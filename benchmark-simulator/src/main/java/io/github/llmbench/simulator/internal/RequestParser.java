package io.github.llmbench.simulator.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.simulator.SimulatorConfig;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Validates generation request bodies the way vLLM does (HTTP 400 for bad bodies, 404 for an unknown model). */
public final class RequestParser {
  private final SimulatorConfig config;
  private final PromptTokenCounter counter;
  private final ObjectMapper mapper;

  /** @param config limits and the served model */
  public RequestParser(SimulatorConfig config, ObjectMapper mapper) {
    this.config = config;
    this.counter = new PromptTokenCounter(config.tokensPerImage());
    this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * @param chat true for {@code /v1/chat/completions}
   * @param body the raw request body
   * @return the validated request
   * @throws ApiError 400 for an invalid body, 404 for an unknown model
   */
  public GenerationRequest parse(boolean chat, byte[] body) throws ApiError {
    JsonNode root = readObject(body);
    boolean stream = optionalBoolean(root, "stream", false);
    JsonNode streamOptions = root.get("stream_options");
    boolean hasStreamOptions = streamOptions != null && !streamOptions.isNull();
    if (hasStreamOptions && !streamOptions.isObject()) {
      throw ApiError.badRequest("stream_options must be an object.");
    }
    if (hasStreamOptions && !stream) {
      throw ApiError.badRequest("Stream options can only be defined when `stream=True`.");
    }
    boolean includeUsage = hasStreamOptions && optionalBoolean(streamOptions, "include_usage", true);
    boolean continuous = includeUsage && optionalBoolean(streamOptions, "continuous_usage_stats", false);
    JsonNode n = root.get("n");
    if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asLong() == 1)) {
      throw ApiError.badRequest("The simulator supports only n=1, got n=" + n + ".");
    }
    int maxTokens = maxTokens(root, chat);
    int promptTokens = chat ? chatPromptTokens(root) : completionPromptTokens(root);
    checkModel(root);
    if ((long) promptTokens + maxTokens > config.maxModelLen()) {
      throw ApiError.badRequest("This model's maximum context length is " + config.maxModelLen()
          + " tokens. However, you requested " + ((long) promptTokens + maxTokens) + " tokens (" + promptTokens
          + " in the messages, " + maxTokens + " in the completion). Please reduce the length of the messages or"
          + " completion.");
    }
    boolean thinking = chat && config.reasoningTokens() > 0 && thinkingEnabled(root);
    return new GenerationRequest(chat, stream, includeUsage, continuous, maxTokens, promptTokens,
        thinking ? Math.min(config.reasoningTokens(), maxTokens) : 0, chat ? toolName(root) : null,
        PrefixCache.blockHashes(promptText(root, chat)));
  }

  /**
   * The text the prefix cache sees: each message's role and text contents in order (images as a marker), or the
   * completion prompt (token ids as numbers).
   */
  private static CharSequence promptText(JsonNode root, boolean chat) {
    if (!chat) {
      JsonNode prompt = root.get("prompt");
      return prompt.isTextual() ? prompt.asText() : prompt.toString();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode message : root.get("messages")) {
      text.append('<').append(message.path("role").asText()).append('>');
      JsonNode content = message.get("content");
      if (content == null || content.isNull()) continue;
      if (content.isTextual()) {
        text.append(content.asText());
      } else {
        for (JsonNode part : content) {
          text.append(part.path("type").asText("").equals("text") ? part.path("text").asText("") : "<image>");
        }
      }
    }
    return text;
  }

  /** Qwen3's and vLLM's switch: {@code chat_template_kwargs.enable_thinking: false} turns reasoning off. */
  private static boolean thinkingEnabled(JsonNode root) throws ApiError {
    JsonNode kwargs = root.get("chat_template_kwargs");
    if (kwargs == null || kwargs.isNull()) return true;
    if (!kwargs.isObject()) throw ApiError.badRequest("chat_template_kwargs must be an object.");
    return optionalBoolean(kwargs, "enable_thinking", true);
  }

  /**
   * The function a tool-calling answer calls: the one {@code tool_choice} names, else the first of {@code tools};
   * {@code null} without tools or with {@code tool_choice: "none"}.
   */
  private static @Nullable String toolName(JsonNode root) throws ApiError {
    JsonNode tools = root.get("tools");
    if (tools == null || tools.isNull()) return null;
    if (!tools.isArray()) throw ApiError.badRequest("tools must be an array.");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode name = tools.get(i).path("function").path("name");
      if (!name.isTextual() || name.asText().isEmpty()) {
        throw ApiError.badRequest("tools[" + i + "].function.name must be a non-empty string.");
      }
    }
    JsonNode choice = root.get("tool_choice");
    if (choice != null && choice.isTextual() && choice.asText().equals("none")) return null;
    if (choice != null && choice.isObject()) {
      JsonNode named = choice.path("function").path("name");
      if (!named.isTextual()) throw ApiError.badRequest("tool_choice.function.name must be a string.");
      return named.asText();
    }
    return tools.isEmpty() ? null : tools.get(0).path("function").path("name").asText();
  }

  /**
   * A {@code /v1/embeddings} request: {@code input} is a string, a list of strings, a list of token ids or a list of
   * such lists, as vLLM takes it.
   *
   * @return the prompt tokens of each input
   * @throws ApiError 400 for an invalid body or an input longer than the context, 404 for an unknown model
   */
  public int[] parseEmbeddings(byte[] body) throws ApiError {
    JsonNode root = readObject(body);
    checkModel(root);
    JsonNode input = root.get("input");
    if (input == null || input.isNull()) throw ApiError.badRequest("Field required: input.");
    List<Integer> tokens = new ArrayList<>();
    if (input.isTextual()) {
      tokens.add(counter.countText(input.asText()));
    } else if (input.isArray() && !input.isEmpty() && allIntegers(input)) {
      tokens.add(input.size());
    } else if (input.isArray() && !input.isEmpty()) {
      for (JsonNode item : input) {
        if (item.isTextual()) {
          tokens.add(counter.countText(item.asText()));
        } else if (item.isArray() && !item.isEmpty() && allIntegers(item)) {
          tokens.add(item.size());
        } else {
          throw ApiError.badRequest("input must be a string, a list of strings, a list of token ids or a list of "
              + "lists of token ids.");
        }
      }
    } else {
      throw ApiError.badRequest("input must be a non-empty string or list.");
    }
    for (int t : tokens) {
      if (t > config.maxModelLen()) {
        throw ApiError.badRequest("This model's maximum context length is " + config.maxModelLen() + " tokens. "
            + "However, you requested " + t + " tokens in the input for embedding generation. Please reduce the "
            + "length of the input.");
      }
    }
    return tokens.stream().mapToInt(Integer::intValue).toArray();
  }

  private void checkModel(JsonNode root) throws ApiError {
    JsonNode model = root.get("model");
    if (model != null && !model.isNull()) {
      if (!model.isTextual()) {
        throw ApiError.badRequest("model must be a string.");
      }
      if (!model.asText().equals(config.model())) {
        throw ApiError.notFound("The model `" + model.asText() + "` does not exist.");
      }
    }
  }

  private int maxTokens(JsonNode root, boolean chat) throws ApiError {
    String field = "max_tokens";
    JsonNode value = root.get("max_tokens");
    JsonNode completionTokens = chat ? root.get("max_completion_tokens") : null;
    if (completionTokens != null && !completionTokens.isNull()) {
      field = "max_completion_tokens";
      value = completionTokens;
    }
    if (value == null || value.isNull()) {
      return config.defaultMaxTokens();
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
      throw ApiError.badRequest(field + " must be an integer of at least 1, got " + value + ".");
    }
    return value.asInt();
  }

  private int chatPromptTokens(JsonNode root) throws ApiError {
    JsonNode messages = root.get("messages");
    if (messages == null || messages.isNull()) {
      throw ApiError.badRequest("Field required: messages.");
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw ApiError.badRequest("messages must be a non-empty array.");
    }
    for (JsonNode message : messages) {
      if (!message.isObject() || !message.path("role").isTextual()) {
        throw ApiError.badRequest("Each message must be an object with a string role.");
      }
    }
    try {
      return counter.countMessages(messages);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  private int completionPromptTokens(JsonNode root) throws ApiError {
    JsonNode prompt = root.get("prompt");
    if (prompt == null || prompt.isNull() || (prompt.isArray() && prompt.isEmpty())) {
      throw ApiError.badRequest("Either prompt or prompt_embeds must be provided and non-empty.");
    }
    if (prompt.isTextual()) {
      return counter.countText(prompt.asText());
    }
    if (prompt.isArray()) {
      JsonNode first = prompt.get(0);
      if (prompt.size() == 1 && first.isTextual()) {
        return counter.countText(first.asText());
      }
      if (allIntegers(prompt)) {
        return prompt.size();
      }
      if (prompt.size() == 1 && first.isArray() && !first.isEmpty() && allIntegers(first)) {
        return first.size();
      }
      if (prompt.size() > 1) {
        throw ApiError.badRequest("The simulator supports one prompt per request, got " + prompt.size() + ".");
      }
    }
    throw ApiError.badRequest("prompt must be a string, a list of token ids, or a list with one of those.");
  }

  private JsonNode readObject(byte[] body) throws ApiError {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (java.io.IOException e) {
      String detail = e instanceof JacksonException ? ((JacksonException) e).getOriginalMessage() : e.getMessage();
      throw ApiError.badRequest("JSON decode error: " + firstLine(detail));
    }
    if (root == null || !root.isObject()) {
      throw ApiError.badRequest("The request body must be a JSON object.");
    }
    return root;
  }

  private static boolean allIntegers(JsonNode array) {
    for (JsonNode item : array) {
      if (!item.isIntegralNumber()) {
        return false;
      }
    }
    return true;
  }

  private static boolean optionalBoolean(JsonNode object, String field, boolean absent) throws ApiError {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isBoolean()) {
      throw ApiError.badRequest(field + " must be a boolean, got " + value + ".");
    }
    return value.asBoolean();
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "invalid JSON";
    }
    int newline = message.indexOf('\n');
    return newline >= 0 ? message.substring(0, newline) : message;
  }
}
