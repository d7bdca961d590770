package io.github.llmbench.simulator.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Response bodies in vLLM 0.11's shapes and key order (see {@code /work/shared/fixtures/sse/vllm-stream-examples.md}):
 * chat and completions, whole and streamed, usage ({@code prompt_tokens, total_tokens, completion_tokens}), errors
 * and the model list. Compact JSON, like pydantic's {@code model_dump_json}.
 */
public final class VllmBodies {
  private static final String[] WORDS = {
      " lorem", " ipsum", " dolor", " sit", " amet", " consectetur", " adipiscing", " elit"};

  private final ObjectMapper mapper;
  private final String model;
  private final int maxModelLen;
  private final long seed;
  /** The delta and message field of a reasoning model's thinking, as vLLM's reasoning parsers fill it. */
  private final String reasoningField;

  /**
   * @param mapper shared mapper @param model served model name @param maxModelLen context length @param seed id
   *     seed @param reasoningField {@code reasoning_content} (vLLM 0.11) or {@code reasoning} (vLLM 0.16+)
   */
  public VllmBodies(ObjectMapper mapper, String model, int maxModelLen, long seed, String reasoningField) {
    this.mapper = mapper;
    this.model = model;
    this.maxModelLen = maxModelLen;
    this.seed = seed;
    this.reasoningField = reasoningField;
  }

  /** @return the text of token {@code index} (0-based): a short word with a leading space, cycling */
  public static String tokenText(int index) {
    return WORDS[index % WORDS.length];
  }

