package io.github.llmbench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestBodyWriterTest {
  private final ObjectMapper mapper = JsonCodec.mapper();
  private final RequestBodyWriter writer = new RequestBodyWriter(mapper);

  /** Text with all that JSON escapes or encodes: quotes, backslash, controls, slash, non-ASCII, a surrogate pair. */
  private static final String AWKWARD =
      "say \"hi\" \\ to\n\tthe \u0001 world / caf\u00e9 \u4e2d\u6587 \ud83d\ude00 \u2028 end";

  private static Map<String, Object> chatBody(String prompt) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "user");
    message.put("content", prompt);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", "m");
    body.put("messages", List.of(message));
    body.put("max_tokens", 100);
    body.put("stream", true);
    body.put("stream_options", Map.of("include_usage", true));
    return body;
  }

  private void assertSameBytesAsMapper(Map<String, Object> body) throws IOException {
    byte[] expected = mapper.writeValueAsBytes(body);
    assertThat(new String(writer.write(body), StandardCharsets.UTF_8))
        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
    assertThat(writer.write(body)).isEqualTo(expected);
  }

  @Test
  void writesTheMappersBytesForEveryKindOfValue() throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("z_first", "key order is kept, not sorted");
    body.put("text", AWKWARD);
    body.put("empty", "");
    body.put("null", null);
    body.put("int", -7);
    body.put("long", Long.MAX_VALUE);
    body.put("double", 0.1);
    body.put("float", 1.5f);
    body.put("short", (short) 3);
    body.put("big_decimal", new BigDecimal("1E+3"));
    body.put("big_integer", new BigInteger("123456789012345678901234567890"));
    body.put("bool", false);
    body.put("list", Arrays.asList(1, "two", null, List.of(), Map.of()));
    body.put("set", new LinkedHashSet<>(List.of("a", "b")));
    body.put("array", new int[] {1, 2});
    Map<Object, Object> intKeys = new LinkedHashMap<>();
    intKeys.put(1, "one");
    body.put("int_keys", intKeys);
    body.put("nested", Map.of("deeper", List.of(Map.of("x", AWKWARD.repeat(40)))));
    assertSameBytesAsMapper(body);
  }

  @Test
  void aLongStringWrittenAgainAndAgainStaysTheSameBytes() throws IOException {
    String prompt = ("Explain in detail: " + AWKWARD).repeat(60);
    for (int i = 0; i < 5; i++) assertSameBytesAsMapper(chatBody(prompt)); // first, second and cached sightings
  }

  @Test
  void aCachedStringIsNeverWrittenForAnotherStringOfTheSameSlot() throws IOException {
    // Many distinct long strings, each twice, so that slots are filled, hit and overwritten in turn.
    List<String> prompts = new ArrayList<>();
    for (int i = 0; i < 4 * RequestBodyWriter.SLOTS; i++) prompts.add(("prompt " + i + " ").repeat(40));
    for (int round = 0; round < 3; round++) {
      for (String p : prompts) assertSameBytesAsMapper(chatBody(p));
      // equal text in a new instance must also come out right (identity decides, not equality)
      for (String p : prompts) assertSameBytesAsMapper(chatBody(new String(p.toCharArray())));
    }
  }

  @Test
  void stringsBeyondTheCachedSizesAreWrittenDirectly() throws IOException {
    String tiny = "x".repeat(RequestBodyWriter.MIN_CACHED_CHARS - 1);
    String huge = AWKWARD.repeat(RequestBodyWriter.MAX_CACHED_CHARS / AWKWARD.length() + 1);
    for (int i = 0; i < 3; i++) {
      assertSameBytesAsMapper(chatBody(tiny));
      assertSameBytesAsMapper(chatBody(huge));
    }
  }

  @Test
  void aBodyTheMapperCannotWriteFailsAsItWould() {
    Map<String, Object> body = new HashMap<>();
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, 1);
    body.put("bad", nullKey);
    assertThatThrownBy(() -> mapper.writeValueAsBytes(body)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> writer.write(body)).isInstanceOf(IOException.class);
    body.put("bad", new Object());
    assertThatThrownBy(() -> writer.write(body)).isInstanceOf(IOException.class);
  }

  /** A body of the same JSON as the last reuses its bytes; a map filled again with other values does not. */
  @Test
  void aRepeatedBodyReusesItsBytesAndARefilledMapDoesNot() throws Exception {
    RequestBodyWriter writer = new RequestBodyWriter(new com.fasterxml.jackson.databind.ObjectMapper());
    String prompt = "Explain in detail: ".repeat(125);
    java.util.Map<String, Object> one = new java.util.LinkedHashMap<>();
    one.put("model", "m");
    one.put("messages", java.util.List.of(java.util.Map.of("role", "user", "content", prompt)));
    one.put("max_tokens", 100);
    java.util.Map<String, Object> two = new java.util.LinkedHashMap<>(one);
    byte[] first = writer.write(one);
    assertThat(writer.write(two)).isSameAs(first);
    two.put("max_tokens", 101);
    assertThat(new String(writer.write(two), StandardCharsets.UTF_8)).contains("\"max_tokens\":101");
    // The same map instance, filled again: its new content is written, not the old bytes.
    java.util.Map<String, Object> reused = new java.util.LinkedHashMap<>(one);
    byte[] before = writer.write(reused);
    reused.put("model", "other");
    assertThat(new String(writer.write(reused), StandardCharsets.UTF_8)).contains("\"model\":\"other\"");
    // Keys in another order write other text.
    java.util.Map<String, Object> reordered = new java.util.LinkedHashMap<>();
    reordered.put("max_tokens", 100);
    reordered.put("model", "m");
    reordered.put("messages", one.get("messages"));
    assertThat(new String(writer.write(reordered), StandardCharsets.UTF_8)).startsWith("{\"max_tokens\":100");
    assertThat(before).isNotEmpty();
  }
}
