package io.github.llmbench.core.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.core.internal.sse.SseDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A streamed completion ({@code text/event-stream}) for chat or completions, fed read by read as the bytes arrive,
 * each event timestamped with the read that completed it:
 *
 * <ul>
 *   <li>content is output or reasoning. Output is {@code choices[0].delta.content} or a non-empty
 *       {@code delta.tool_calls} (chat), or {@code choices[0].text} (completions); reasoning is
 *       {@code delta.reasoning_content} or {@code delta.reasoning} (vLLM's two names for a reasoning model's
 *       thinking). A chunk counts only when one of them is non-empty, so a role-only first chunk and a usage-only
 *       last chunk ({@code choices: []}) do not;
 *   <li>a stream with any reasoning chunk reports a {@link RequestOutcome.Reasoning}: its tokens from
 *       {@code usage.completion_tokens_details.reasoning_tokens}, else the number of reasoning chunks;
 *   <li>usage comes from any chunk with a non-null {@code usage} (the last one wins); without any, the completion
 *       tokens are the number of content chunks and the exchange says usage was not reported;
 *   <li>{@code [DONE]} ends the stream; an event whose JSON carries {@code error} (or {@code object: "error"}) is
 *       {@link RequestOutcome.FailureKind#STREAM_ERROR}; data that is not a JSON object is {@link
 *       RequestOutcome.FailureKind#MALFORMED_CHUNK}; the body ending before {@code [DONE]} or a {@code finish_reason}
 *       is {@link RequestOutcome.FailureKind#STREAM_CUT}.
 * </ul>
 *
 * Each event is bounded by the event limit ({@link RequestOutcome.FailureKind#EVENT_TOO_LARGE}); content arrival times are kept as
 * primitive longs. One per stream; not thread-safe.
 */
final class EventStreamBody {
  private final JsonFactory factory;
  private final int maxEventBytes;
  private final SseDecoder decoder;
  /** Arrival times of the content chunks; {@code contentCount} of them are set. */
  private long[] contentTimes = new long[64];
  private int contentCount;
  /** When the first output (not reasoning) chunk arrived; 0 before one did. */
  private long firstOutputNanos;
  private int reasoningChunks;
  private boolean stoppedByLength;
  private @Nullable Failure failure;
  private boolean done;
  private boolean finished;
  private boolean usageReported;
  private long promptTokens;
  private long completionTokens;
  private long reasoningTokens;
  private boolean reasoningReported;

  EventStreamBody(ObjectMapper mapper, int maxEventBytes) {
    this.factory = mapper.getFactory();
    this.maxEventBytes = maxEventBytes;
    this.decoder = new SseDecoder(this::onEvent, maxEventBytes);
  }

  /** Feeds one read's bytes. */
  void feed(byte[] bytes, int offset, int length, long readNanos) {
    if (failure != null || done) return;
    decoder.feed(bytes, offset, length, readNanos);
    if (decoder.tooLarge() && failure == null) {
      failure = new Failure(RequestOutcome.FailureKind.EVENT_TOO_LARGE, "a stream event passed the limit of " + maxEventBytes
          + " bytes, after " + contentCount + " content chunks");
    }
  }

  /** Whether a failure was found: the rest of the stream is not wanted. */
  @Nullable Failure failure() {
    return failure;
  }

  /** Whether {@code [DONE]} arrived. */
  boolean done() {
    return done;
  }

  int contentChunks() {
    return contentCount;
  }

  /** The body ended (its framing said so): a stream without {@code [DONE]} or a finish is cut. */
  void ended() {
    if (failure == null && !done && !finished) {
      boolean leftover = decoder.finish();
      failure = new Failure(RequestOutcome.FailureKind.STREAM_CUT, "the stream ended before [DONE] or a finish_reason, after "
          + contentCount + " content chunks" + (leftover ? " and an unfinished event" : ""));
    }
  }

  /** The connection failed mid-stream: a cut, unless the stream had already ended or failed. */
  void broke(Failure cause) {
    if (failure != null || done) return;
    failure = cause.kind() == RequestOutcome.FailureKind.TIMEOUT ? cause
        : new Failure(RequestOutcome.FailureKind.STREAM_CUT, "stream cut after " + contentCount + " content chunks: " + cause.detail());
  }

  /** A limit passed elsewhere (the whole response's bytes) ends the stream with that failure. */
  void failWith(Failure cause) {
    if (failure == null) failure = cause;
  }

  Exchange exchange(int status, long endNanos) {
    if (failure != null) return Exchange.failed(status, failure, endNanos);
    if (contentCount == 0) {
      return new Exchange(status, promptTokens, completionTokens, usageReported, null, null, endNanos, reasoning());
    }
    long[] gaps = new long[contentCount - 1];
    for (int i = 1; i < contentCount; i++) gaps[i - 1] = contentTimes[i] - contentTimes[i - 1];
    Exchange.StreamTimes times = new Exchange.StreamTimes(contentTimes[0], contentTimes[contentCount - 1],
        contentCount, gaps, firstOutputNanos);
    long completion = usageReported ? completionTokens : contentCount;
    return new Exchange(status, promptTokens, completion, usageReported, null, times, endNanos, reasoning());
  }

  /** The stream's reasoning, when it carried any (chunks, or reasoning tokens the usage reported). */
  private RequestOutcome.@Nullable Reasoning reasoning() {
    boolean reportedSome = reasoningReported && reasoningTokens > 0;
    if (reasoningChunks == 0 && !reportedSome) return null;
    return new RequestOutcome.Reasoning(reasoningReported ? reasoningTokens : reasoningChunks, !reasoningReported,
        firstOutputNanos != 0, stoppedByLength);
  }

  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

  /** One event's data, as bytes valid during the call (no string is made unless the event is reported). */
  private void onEvent(@Nullable String event, byte[] data, int offset, int length, long receivedNanos) {
    if (failure != null || done) return;
    if (length >= DONE.length && Arrays.equals(data, offset, offset + DONE.length, DONE, 0, DONE.length)) {
      done = true;
      return;
    }
    Chunk chunk;
    try {
      chunk = parse(data, offset, length);
    } catch (JacksonException e) {
      failure = new Failure(RequestOutcome.FailureKind.MALFORMED_CHUNK, "stream chunk " + (contentCount + 1)
          + " is not JSON: " + e.getOriginalMessage());
      return;
    } catch (IOException e) { // reading a String: cannot happen, but must not pass as a transport failure
      failure = new Failure(RequestOutcome.FailureKind.MALFORMED_CHUNK, "stream chunk " + (contentCount + 1)
          + " could not be read: " + e.getMessage());
      return;
    }
    if (chunk == null) {
      failure = new Failure(RequestOutcome.FailureKind.MALFORMED_CHUNK, "a stream chunk is not a JSON object: "
          + abbreviate(data, offset, length));
      return;
    }
    if (chunk.error) {
      failure = new Failure(RequestOutcome.FailureKind.STREAM_ERROR, "error inside the stream: " + abbreviate(data, offset, length));
      return;
    }
    if (chunk.usage != null) {
      usageReported = true;
      promptTokens = chunk.usage.promptTokens();
      completionTokens = chunk.usage.completionTokens();
      reasoningReported = chunk.usage.reasoningReported();
      reasoningTokens = chunk.usage.reasoningTokens();
    }
    if (chunk.output || chunk.reasoning) {
      if (contentCount == contentTimes.length) contentTimes = Arrays.copyOf(contentTimes, contentCount * 2);
      contentTimes[contentCount++] = receivedNanos;
    }
    if (chunk.reasoning) reasoningChunks++;
    if (chunk.output && firstOutputNanos == 0) firstOutputNanos = receivedNanos;
    if (chunk.finished) {
      finished = true;
      stoppedByLength = chunk.stoppedByLength;
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
    /** {@code usage} when it is an object. */
    @Nullable UsageFields usage;
    /** {@code choices[0]} carried non-empty {@code delta.content}, {@code delta.tool_calls} or {@code text}. */
    boolean output;
    /** {@code choices[0]} carried non-empty {@code delta.reasoning_content} or {@code delta.reasoning}. */
    boolean reasoning;
    /** {@code choices[0].finish_reason} is set (as {@code asText}: any scalar but null and the empty string). */
    boolean finished;
    /** {@code choices[0].finish_reason} is {@code "length"}. */
    boolean stoppedByLength;
  }

  /** The chunk's fields, or {@code null} when the data is not a JSON object. */
  private @Nullable Chunk parse(byte[] data, int offset, int length) throws IOException {
    try (JsonParser p = factory.createParser(data, offset, length)) {
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
          case "usage" -> chunk.usage = value == JsonToken.START_OBJECT ? usage(p) : skip(p);
          case "choices" -> readChoices(p, value, chunk);
          default -> p.skipChildren();
        }
      }
      chunk.error = chunk.errorField || chunk.errorObject;
      return chunk;
    }
  }

  private static @Nullable UsageFields skip(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  private static UsageFields usage(JsonParser p) throws IOException {
    UsageFields usage = new UsageFields();
    JsonToken token = p.currentToken();
    while (!usage.token(p, token)) token = p.nextToken();
    return usage;
  }

  /** {@code choices}: only its first element counts, and only when that is an object. */
  private static void readChoices(JsonParser p, JsonToken value, Chunk chunk) throws IOException {
    chunk.output = false;
    chunk.reasoning = false;
    chunk.finished = false;
    chunk.stoppedByLength = false;
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
    boolean text = false;
    boolean finished = false;
    boolean length = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "delta" -> readDelta(p, value, chunk); // a repeated key: the last one counts
        case "text" -> text = nonEmptyString(p, value);
        case "finish_reason" -> {
          // JsonNode.asText(""): a scalar's text (a number, a boolean, a string); "" for null and containers
          finished = value.isScalarValue() && value != JsonToken.VALUE_NULL && !p.getText().isEmpty();
          length = value == JsonToken.VALUE_STRING && "length".equals(p.getText());
          p.skipChildren();
        }
        default -> p.skipChildren();
      }
    }
    chunk.output |= text;
    chunk.finished = finished;
    chunk.stoppedByLength = length;
  }

  /**
   * A {@code delta}, into the chunk: output is non-empty {@code content} or a non-empty {@code tool_calls} array;
   * reasoning is non-empty {@code reasoning_content} or {@code reasoning} (a repeated key: the last one counts).
   */
  private static void readDelta(JsonParser p, JsonToken value, Chunk chunk) throws IOException {
    boolean content = false;
    boolean toolCalls = false;
    boolean reasoningContent = false;
    boolean reasoning = false;
    if (value == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "content" -> content = nonEmptyString(p, v);
          case "tool_calls" -> toolCalls = nonEmptyArray(p, v);
          case "reasoning_content" -> reasoningContent = nonEmptyString(p, v);
          case "reasoning" -> reasoning = nonEmptyString(p, v);
          default -> p.skipChildren();
        }
      }
    } else {
      p.skipChildren();
    }
    chunk.output = content || toolCalls;
    chunk.reasoning = reasoningContent || reasoning;
  }

  /** A non-empty array (the parser then moves past it). */
  private static boolean nonEmptyArray(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren();
      return false;
    }
    boolean any = p.nextToken() != JsonToken.END_ARRAY;
    if (any) {
      p.skipChildren();
      while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren();
    }
    return any;
  }

  /** A non-empty string value (the parser then moves past any container value instead). */
  private static boolean nonEmptyString(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) return p.getTextLength() > 0;
    p.skipChildren();
    return false;
  }

  /** The event as text, no longer than a failure's detail keeps (redacted, then cut, by {@link Failure}). */
  private static String abbreviate(byte[] data, int offset, int length) {
    return new String(data, offset, Math.min(length, Failure.MAX_RAW_DETAIL), StandardCharsets.UTF_8);
  }
}