  /** @return the text of the first {@code count} tokens */
  public static String text(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(tokenText(i));
    }
    return text.toString();
  }

  /** @return a response id such as {@code chatcmpl-<32 hex>}, derived from the seed and the request id */
  public String responseId(boolean chat, long requestId) {
    return responseId(chat ? "chatcmpl-" : "cmpl-", requestId);
  }

  /** @return a response id with this prefix ({@code embd-} for embeddings), derived from the seed and the request id */
  public String responseId(String prefix, long requestId) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + requestId);
    return prefix + String.format(java.util.Locale.ROOT, "%016x%016x", random.nextLong(), random.nextLong());
  }

  /** @return {@code {"error":{"message","type","param","code"}}} */
  public byte[] error(int status, String type, String message, @Nullable String param) {
    ObjectNode error = mapper.createObjectNode();
    error.put("message", message).put("type", type);
    if (param == null) {
      error.putNull("param");
    } else {
      error.put("param", param);
    }
    error.put("code", status);
    ObjectNode root = mapper.createObjectNode();
    root.set("error", error);
    return bytes(root);
  }

  /** @return {@code {"error":"Unauthorized"}}, vLLM's 401 body */
  public byte[] unauthorized() {
    return bytes(mapper.createObjectNode().put("error", "Unauthorized"));
  }

  /** @return FastAPI's {@code {"detail": ...}} body for unknown routes and methods */
  public byte[] detail(String detail) {
    return bytes(mapper.createObjectNode().put("detail", detail));
  }

  /** @return the {@code /v1/models} list with the one served model */
  public byte[] models(long created) {
    ObjectNode card = mapper.createObjectNode();
    card.put("id", model).put("object", "model").put("created", created).put("owned_by", "vllm")
        .put("root", model).putNull("parent");
    card.put("max_model_len", maxModelLen);
    ObjectNode permission = card.putArray("permission").addObject();
    permission.put("id", "modelperm-" + responseId(true, 0).substring("chatcmpl-".length()))
        .put("object", "model_permission").put("created", created)
        .put("allow_create_engine", false).put("allow_sampling", true).put("allow_logprobs", true)
        .put("allow_search_indices", false).put("allow_view", true).put("allow_fine_tuning", false)
        .put("organization", "*").putNull("group");
    permission.put("is_blocking", false);
    ObjectNode root = mapper.createObjectNode().put("object", "list");
    root.putArray("data").add(card);
    return bytes(root);
  }

  /**
   * @return a whole (non-streamed) chat completion: its reasoning, then its answer (text, or a call of the
   *     request's tool); {@code usage} is left out when {@code withUsage} is false
   */
  public byte[] chatCompletion(String id, long created, GenerationRequest g, boolean withUsage) {
    int completionTokens = g.maxTokens();
    int promptTokens = g.promptTokens();
    int answer = g.answerTokens();
    ObjectNode root = header(id, "chat.completion", created);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (answer > 0 && g.toolName() == null) {
      message.put("content", text(answer));
    } else {
      message.putNull("content");
    }
    message.putNull("refusal").putNull("annotations").putNull("audio").putNull("function_call");
    ArrayNode calls = message.putArray("tool_calls");
    if (answer > 0 && g.toolName() != null) {
      ObjectNode call = calls.addObject().put("id", toolCallId(id)).put("type", "function");
      call.putObject("function").put("name", g.toolName()).put("arguments", toolArguments(answer - 1));
    }
    if (g.reasoningTokens() > 0) {
      message.put(reasoningField, text(g.reasoningTokens()));
    } else {
      message.putNull(reasoningField);
    }
    choice.putNull("logprobs").put("finish_reason", finishReason(g)).putNull("stop_reason").putNull("token_ids");
    root.putNull("service_tier").putNull("system_fingerprint");
    if (withUsage) {
      usage(root, promptTokens, completionTokens).putNull("prompt_tokens_details");
    }
    root.putNull("prompt_logprobs").putNull("prompt_token_ids").putNull("kv_transfer_params");
    return bytes(root);
  }

  /** @return a whole (non-streamed) text completion */
  public byte[] completion(String id, long created, int completionTokens, int promptTokens, boolean withUsage) {
    ObjectNode root = header(id, "text_completion", created);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0).put("text", text(completionTokens)).putNull("logprobs").put("finish_reason", "length")
        .putNull("stop_reason").putNull("prompt_logprobs").putNull("prompt_token_ids").putNull("token_ids");
    root.putNull("service_tier").putNull("system_fingerprint");
    if (withUsage) {
      usage(root, promptTokens, completionTokens).putNull("prompt_tokens_details");
    }
    root.putNull("kv_transfer_params");
    return bytes(root);
  }

  /**
   * @return vLLM's {@code /v1/embeddings} answer: one {@code embedding} of {@value #EMBEDDING_DIMENSIONS} floats per
   *     input, drawn from the seed and the input's index, and usage with the inputs' prompt tokens
   */
  public byte[] embeddings(String id, long created, int[] promptTokens) {
    ObjectNode root = header(id, "list", created);
    ArrayNode data = root.putArray("data");
    int total = 0;
    for (int i = 0; i < promptTokens.length; i++) {
      ObjectNode item = data.addObject().put("index", i).put("object", "embedding");
      ArrayNode vector = item.putArray("embedding");
      SplittableRandom random = new SplittableRandom(seed * 31 + id.hashCode() * 17L + i);
      for (int d = 0; d < EMBEDDING_DIMENSIONS; d++) vector.add((float) (random.nextDouble() * 2 - 1));
      total += promptTokens[i];
    }
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", total).put("total_tokens", total).put("completion_tokens", 0)
        .putNull("prompt_tokens_details");
    return bytes(root);
  }

  /** The length of the simulator's embeddings. */
  static final int EMBEDDING_DIMENSIONS = 8;

  /** @return the role-only first chat chunk (sent together with the first token) */
  public byte[] chatRoleChunk(String id, long created, int promptTokens, boolean continuousUsage) {
    ObjectNode root = header(id, "chat.completion.chunk", created);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("delta").put("role", "assistant").put("content", "");
    choice.putNull("logprobs").putNull("finish_reason");
    if (continuousUsage) {
      usage(root, promptTokens, 0);
    }
    root.putNull("prompt_token_ids");
    return event(root);
  }

  /**
   * @return the chat chunk of token {@code index}: reasoning text while {@code index < reasoningTokens}, then
   *     content, or the tool call (its name, then its arguments piece by piece); the last one carries the finish
   *     reason ({@code "tool_calls"} for a tool call, else {@code "length"})
   */
  public byte[] chatTokenChunk(String id, long created, int index, GenerationRequest g, boolean continuousUsage) {
    boolean last = index == g.maxTokens() - 1;
    int promptTokens = g.promptTokens();
    ObjectNode root = header(id, "chat.completion.chunk", created);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode delta = choice.putObject("delta");
    int answerIndex = index - g.reasoningTokens();
    if (answerIndex < 0) {
      delta.put(reasoningField, tokenText(index));
    } else if (g.toolName() == null) {
      delta.put("content", tokenText(answerIndex));
    } else {
      ObjectNode call = delta.putArray("tool_calls").addObject();
      if (answerIndex == 0) {
        call.put("id", toolCallId(id)).put("type", "function").put("index", 0);
        call.putObject("function").put("name", g.toolName());
      } else {
        call.put("index", 0);
        call.putObject("function").put("arguments", toolArgumentPiece(answerIndex - 1, g.answerTokens() - 1));
      }
    }
    choice.putNull("logprobs");
    if (last) {
      choice.put("finish_reason", finishReason(g)).putNull("stop_reason");
    } else {
      choice.putNull("finish_reason");
    }
    choice.putNull("token_ids");
    if (continuousUsage) {
      usage(root, promptTokens, index + 1);
    }
    return event(root);
  }

  /** @return the completions chunk of token {@code index} (vLLM 0.11.1 shape: every key, {@code usage:null}) */
  public byte[] completionTokenChunk(String id, long created, int index, boolean last, int promptTokens,
      boolean continuousUsage) {
    ObjectNode root = header(id, "text_completion", created);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0).put("text", tokenText(index)).putNull("logprobs");
    if (last) {
      choice.put("finish_reason", "length");
    } else {
      choice.putNull("finish_reason");
    }
    choice.putNull("stop_reason").putNull("prompt_token_ids").putNull("token_ids");
    if (continuousUsage) {
      usage(root, promptTokens, index + 1);
    } else {
      root.putNull("usage");
    }
    return event(root);
  }

  /** @return the final usage-only chunk: {@code "choices":[]} and the usage */
  public byte[] usageChunk(boolean chat, String id, long created, int promptTokens, int completionTokens) {
    ObjectNode root = header(id, chat ? "chat.completion.chunk" : "text_completion", created);
    root.putArray("choices");
    usage(root, promptTokens, completionTokens);
    return event(root);
  }

  /** {@code "tool_calls"} when the answer calls a tool, else {@code "length"} (every answer runs to max_tokens). */
  private static String finishReason(GenerationRequest g) {
    return g.toolName() != null && g.answerTokens() > 0 ? "tool_calls" : "length";
  }

  /** vLLM's {@code chatcmpl-tool-<hex>} id, derived from the response's id. */
  private static String toolCallId(String responseId) {
    return "chatcmpl-tool-" + responseId.substring(responseId.length() - 16);
  }

  /**
   * Piece {@code i} of a tool call's {@code count} argument pieces, one per token: together they are the JSON
   * object {@code {"query": "<words>"}} (or {@code {}} for one piece, nothing for none).
   */
  static String toolArgumentPiece(int i, int count) {
    if (count == 1) return "{}";
    if (i == 0) return "{\"query\": \"";
    if (i == count - 1) return "\"}";
    return tokenText(i - 1).trim() + " ";
  }

  /** The whole arguments of a tool call of {@code count} argument pieces. */
  static String toolArguments(int count) {
    StringBuilder arguments = new StringBuilder();
    for (int i = 0; i < count; i++) arguments.append(toolArgumentPiece(i, count));
    return arguments.toString();
  }

  /** @return {@code data: [DONE]\n\n} */
  public static byte[] done() {
    return "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
  }

  /** @return an SSE event whose JSON is cut in half (the malformed-body fault) */
  public static byte[] truncatedEvent(byte[] event) {
    int half = Math.max(7, event.length / 2);
    byte[] broken = new byte[half + 2];
    System.arraycopy(event, 0, broken, 0, half);
    broken[half] = '\n';
    broken[half + 1] = '\n';
    return broken;
  }

  private ObjectNode header(String id, String object, long created) {
    return mapper.createObjectNode().put("id", id).put("object", object).put("created", created).put("model", model);
  }

  private static ObjectNode usage(ObjectNode root, int promptTokens, int completionTokens) {
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", promptTokens).put("total_tokens", promptTokens + completionTokens)
        .put("completion_tokens", completionTokens);
    return usage;
  }

  private byte[] event(ObjectNode node) {
    byte[] json = bytes(node);
    byte[] event = new byte[json.length + 8];
    System.arraycopy(DATA, 0, event, 0, 6);
    System.arraycopy(json, 0, event, 6, json.length);
    event[event.length - 2] = '\n';
    event[event.length - 1] = '\n';
    return event;
  }

  private byte[] bytes(ObjectNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
}
