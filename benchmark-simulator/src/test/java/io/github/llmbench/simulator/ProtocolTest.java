package io.github.llmbench.simulator;

import static io.github.llmbench.simulator.SimClient.chatBody;
import static io.github.llmbench.simulator.SimClient.completionBody;
import static io.github.llmbench.simulator.SimClient.events;
import static io.github.llmbench.simulator.SimClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bodies, framing and errors of every endpoint, over real HTTP. */
class ProtocolTest {
  static final String CHAT = "/v1/chat/completions";
  static final String COMPLETIONS = "/v1/completions";
  static SimulatedLlmServer server;
  static SimClient client;

  @BeforeAll
  static void start() {
    server = SimulatedLlmServer.start(SimClient.fast().build());
    client = new SimClient(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    Iterator<String> names = node.fieldNames();
    names.forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void healthIs200WithEmptyBody() throws Exception {
    HttpResponse<String> response = client.get("/health");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void modelsListsTheServedModelInVllmShape() throws Exception {
    HttpResponse<String> response = client.get("/v1/models");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode root = json(response.body());
    assertThat(root.get("object").asText()).isEqualTo("list");
    JsonNode card = root.get("data").get(0);
    assertThat(keys(card)).containsExactly("id", "object", "created", "owned_by", "root", "parent", "max_model_len",
        "permission");
    assertThat(card.get("id").asText()).isEqualTo(SimulatedLlmServer.DEFAULT_MODEL).isEqualTo(server.model());
    assertThat(card.get("max_model_len").asInt()).isEqualTo(32768);
    assertThat(card.get("permission").get(0).get("object").asText()).isEqualTo("model_permission");
  }

  /** A reasoning model's thinking in the field the configuration names: vLLM 0.11's, or vLLM 0.16's. */
  @Test
  void reasoningGoesInTheConfiguredFieldBeforeTheAnswer() throws Exception {
    for (String field : List.of("reasoning_content", "reasoning")) {
      try (SimulatedLlmServer reasoning = SimulatedLlmServer.start(SimClient.fast().reasoningTokens(2)
          .reasoningField(field).build())) {
        SimClient c = new SimClient(reasoning);
        List<String> events = events(c.post(CHAT, chatBody("Think", 4, true, true)).body());
        // Role chunk, two reasoning chunks, two content chunks, usage, [DONE].
        assertThat(json(events.get(1)).at("/choices/0/delta/" + field).asText()).isEqualTo(" lorem");
        assertThat(json(events.get(2)).at("/choices/0/delta/" + field).asText()).isEqualTo(" ipsum");
        assertThat(keys(json(events.get(3)).at("/choices/0/delta"))).containsExactly("content");
        JsonNode whole = json(c.post(CHAT, chatBody("Think", 4, false, false)).body()).at("/choices/0/message");
        assertThat(whole.get(field).asText()).isEqualTo(" lorem ipsum");
        assertThat(whole.get("content").asText()).isEqualTo(" lorem ipsum");
      }
    }
    assertThatThrownBy(() -> SimulatorConfig.builder().reasoningField("thinking").build())
        .hasMessage("reasoningField (thinking) should be reasoning_content or reasoning");
  }

  /** vLLM's embeddings answer: one vector per input, usage with the inputs' prompt tokens and no completion. */
  @Test
  void embeddingsAnswerEachInputInVllmShape() throws Exception {
    HttpResponse<String> one = client.post("/v1/embeddings", "{\"model\": \"" + server.model() + "\", "
        + "\"input\": \"" + "abcd".repeat(10) + "\"}");
    assertThat(one.statusCode()).isEqualTo(200);
    JsonNode root = json(one.body());
    assertThat(keys(root)).containsExactly("id", "object", "created", "model", "data", "usage");
    assertThat(root.get("id").asText()).startsWith("embd-");
    assertThat(root.get("object").asText()).isEqualTo("list");
    assertThat(keys(root.get("data").get(0))).containsExactly("index", "object", "embedding");
    assertThat(root.get("data").get(0).get("embedding")).hasSize(8);
    assertThat(keys(root.get("usage"))).containsExactly("prompt_tokens", "total_tokens", "completion_tokens",
        "prompt_tokens_details");
    assertThat(root.get("usage").get("prompt_tokens").asInt()).isEqualTo(10);
    assertThat(root.get("usage").get("completion_tokens").asInt()).isZero();
    JsonNode batch = json(client.post("/v1/embeddings", "{\"input\": [\"abcd\", [1, 2, 3]]}").body());
    assertThat(batch.get("data")).hasSize(2);
    assertThat(batch.get("data").get(1).get("index").asInt()).isEqualTo(1);
    assertThat(batch.get("usage").get("prompt_tokens").asInt()).isEqualTo(4);
    assertThat(json(client.post("/v1/embeddings", "{\"input\": [1, 2, 3]}").body()).get("usage")
        .get("prompt_tokens").asInt()).isEqualTo(3);
    HttpResponse<String> missing = client.post("/v1/embeddings", "{\"model\": \"" + server.model() + "\"}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json(missing.body()).get("error").get("message").asText()).isEqualTo("Field required: input.");
    assertThat(client.post("/v1/embeddings", "{\"input\": [{}]}").statusCode()).isEqualTo(400);
    assertThat(client.post("/v1/embeddings", "{\"model\": \"other\", \"input\": \"x\"}").statusCode())
        .isEqualTo(404);
    assertThat(server.statistics().requests()).filteredOn(t -> t.endpoint().equals("/v1/embeddings"))
        .filteredOn(t -> t.status() == 200).allSatisfy(t -> assertThat(t.completionTokens()).isZero()).hasSize(3);
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() throws Exception {
    assertThat(client.get("/v2/nothing").statusCode()).isEqualTo(404);
    HttpResponse<String> response = client.get(CHAT);
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(json(response.body()).get("detail").asText()).isEqualTo("Method Not Allowed");
  }

  @Test
  void wholeChatCompletionHasVllmKeysTextAndUsage() throws Exception {
    String prompt = "Explain in detail: ".repeat(25); // 475 characters -> ceil(475/4) = 119 tokens
    HttpResponse<String> response = client.post(CHAT, chatBody(prompt, 5, false, false));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode root = json(response.body());
    assertThat(keys(root)).containsExactly("id", "object", "created", "model", "choices", "service_tier",
        "system_fingerprint", "usage", "prompt_logprobs", "prompt_token_ids", "kv_transfer_params");
    assertThat(root.get("id").asText()).matches("chatcmpl-[0-9a-f]{32}");
    assertThat(root.get("object").asText()).isEqualTo("chat.completion");
    JsonNode choice = root.get("choices").get(0);
    assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
    assertThat(choice.get("message").get("content").asText()).isEqualTo(" lorem ipsum dolor sit amet");
    assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
    JsonNode usage = root.get("usage");
    assertThat(keys(usage)).containsExactly("prompt_tokens", "total_tokens", "completion_tokens",
        "prompt_tokens_details");
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(119);
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(5);
    assertThat(usage.get("total_tokens").asInt()).isEqualTo(124);
  }

  @Test
  void maxTokensDefaultsTo16AndMaxCompletionTokensIsHonoured() throws Exception {
    String noMax = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertThat(json(client.post(CHAT, noMax).body()).get("usage").get("completion_tokens").asInt()).isEqualTo(16);
    String completionTokens = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_completion_tokens\":3}";
    assertThat(json(client.post(CHAT, completionTokens).body()).get("usage").get("completion_tokens").asInt())
        .isEqualTo(3);
  }

  @Test
  void imagesAddTokensPerImageToThePrompt() throws Exception {
    String body = "{\"model\":\"" + SimulatedLlmServer.DEFAULT_MODEL + "\",\"max_tokens\":1,\"messages\":["
        + "{\"role\":\"system\",\"content\":\"abcd\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"abcdefgh\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.invalid/x.jpg\"}}]}]}";
    JsonNode usage = json(client.post(CHAT, body).body()).get("usage");
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(3 + 2 * 576); // 12 chars -> 3, plus two images
  }

  @Test
  void streamedChatHasRoleChunkOneChunkPerTokenUsageThenDone() throws Exception {
    HttpResponse<String> response = client.post(CHAT, chatBody("Count: 1, 2,", 4, true, true));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
    assertThat(response.headers().firstValue("content-length")).isEmpty();
    List<String> events = events(response.body());
    assertThat(events).hasSize(1 + 4 + 1 + 1);
    JsonNode role = json(events.get(0));
    assertThat(keys(role)).containsExactly("id", "object", "created", "model", "choices", "prompt_token_ids");
    assertThat(role.get("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(role.get("choices").get(0).get("delta").toString()).isEqualTo("{\"role\":\"assistant\",\"content\":\"\"}");
    String id = role.get("id").asText();
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 4; i++) {
      JsonNode chunk = json(events.get(i));
      assertThat(chunk.get("id").asText()).isEqualTo(id);
      assertThat(chunk.has("usage")).isFalse();
      JsonNode choice = chunk.get("choices").get(0);
      assertThat(choice.get("delta").has("role")).isFalse();
      text.append(choice.get("delta").get("content").asText());
      if (i < 4) {
        assertThat(choice.get("finish_reason").isNull()).isTrue();
        assertThat(choice.has("stop_reason")).isFalse();
      } else {
        assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
        assertThat(choice.has("stop_reason")).isTrue();
      }
    }
    assertThat(text.toString()).isEqualTo(" lorem ipsum dolor sit");
    JsonNode usageChunk = json(events.get(5));
    assertThat(usageChunk.get("choices").isEmpty()).isTrue();
    assertThat(keys(usageChunk.get("usage"))).containsExactly("prompt_tokens", "total_tokens", "completion_tokens");
    assertThat(usageChunk.get("usage").get("prompt_tokens").asInt()).isEqualTo(3); // 12 chars
    assertThat(usageChunk.get("usage").get("completion_tokens").asInt()).isEqualTo(4);
    assertThat(events.get(6)).isEqualTo("[DONE]");
  }

  @Test
  void streamWithoutStreamOptionsHasNoUsageAnywhere() throws Exception {
    List<String> events = events(client.post(CHAT, chatBody("hi", 3, true, false)).body());
    assertThat(events).hasSize(1 + 3 + 1);
    assertThat(events.subList(0, 4)).allSatisfy(e -> assertThat(json(e).has("usage")).isFalse());
    assertThat(events.get(4)).isEqualTo("[DONE]");
  }

  @Test
  void emptyStreamOptionsTurnUsageOnLikeVllm011AndContinuousUsageCountsUp() throws Exception {
    String empty = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2,\"stream\":true,"
        + "\"stream_options\":{}}";
    List<String> events = events(client.post(CHAT, empty).body());
    assertThat(json(events.get(events.size() - 2)).get("usage").get("completion_tokens").asInt()).isEqualTo(2);

    String continuous = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2,\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true}}";
    events = events(client.post(CHAT, continuous).body());
    assertThat(events).hasSize(1 + 2 + 1 + 1);
    for (int i = 0; i < 4; i++) {
      assertThat(json(events.get(i)).get("usage").get("completion_tokens").asInt()).isEqualTo(Math.min(i, 2));
    }
  }

  @Test
  void completionsWholeAndStreamed() throws Exception {
    HttpResponse<String> whole = client.post(COMPLETIONS, completionBody("1, 2,", 3, false, false));
    assertThat(whole.statusCode()).isEqualTo(200);
    JsonNode root = json(whole.body());
    assertThat(root.get("id").asText()).startsWith("cmpl-");
    assertThat(root.get("object").asText()).isEqualTo("text_completion");
    assertThat(root.get("choices").get(0).get("text").asText()).isEqualTo(" lorem ipsum dolor");
    assertThat(root.get("usage").get("prompt_tokens").asInt()).isEqualTo(2); // 5 chars
    assertThat(root.get("usage").get("completion_tokens").asInt()).isEqualTo(3);

    List<String> events = events(client.post(COMPLETIONS, completionBody("1, 2,", 3, true, true)).body());
    assertThat(events).hasSize(3 + 1 + 1); // no role chunk for completions
    for (int i = 0; i < 3; i++) {
      JsonNode chunk = json(events.get(i));
      assertThat(keys(chunk)).containsExactly("id", "object", "created", "model", "choices", "usage");
      assertThat(chunk.get("usage").isNull()).isTrue();
      assertThat(keys(chunk.get("choices").get(0))).containsExactly("index", "text", "logprobs", "finish_reason",
          "stop_reason", "prompt_token_ids", "token_ids");
    }
    assertThat(json(events.get(2)).get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
    assertThat(json(events.get(3)).get("usage").get("total_tokens").asInt()).isEqualTo(5);
    assertThat(events.get(4)).isEqualTo("[DONE]");

    HttpResponse<String> tokenIds = client.post(COMPLETIONS, "{\"prompt\":[1,2,3,4,5,6,7],\"max_tokens\":1}");
    assertThat(json(tokenIds.body()).get("usage").get("prompt_tokens").asInt()).isEqualTo(7);
  }

  @Test
  void unknownModelIs404WithVllmErrorBody() throws Exception {
    HttpResponse<String> response = client.post(CHAT,
        "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo(
        "{\"error\":{\"message\":\"The model `gpt-4` does not exist.\",\"type\":\"NotFoundError\","
            + "\"param\":null,\"code\":404}}");
  }

  @Test
  void malformedBodiesAre400() throws Exception {
    String[] bad = {
        "{not json",
        "",
        "[1,2]",
        "{\"messages\":[]}",
        "{\"max_tokens\":3}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":\"ten\"}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream_options\":{\"include_usage\":true}}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":40000}",
        "{\"messages\":[{\"content\":\"no role\"}]}",
    };
    for (String body : bad) {
      HttpResponse<String> response = client.post(CHAT, body);
      assertThat(response.statusCode()).as(body).isEqualTo(400);
      JsonNode error = json(response.body()).get("error");
      assertThat(error.get("type").asText()).as(body).isEqualTo("BadRequestError");
      assertThat(error.get("code").asInt()).isEqualTo(400);
    }
    assertThat(json(client.post(CHAT, bad[7]).body()).get("error").get("message").asText())
        .isEqualTo("Stream options can only be defined when `stream=True`.");
    assertThat(json(client.post(CHAT, bad[8]).body()).get("error").get("message").asText())
        .contains("maximum context length");
    assertThat(client.post(COMPLETIONS, "{\"max_tokens\":3}").statusCode()).isEqualTo(400);
  }

  @Test
  void keepAliveServesTwoRequestsOnOneSocketWithChunkedFraming() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String body = chatBody("hi", 2, true, false);
      String request = "POST " + CHAT + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
      for (int round = 0; round < 2; round++) {
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        List<String> headers = new ArrayList<>();
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
          headers.add(line.toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(headers).contains("transfer-encoding: chunked").doesNotContain("connection: close");
        StringBuilder decoded = new StringBuilder();
        while (true) {
          int size = Integer.parseInt(in.readLine(), 16);
          if (size == 0) {
            assertThat(in.readLine()).isEmpty();
            break;
          }
          char[] data = new char[size]; // ASCII body, so chars == bytes
          int read = 0;
          while (read < size) {
            read += in.read(data, read, size - read);
          }
          decoded.append(data);
          assertThat(in.readLine()).isEmpty();
        }
        assertThat(events(decoded.toString())).hasSize(4).last().isEqualTo("[DONE]");
      }
    }
  }
}
