package io.github.llmbench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.RequestOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stream reader reads each chunk with Jackson's streaming parser; these chunks, each sent as a stream of its
 * own, must come out exactly as the reader's former {@code readTree} rules decide them (implemented here, on the
 * tree, as the reference): content or not, finished or not, usage, error, malformed. The odd shapes (repeated
 * keys, containers where strings belong, a later choice, text after the object) are where the two could differ.
 */
class StreamChunkParsingTest {
  private static final ObjectMapper MAPPER = JsonCodec.mapper();

  static Stream<String> chunks() {
    return Stream.of(
        "{\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"\"}}]}",
        "{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}",
        "{\"choices\":[{\"delta\":{\"reasoning_content\":\"think\"}}]}",
        "{\"choices\":[{\"delta\":{\"content\":null,\"reasoning_content\":\"\"}}]}",
        "{\"choices\":[{\"delta\":{\"reasoning\":\"think\"}}]}",
        "{\"choices\":[{\"delta\":{\"reasoning\":\"a\",\"reasoning_content\":\"a\"}}]}",
        "{\"choices\":[{\"delta\":{\"reasoning\":\"\",\"reasoning_content\":null}}]}",
        "{\"choices\":[{\"delta\":{\"reasoning\":\"a\",\"content\":\"b\"}}]}",
        "{\"choices\":[{\"delta\":{\"reasoning\":[\"a\"]}}]}",
        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\"}}]}}]}",
        "{\"choices\":[{\"delta\":{\"tool_calls\":[]}}]}",
        "{\"choices\":[{\"delta\":{\"tool_calls\":null,\"content\":\"\"}}]}",
        "{\"choices\":[{\"delta\":{\"tool_calls\":{\"index\":0}}}]}",
        "{\"choices\":[{\"delta\":{\"tool_calls\":[[1],2]}}]}",
        "{\"choices\":[{\"delta\":{\"tool_calls\":[{}],\"tool_calls\":[]}}]}",
        "{\"choices\":[{\"delta\":{\"reasoning\":\"x\"},\"finish_reason\":\"length\"}]}",
        "{\"choices\":[{\"text\":\"completion\"}]}",
        "{\"choices\":[{\"text\":\"\",\"finish_reason\":\"length\"}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}",
        "{\"choices\":[{\"delta\":{},\"finish_reason\":\"\"}]}",
        "{\"choices\":[{\"delta\":{},\"finish_reason\":1}]}",
        "{\"choices\":[{\"delta\":{},\"finish_reason\":false}]}",
        "{\"choices\":[{\"delta\":{},\"finish_reason\":{\"why\":\"stop\"}}]}",
        "{\"choices\":[{\"delta\":{},\"finish_reason\":[\"stop\"]}]}",
        "{\"choices\":[{\"delta\":[\"content\",\"x\"]}]}",
        "{\"choices\":[{\"delta\":\"content\"}]}",
        "{\"choices\":[{\"delta\":{\"content\":{\"text\":\"x\"}}}]}",
        "{\"choices\":[{\"delta\":{\"content\":[\"x\"]}}]}",
        "{\"choices\":[{\"delta\":{\"content\":5}}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"x\"}},{\"delta\":{\"content\":\"y\"},\"finish_reason\":\"stop\"}]}",
        "{\"choices\":[{\"delta\":{}},{\"delta\":{\"content\":\"only the second\"}}]}",
        "{\"choices\":[\"not an object\",{\"delta\":{\"content\":\"x\"}}]}",
        "{\"choices\":[]}",
        "{\"choices\":{\"delta\":{\"content\":\"x\"}}}",
        "{\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"choices\":[]}",
        "{\"choices\":[{\"delta\":{\"content\":\"x\"},\"delta\":{}}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"\",\"content\":\"x\"}}]}",
        "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34}}",
        "{\"usage\":{\"prompt_tokens\":\"7\",\"completion_tokens\":2.9}}",
        "{\"usage\":{\"prompt_tokens\":1},\"usage\":null}",
        "{\"usage\":[1,2]}",
        "{\"choices\":[],\"usage\":{\"completion_tokens\":9,\"completion_tokens_details\":{\"reasoning_tokens\":7}}}",
        "{\"usage\":{\"completion_tokens_details\":{\"reasoning_tokens\":null}}}",
        "{\"usage\":{\"completion_tokens_details\":null,\"completion_tokens\":3}}",
        "{\"usage\":{\"completion_tokens_details\":{\"reasoning_tokens\":\"4\",\"x\":{\"reasoning_tokens\":9}}}}",
        "{\"usage\":{\"completion_tokens_details\":{\"reasoning_tokens\":{\"n\":1}}}}",
        "{\"usage\":{\"reasoning_tokens\":5,\"prompt_tokens_details\":{\"reasoning_tokens\":6}}}",
        "{\"usage\":{\"completion_tokens_details\":[{\"reasoning_tokens\":2}]}}",
        "{\"usage\":null,\"choices\":[{\"delta\":{\"content\":\"x\"}}]}",
        "{\"error\":{\"message\":\"boom\"}}",
        "{\"error\":null,\"choices\":[{\"delta\":{\"content\":\"x\"}}]}",
        "{\"error\":false}",
        "{\"error\":\"x\",\"error\":null}",
        "{\"object\":\"error\",\"message\":\"boom\"}",
        "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"x\"}}]}",
        "{\"object\":[\"error\"]}",
        "{\"nested\":{\"error\":\"not at the top\",\"choices\":[1]},\"choices\":[{\"text\":\"x\"}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]} trailing text",
        "{\"choices\":[{\"delta\":{\"content\":\"caf\\u00e9 \\\"q\\\"\"}}]}",
        "[1,2]",
        "\"text\"",
        "null",
        "42",
        "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]",
        "{\"choices\":[{\"delta\":{\"content\":\"x\"}}],}",
        "{\"choices\":[{\"delta\":{\"content\":\"x\\q\"}}]}",
        "{not json}");
  }

