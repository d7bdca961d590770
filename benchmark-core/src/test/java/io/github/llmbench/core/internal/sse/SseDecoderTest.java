package io.github.llmbench.core.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The decoder against the shared SSE vectors ({@code src/test/resources/sse/sse-decoder-vectors.json}, copied from
 * {@code shared/fixtures/sse}): each vector fed as its recorded network reads, then again one byte per read, so
 * every split (CRLF, UTF-8 sequences, field names) is exercised.
 */
class SseDecoderTest {
  /** openai-python dispatches {@code event: ping\n\n} with empty data; the WHATWG algorithm does not. */
  private static final String WHATWG_DIFFERS = "event_missing_data";

  static Stream<Arguments> vectors() throws IOException {
    JsonNode root;
    try (InputStream in = SseDecoderTest.class.getResourceAsStream("/sse/sse-decoder-vectors.json")) {
      root = new ObjectMapper().readTree(in);
    }
    List<Arguments> out = new ArrayList<>();
    for (JsonNode v : root.get("vectors")) out.add(Arguments.of(v.get("name").asText(), v));
    assertThat(out).hasSize(13);
    return out.stream();
  }

  private static List<byte[]> chunks(JsonNode vector) {
    List<byte[]> chunks = new ArrayList<>();
    for (JsonNode hex : vector.get("chunks_hex")) chunks.add(HexFormat.of().parseHex(hex.asText()));
    return chunks;
  }

  private static List<List<String>> expected(String name, JsonNode vector) {
    List<List<String>> events = new ArrayList<>();
    if (name.equals(WHATWG_DIFFERS)) return events;
    for (JsonNode e : vector.get("expected_events")) {
      events.add(java.util.Arrays.asList(e.get("event").isNull() ? null : e.get("event").asText(),
          e.get("data").asText()));
    }
    return events;
  }

  private static List<List<String>> decode(List<byte[]> reads) {
    List<List<String>> events = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(e -> events.add(java.util.Arrays.asList(e.event(), e.data())));
    long t = 0;
    for (byte[] read : reads) decoder.feed(read, 0, read.length, t++);
    decoder.finish();
    return events;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesTheRecordedReads(String name, JsonNode vector) {
    assertThat(decode(chunks(vector))).isEqualTo(expected(name, vector));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesOneBytePerRead(String name, JsonNode vector) {
    List<byte[]> bytes = new ArrayList<>();
    for (byte[] chunk : chunks(vector)) {
      for (byte b : chunk) bytes.add(new byte[] {b});
    }
    assertThat(decode(bytes)).isEqualTo(expected(name, vector));
  }

  @Test
  void timestampsEachEventWithTheReadThatCompletedIt() {
    List<SseEvent> events = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(events::add);
    byte[] a = "data: {\"a\":1}\n".getBytes();
    byte[] b = "\ndata: {\"b\":2}\r".getBytes();
    byte[] c = "\n\r\n".getBytes();
    decoder.feed(a, 0, a.length, 100);
    decoder.feed(b, 0, b.length, 200);
    decoder.feed(c, 0, c.length, 300);
    assertThat(events).extracting(SseEvent::data).containsExactly("{\"a\":1}", "{\"b\":2}");
    assertThat(events).extracting(SseEvent::receivedNanos).containsExactly(200L, 300L);
  }

  @Test
  void anUnfinishedEventIsDiscardedAndReported() {
    List<SseEvent> events = new ArrayList<>();
    SseDecoder decoder = new SseDecoder(events::add);
    byte[] cut = "data: {\"a\":1}\n\ndata: {\"b\"".getBytes();
    decoder.feed(cut, 0, cut.length, 1);
    assertThat(decoder.finish()).isTrue();
    assertThat(events).extracting(SseEvent::data).containsExactly("{\"a\":1}");
  }
}
