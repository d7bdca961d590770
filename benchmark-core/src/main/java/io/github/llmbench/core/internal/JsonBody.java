package io.github.llmbench.core.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.github.llmbench.api.FailureKind;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A non-streamed completion: a JSON object whose {@code usage.prompt_tokens} and {@code usage.completion_tokens}
 * are counted (missing usage counts 0 tokens and is still a success, as in the unified script).
 *
 * <p>The body is parsed read by read with Jackson's non-blocking parser as it arrives, and only {@code usage} is
 * kept (a repeated key: the last object wins, as {@code readTree} has it), so a body of any valid size costs no
 * memory; the response limit bounds the bytes. A body that is not JSON, not an object, or has content after the
 * object is {@link FailureKind#MALFORMED_BODY}, decided when it ends. One per response; not thread-safe.
 */
final class JsonBody {
  private final ObjectMapper mapper;
  private final JsonParser parser;
  private final ByteArrayFeeder feeder;
  private int depth;
  private boolean started;
  private boolean closed;
  /** Set at depth 1 when the field just read is {@code usage}. */
  private boolean usageField;
  private @Nullable TokenBuffer usageTokens;
  private int usageDepth;
  private @Nullable JsonNode usage;
  private @Nullable String malformed;

  JsonBody(ObjectMapper mapper) {
    this.mapper = mapper;
    try {
      this.parser = mapper.getFactory().createNonBlockingByteArrayParser();
    } catch (IOException e) {
      throw new IllegalStateException("Jackson's non-blocking parser is unavailable", e);
    }
    this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
  }

  /** Feeds one read's bytes; they are consumed before this returns. */
  void feed(byte[] bytes, int offset, int length) {
    if (malformed != null || length == 0) return;
    try {
      feeder.feedInput(bytes, offset, offset + length);
      drainTokens();
    } catch (JacksonException e) {
      malformed = "the 200 response is not JSON: " + e.getOriginalMessage();
    } catch (IOException e) {
      malformed = "the 200 response could not be read: " + e.getMessage();
    }
  }

  /** The body ended: the exchange it makes. */
  Exchange exchange(int status, long endNanos) {
    if (malformed == null) {
      feeder.endOfInput();
      try {
        drainTokens();
        if (!started) malformed = "the 200 response is JSON but not an object (empty)";
        else if (!closed) malformed = "the 200 response is not JSON: unexpected end of the body";
      } catch (JacksonException e) {
        malformed = "the 200 response is not JSON: " + e.getOriginalMessage();
      } catch (IOException e) {
        malformed = "the 200 response could not be read: " + e.getMessage();
      }
    }
    if (malformed != null) return Exchange.failed(status, new Failure(FailureKind.MALFORMED_BODY, malformed), endNanos);
    if (usage == null) return new Exchange(status, 0, 0, false, null, null, endNanos);
    return new Exchange(status, usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0),
        true, null, null, endNanos);
  }

  private void drainTokens() throws IOException {
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
      if (usageTokens != null) {
        usageTokens.copyCurrentEvent(parser);
        if (token.isStructStart()) usageDepth++;
        if (token.isStructEnd() && --usageDepth == 0) {
          usage = mapper.readTree(usageTokens.asParser());
          usageTokens = null;
        }
        continue;
      }
      if (depth == 1 && token == JsonToken.FIELD_NAME) {
        usageField = "usage".equals(parser.currentName());
        continue;
      }
      if (depth == 1 && usageField && token == JsonToken.START_OBJECT) {
        usageTokens = new TokenBuffer(mapper, false);
        usageTokens.copyCurrentEvent(parser);
        usageDepth = 1;
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
