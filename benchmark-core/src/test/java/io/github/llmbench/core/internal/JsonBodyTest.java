package io.github.llmbench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.RequestOutcome;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A completion body decides the same whether it is short (kept whole and parsed when it ends) or long (parsed read
 * by read as it arrives), and however its bytes are split across reads.
 */
class JsonBodyTest {
  private static final String USAGE = "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34}";

  static Stream<Arguments> bodies() {
    return Stream.of(
        Arguments.of("{\"choices\":[{\"message\":{\"content\":\"%s\"}}]," + USAGE + "}", null, 12L, 34L),
        Arguments.of("{\"choices\":[{\"message\":{\"content\":\"%s\"}}]}", null, 0L, 0L),
        Arguments.of("{\"usage\":{\"prompt_tokens\":1},\"x\":\"%s\",\"usage\":{\"prompt_tokens\":\"7\","
            + "\"completion_tokens\":2.9}}", null, 7L, 2L),
        Arguments.of("{\"usage\":{\"prompt_tokens\":5},\"x\":\"%s\",\"usage\":null}", null, 5L, 0L),
        Arguments.of("{\"x\":\"%s\"} trailing", RequestOutcome.FailureKind.MALFORMED_BODY, 0L, 0L),
        Arguments.of("[\"%s\"]", RequestOutcome.FailureKind.MALFORMED_BODY, 0L, 0L),
        Arguments.of("{\"x\":\"%s\"", RequestOutcome.FailureKind.MALFORMED_BODY, 0L, 0L),
        Arguments.of("{\"x\":\"%s\" nope}", RequestOutcome.FailureKind.MALFORMED_BODY, 0L, 0L));
  }

  @ParameterizedTest
  @MethodSource("bodies")
  void shortAndLongBodiesAndEverySplitDecideAlike(String template, RequestOutcome.@Nullable FailureKind failure,
      long prompt,
      long completion) {
    for (int filler : new int[] {5, JsonBody.BUFFERED_BYTES + 100}) {
      byte[] body = String.format(template, "a".repeat(filler)).getBytes(StandardCharsets.UTF_8);
      for (int split : new int[] {body.length, 1, 7, 4096}) {
        JsonBody parsed = new JsonBody(JsonCodec.mapper());
        for (int at = 0; at < body.length; at += split) {
          parsed.feed(body, at, Math.min(split, body.length - at));
        }
        Exchange e = parsed.exchange(200, 1L);
        String what = template + " filler " + filler + " split " + split;
        assertThat(e.failure() == null ? null : e.failure().kind()).as(what).isEqualTo(failure);
        if (failure == null) {
          assertThat(e.promptTokens()).as(what).isEqualTo(prompt);
          assertThat(e.completionTokens()).as(what).isEqualTo(completion);
        }
      }
    }
  }

  /** Every odd shape a count can take reads as Jackson's tree reads it ({@code path(name).asLong(0)}). */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "{\"prompt_tokens\":12,\"completion_tokens\":34}", "{\"prompt_tokens\":\"7\",\"completion_tokens\":2.9}",
      "{\"prompt_tokens\":true,\"completion_tokens\":false}", "{\"prompt_tokens\":null}",
      "{\"prompt_tokens\":{\"n\":5},\"completion_tokens\":[1,2]}", "{\"prompt_tokens\":\"x\"}",
      "{\"prompt_tokens\":1,\"prompt_tokens\":2,\"x\":{\"prompt_tokens\":9}}",
      "{\"prompt_tokens\":99999999999999999999,\"completion_tokens\":-3}", "{}"})
  void countsReadAsTheTreeReadsThem(String usage) throws Exception {
    byte[] body = ("{\"usage\":" + usage + "}").getBytes(StandardCharsets.UTF_8);
    JsonBody parsed = new JsonBody(JsonCodec.mapper());
    parsed.feed(body, 0, body.length);
    Exchange e = parsed.exchange(200, 1L);
    com.fasterxml.jackson.databind.JsonNode tree = JsonCodec.mapper().readTree(usage);
    assertThat(e.promptTokens()).as(usage).isEqualTo(tree.path("prompt_tokens").asLong(0));
    assertThat(e.completionTokens()).as(usage).isEqualTo(tree.path("completion_tokens").asLong(0));
  }
}
