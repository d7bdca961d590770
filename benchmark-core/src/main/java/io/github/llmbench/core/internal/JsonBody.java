package io.github.llmbench.core.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.RequestOutcome;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A non-streamed completion: a JSON object whose {@code usage.prompt_tokens} and {@code usage.completion_tokens}
 * are counted (missing usage counts 0 tokens and is still a success, as in the unified script), with
 * {@code usage.completion_tokens_details.reasoning_tokens} when a reasoning model reports it.
 *
 * <p>Only {@code usage} is kept (a repeated key: the last object wins, as {@code readTree} has it). A body of up to
 * {@value #BUFFERED_BYTES} bytes (a completion's usual size) is kept and parsed when it ends with Jackson's blocking
 * parser, the faster one; a longer body is parsed read by read with its non-blocking parser as it arrives, so a
 * body of any valid size costs no more memory than that; the response limit bounds the bytes. A body that is not
 * JSON, not an object, or has content after the object is {@link RequestOutcome.FailureKind#MALFORMED_BODY}, decided
 * when it ends. One per response; not thread-safe.
 */
final class JsonBody {
  static final int BUFFERED_BYTES = 64 * 1024;

  private final ObjectMapper mapper;
  /** The body so far, while it is short enough to be parsed whole. */
  private byte[] buffer = new byte[0];
  private int length;
  /** The non-blocking parser, once the body is too long to keep. */
  private @Nullable JsonParser parser;
  private @Nullable ByteArrayFeeder feeder;
  private int depth;
  private boolean started;
  private boolean closed;
  /** Set at depth 1 when the field just read is {@code usage}. */
  private boolean usageField;
  /** The {@code usage} object being read, and the last one read (a repeated key: the last object wins). */
  private @Nullable UsageFields reading;
  private @Nullable UsageFields usage;
  private @Nullable String malformed;

  JsonBody(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Feeds one read's bytes; they are copied or consumed before this returns. */
  void feed(byte[] bytes, int offset, int count) {
    if (malformed != null || count == 0) return;
    if (parser == null && length + count <= BUFFERED_BYTES) {
      if (length + count > buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.min(BUFFERED_BYTES, Math.max(buffer.length * 2, length + count)));
      }
      System.arraycopy(bytes, offset, buffer, length, count);
      length += count;
      return;
    }
    try {
      if (parser == null) {
        JsonParser p = mapper.getFactory().createNonBlockingByteArrayParser();
        parser = p;
        feeder = (ByteArrayFeeder) p.getNonBlockingInputFeeder();
        feeder.feedInput(buffer, 0, length);
        drainTokens(p);
        buffer = new byte[0];
      }
      feeder.feedInput(bytes, offset, offset + count);
      drainTokens(parser);
    } catch (JacksonException e) {
      malformed = "the 200 response is not JSON: " + e.getOriginalMessage();
    } catch (IOException e) {
      malformed = "the 200 response could not be read: " + e.getMessage();
    }
  }

  /** The body ended: the exchange it makes. */
  Exchange exchange(int status, long endNanos) {
    if (malformed == null) {
      try {
        if (parser == null) {
          try (JsonParser whole = mapper.getFactory().createParser(buffer, 0, length)) {
            drainTokens(whole);
          }
        } else {
          feeder.endOfInput();
          drainTokens(parser);
        }
        if (!started) malformed = "the 200 response is JSON but not an object (empty)";
        else if (!closed) malformed = "the 200 response is not JSON: unexpected end of the body";
      } catch (JacksonException e) {
        malformed = "the 200 response is not JSON: " + e.getOriginalMessage();
      } catch (IOException e) {
        malformed = "the 200 response could not be read: " + e.getMessage();
      }
    }
    if (malformed != null) return Exchange.failed(status, new Failure(RequestOutcome.FailureKind.MALFORMED_BODY, malformed), endNanos);
    if (usage == null) return new Exchange(status, 0, 0, false, null, null, endNanos);
    // Only the usage tells a whole response's reasoning; the answer is what the completion holds beyond it.
    RequestOutcome.Reasoning reasoning = usage.reasoningTokens() > 0
        ? new RequestOutcome.Reasoning(usage.reasoningTokens(), false,
            usage.completionTokens() > usage.reasoningTokens(), false)
        : null;
    return new Exchange(status, usage.promptTokens(), usage.completionTokens(), true, null, null, endNanos,
        reasoning);
  }

  /** Reads the tokens the parser has: all of them (blocking), or those the input so far holds (non-blocking). */
  private void drainTokens(JsonParser parser) throws IOException {
    JsonToken token;
    while (malformed == null && (token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
      if (!started) {
        started = true;
        if (token != JsonToken.START_OBJECT) {
          malformed = "the 200 response is JSON but not an object (" + (token.isStructStart() ? "array" : "a scalar")
              + ")";
          return;
        }
        depth = 1;
        continue;
      }
      if (closed) {
        malformed = "the 200 response is not JSON: unexpected content after the object";
        return;
      }
      if (reading != null) {
        if (reading.token(parser, token)) {
          usage = reading;
          reading = null;
        }
        continue;
      }
      if (depth == 1 && token == JsonToken.FIELD_NAME) {
        usageField = "usage".equals(parser.currentName());
        continue;
      }
      if (depth == 1 && usageField && token == JsonToken.START_OBJECT) {
        reading = new UsageFields();
        reading.token(parser, token);
        usageField = false;
        continue;
      }
      usageField = false;
      if (token.isStructStart()) {
        depth++;
      } else if (token.isStructEnd() && --depth == 0) {
        closed = true;
      }
    }
  }
}
