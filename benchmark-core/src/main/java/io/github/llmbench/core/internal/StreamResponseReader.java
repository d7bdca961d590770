package io.github.llmbench.core.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.FailureKind;
import io.github.llmbench.core.TimeSource;
import io.github.llmbench.core.internal.sse.SseDecoder;
import io.github.llmbench.core.internal.sse.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * A streamed completion ({@code text/event-stream}) for chat or completions, read event by event with each event
 * timestamped when its bytes arrived:
 *
 * <ul>
 *   <li>content is {@code choices[0].delta.content} or {@code delta.reasoning_content} (chat) or
 *       {@code choices[0].text} (completions); a chunk counts only when it is non-empty, so a role-only first chunk
 *       and a usage-only last chunk ({@code choices: []}) do not;
 *   <li>usage comes from any chunk with a non-null {@code usage} (the last one wins); without any, the completion
 *       tokens are the number of content chunks and the exchange says usage was not reported;
 *   <li>{@code [DONE]} ends the stream; an event whose JSON carries {@code error} (or {@code object: "error"}) is
 *       {@link FailureKind#STREAM_ERROR}; data that is not a JSON object is {@link FailureKind#MALFORMED_CHUNK};
 *       the body ending, or the connection failing, before {@code [DONE]} or a {@code finish_reason} is
 *       {@link FailureKind#STREAM_CUT} (a timeout stays {@link FailureKind#TIMEOUT}).
 * </ul>
 *
 * A stream is bounded: its bytes by the response limit ({@link FailureKind#RESPONSE_TOO_LARGE}), each event by the
 * event limit ({@link FailureKind#EVENT_TOO_LARGE}); content arrival times are kept as primitive longs.
 *
 * <p>Stateless and thread-safe; each call has its own decoder.
 */
final class StreamResponseReader implements ResponseReader {
  private static final int BUFFER = 8192;

  private final ObjectMapper mapper;
  private final JsonFactory factory;
  private final TimeSource time;
  private final long maxResponseBytes;
  private final int maxEventBytes;

  StreamResponseReader(ObjectMapper mapper, TimeSource time, long maxResponseBytes, int maxEventBytes) {
    this.mapper = mapper;
    this.factory = mapper.getFactory();
    this.time = time;
    this.maxResponseBytes = maxResponseBytes;
    this.maxEventBytes = maxEventBytes;
  }

  @Override
  public Exchange read(Response response) throws IOException {
    State state = new State(response.code());
    SseDecoder decoder = new SseDecoder(state::onEvent, maxEventBytes);
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = new LimitedInputStream(response.body().byteStream(), maxResponseBytes)) {
      while (state.failure == null && !state.done) {
        int n = in.read(buffer);
        long now = time.monotonicNanos();
        state.lastReadNanos = now;
        if (n < 0) break;
        decoder.feed(buffer, 0, n, now);
        if (decoder.tooLarge()) {
          state.failure = new Failure(FailureKind.EVENT_TOO_LARGE, "a stream event passed the limit of "
              + maxEventBytes + " bytes, after " + state.contentCount + " content chunks");
        }
      }
    } catch (LimitedInputStream.TooLargeException e) {
      state.lastReadNanos = time.monotonicNanos();
      if (state.failure == null) {
        state.failure = new Failure(FailureKind.RESPONSE_TOO_LARGE, "the stream passed the limit of "
            + e.maxBytes + " bytes, after " + state.contentCount + " content chunks");
      }
    } catch (IOException e) {
      state.lastReadNanos = time.monotonicNanos();
      if (state.failure == null && !state.done) {
        Failure f = Failure.ofException(e);
        state.failure = f.kind() == FailureKind.TIMEOUT ? f
            : new Failure(FailureKind.STREAM_CUT, "stream cut after " + state.contentCount
                + " content chunks: " + f.detail());
      }
    }
    if (state.failure == null && !state.done && !state.finished) {
      boolean leftover = decoder.finish();
      state.failure = new Failure(FailureKind.STREAM_CUT, "the stream ended before [DONE] or a finish_reason, after "
          + state.contentCount + " content chunks" + (leftover ? " and an unfinished event" : ""));
    }
    return state.exchange();
  }

  /** What one stream has shown so far. */
  private final class State {
    final int status;
    /** Arrival times of the content chunks; {@code contentCount} of them are set. */
    long[] contentTimes = new long[64];
    int contentCount;
    long lastReadNanos;
    @Nullable Failure failure;
    boolean done;
    boolean finished;
    boolean usageReported;
    long promptTokens;
    long completionTokens;

    State(int status) {
      this.status = status;
    }

    void onEvent(SseEvent event) {
      if (failure != null || done) return;
      String data = event.data();
      if (data.startsWith("[DONE]")) {
        done = true;
        return;
      }
      Chunk chunk;
      try {
        chunk = parse(data);
      } catch (JacksonException e) {
        failure = new Failure(FailureKind.MALFORMED_CHUNK, "stream chunk " + (contentCount + 1)
            + " is not JSON: " + e.getOriginalMessage());
        return;
      } catch (IOException e) { // reading a String: cannot happen, but must not pass as a transport failure
        failure = new Failure(FailureKind.MALFORMED_CHUNK, "stream chunk " + (contentCount + 1)
            + " could not be read: " + e.getMessage());
        return;
      }
      if (chunk == null) {
        failure = new Failure(FailureKind.MALFORMED_CHUNK, "a stream chunk is not a JSON object: "
            + abbreviate(data));
        return;
      }
      if (chunk.error) {
        failure = new Failure(FailureKind.STREAM_ERROR, "error inside the stream: " + abbreviate(data));
        return;
      }
      if (chunk.usage != null) {
        usageReported = true;
        promptTokens = chunk.usage.path("prompt_tokens").asLong(0);
        completionTokens = chunk.usage.path("completion_tokens").asLong(0);
      }
      if (chunk.content) {
        if (contentCount == contentTimes.length) {
          contentTimes = java.util.Arrays.copyOf(contentTimes, contentCount * 2);
        }
        contentTimes[contentCount++] = event.receivedNanos();
      }
      if (chunk.finished) finished = true;
    }

    Exchange exchange() {
      if (failure != null) return Exchange.failed(status, failure, lastReadNanos);
      if (contentCount == 0) {
        return new Exchange(status, promptTokens, completionTokens, usageReported, null, null, lastReadNanos);
      }
      long[] gaps = new long[contentCount - 1];
      for (int i = 1; i < contentCount; i++) gaps[i - 1] = contentTimes[i] - contentTimes[i - 1];
      Exchange.StreamTimes times = new Exchange.StreamTimes(contentTimes[0], contentTimes[contentCount - 1],
          contentCount, gaps);
      long completion = usageReported ? completionTokens : contentCount;
      return new Exchange(status, promptTokens, completion, usageReported, null, times, lastReadNanos);
    }
  }

  /**
   * What one chunk says, as {@code readTree} would have shown it (a repeated key: the last one counts; text past
   * the object is ignored), read with the streaming parser: a tree per chunk was 15 % of a streamed step's CPU.
   */
  private static final class Chunk {
    /** A non-null {@code error}, or {@code object: "error"}. */
    boolean error;
    boolean errorField;
    boolean errorObject;
    /** {@code usage} when it is an object (read as a tree: one small object, once per stream). */
    @Nullable JsonNode usage;
    /** {@code choices[0]} carried non-empty {@code delta.content}, {@code delta.reasoning_content} or {@code text}. */
    boolean content;
    /** {@code choices[0].finish_reason} is set (as {@code asText}: any scalar but null and the empty string). */
    boolean finished;
  }

  /** The chunk's fields, or {@code null} when the data is not a JSON object. */
  private @Nullable Chunk parse(String data) throws IOException {
    try (JsonParser p = factory.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Chunk chunk = new Chunk();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "error" -> {
            chunk.errorField = value != JsonToken.VALUE_NULL;
            p.skipChildren();
          }
          case "object" -> {
            chunk.errorObject = value == JsonToken.VALUE_STRING && "error".equals(p.getText());
            p.skipChildren();
          }
          case "usage" -> chunk.usage = value == JsonToken.START_OBJECT ? mapper.readTree(p) : skip(p);
          case "choices" -> readChoices(p, value, chunk);
          default -> p.skipChildren();
        }
      }
      chunk.error = chunk.errorField || chunk.errorObject;
      return chunk;
    }
  }

  private static @Nullable JsonNode skip(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  private static boolean skipFalse(JsonParser p) throws IOException {
    p.skipChildren();
    return false;
  }

  /** {@code choices}: only its first element counts, and only when that is an object. */
  private static void readChoices(JsonParser p, JsonToken value, Chunk chunk) throws IOException {
    chunk.content = false;
    chunk.finished = false;
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    JsonToken first = p.nextToken();
    if (first == JsonToken.END_ARRAY) return;
    if (first == JsonToken.START_OBJECT) {
      readChoice(p, chunk);
    } else {
      p.skipChildren();
    }
    while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren();
  }

  private static void readChoice(JsonParser p, Chunk chunk) throws IOException {
    boolean deltaContent = false;
    boolean text = false;
    boolean finished = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "delta" -> deltaContent = value == JsonToken.START_OBJECT ? readDelta(p) : skipFalse(p);
        case "text" -> text = nonEmptyString(p, value);
        case "finish_reason" -> {
          // JsonNode.asText(""): a scalar's text (a number, a boolean, a string); "" for null and containers
          finished = value.isScalarValue() && value != JsonToken.VALUE_NULL && !p.getText().isEmpty();
          p.skipChildren();
        }
        default -> p.skipChildren();
      }
    }
    chunk.content = deltaContent || text;
    chunk.finished = finished;
  }

  /** Whether the delta object carries non-empty {@code content} or {@code reasoning_content}. */
  private static boolean readDelta(JsonParser p) throws IOException {
    boolean content = false;
    boolean reasoning = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "content" -> content = nonEmptyString(p, value);
        case "reasoning_content" -> reasoning = nonEmptyString(p, value);
        default -> p.skipChildren();
      }
    }
    return content || reasoning;
  }

  /** A non-empty string value (the parser then moves past any container value instead). */
  private static boolean nonEmptyString(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) return p.getTextLength() > 0;
    p.skipChildren();
    return false;
  }

  /** Long enough that the transport can redact an echoed key before it cuts the detail. */
  private static String abbreviate(String s) {
    return s.length() <= 4000 ? s : s.substring(0, 4000);
  }
}