  /** What the reader decides for a stream of this chunk, then a finish chunk and [DONE]. */
  private record Decision(RequestOutcome.@Nullable FailureKind failure, int contentChunks, boolean usageReported,
      long prompt, long completion, RequestOutcome.@Nullable Reasoning reasoning, boolean output) {}

  @ParameterizedTest
  @MethodSource("chunks")
  void eachChunkIsDecidedAsTheTreeRulesDecideIt(String chunk) throws IOException {
    assertThat(read(chunk)).as(chunk).isEqualTo(reference(chunk));
  }

  @ParameterizedTest
  @MethodSource("chunks")
  void aChunkThatFinishesTheStreamIsSeenAsTheTreeRulesSeeIt(String chunk) throws IOException {
    // Without [DONE], only a finish_reason ends the stream: a cut stream otherwise.
    Exchange exchange = read("data: " + chunk + "\n\n", true);
    ReferenceChunk ref = ReferenceChunk.of(chunk);
    boolean cut = exchange.failure() != null && exchange.failure().kind() == RequestOutcome.FailureKind.STREAM_CUT;
    if (ref.failure == null) assertThat(cut).as(chunk).isEqualTo(!ref.finished);
  }

  /** The stream fed to the reader in one read, then ended (when it has not ended itself). */
  private static Exchange read(String body, boolean ends) {
    EventStreamBody stream = new EventStreamBody(MAPPER, 1 << 16);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    stream.feed(bytes, 0, bytes.length, 1L);
    if (ends) stream.ended();
    return stream.exchange(200, 2L);
  }

  private static Decision read(String chunk) throws IOException {
    Exchange e = read("data: " + chunk + "\n\ndata: [DONE]\n\n", true);
    int content = e.stream() == null ? 0 : e.stream().contentChunks();
    return new Decision(e.failure() == null ? null : e.failure().kind(), content, e.usageReported(),
        e.promptTokens(), e.usageReported() ? e.completionTokens() : 0, e.reasoning(),
        e.stream() != null && e.stream().firstOutputNanos() != 0);
  }

  private static Decision reference(String chunk) throws IOException {
    ReferenceChunk ref = ReferenceChunk.of(chunk);
    if (ref.failure != null) return new Decision(ref.failure, 0, false, 0, 0, null, false);
    JsonNode reported = ref.usage == null ? null : ref.usage.path("completion_tokens_details").get("reasoning_tokens");
    boolean reasoningReported = reported != null && !reported.isNull();
    long reasoningTokens = reasoningReported ? reported.asLong(0) : 0;
    RequestOutcome.Reasoning reasoning = !ref.reasoning && reasoningTokens == 0 ? null
        : new RequestOutcome.Reasoning(reasoningReported ? reasoningTokens : 1, !reasoningReported, ref.output,
            ref.length);
    return new Decision(null, ref.output || ref.reasoning ? 1 : 0, ref.usage != null,
        ref.usage == null ? 0 : ref.usage.path("prompt_tokens").asLong(0),
        ref.usage == null ? 0 : ref.usage.path("completion_tokens").asLong(0), reasoning, ref.output);
  }

  /** The reader's rules before the streaming parser, on Jackson's tree. */
  private static final class ReferenceChunk {
    RequestOutcome.@Nullable FailureKind failure;
    @Nullable JsonNode usage;
    boolean output;
    boolean reasoning;
    boolean finished;
    boolean length;

    static ReferenceChunk of(String data) {
      ReferenceChunk r = new ReferenceChunk();
      JsonNode root;
      try {
        root = MAPPER.readTree(data);
      } catch (IOException e) {
        r.failure = RequestOutcome.FailureKind.MALFORMED_CHUNK;
        return r;
      }
      if (root == null || !root.isObject()) {
        r.failure = RequestOutcome.FailureKind.MALFORMED_CHUNK;
        return r;
      }
      JsonNode error = root.get("error");
      if ((error != null && !error.isNull()) || "error".equals(root.path("object").asText(""))) {
        r.failure = RequestOutcome.FailureKind.STREAM_ERROR;
        return r;
      }
      JsonNode usage = root.get("usage");
      if (usage != null && usage.isObject()) r.usage = usage;
      JsonNode choices = root.get("choices");
      if (choices != null && choices.isArray() && !choices.isEmpty() && choices.get(0).isObject()) {
        JsonNode choice = choices.get(0);
        JsonNode delta = choice.path("delta");
        JsonNode calls = delta.get("tool_calls");
        r.output = nonEmpty(delta.get("content")) || nonEmpty(choice.get("text"))
            || (calls != null && calls.isArray() && !calls.isEmpty());
        r.reasoning = nonEmpty(delta.get("reasoning_content")) || nonEmpty(delta.get("reasoning"));
        JsonNode finish = choice.get("finish_reason");
        r.finished = finish != null && !finish.isNull() && !finish.asText("").isEmpty();
        r.length = finish != null && finish.isTextual() && finish.textValue().equals("length");
      }
      return r;
    }

    private static boolean nonEmpty(@Nullable JsonNode node) {
      return node != null && node.isTextual() && !node.textValue().isEmpty();
    }
  }
}
