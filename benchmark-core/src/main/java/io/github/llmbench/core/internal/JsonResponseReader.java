package io.github.llmbench.core.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.FailureKind;
import io.github.llmbench.core.TimeSource;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.Response;

/**
 * A non-streamed completion: a JSON object whose {@code usage.prompt_tokens} and {@code usage.completion_tokens}
 * are counted (missing usage counts 0 tokens and is still a success, as in the unified script).
 *
 * <p>The body is parsed as it arrives and only {@code usage} is kept, so a body of any valid size costs no memory
 * (the mapper's factory has no string-length limit; the response limit bounds the bytes). The end time is read
 * when the last byte has arrived, before {@code usage} is turned into numbers.
 */
final class JsonResponseReader implements ResponseReader {
  private static final int DRAIN_BUFFER = 512;

  private final ObjectMapper mapper;
  private final JsonFactory factory;
  private final TimeSource time;
  private final long maxResponseBytes;

  JsonResponseReader(ObjectMapper mapper, TimeSource time, long maxResponseBytes) {
    this.mapper = mapper;
    this.factory = mapper.getFactory();
    this.time = time;
    this.maxResponseBytes = maxResponseBytes;
  }

  @Override
  public Exchange read(Response response) throws IOException {
    int status = response.code();
    JsonNode usage = null;
    try (InputStream in = new LimitedInputStream(response.body().byteStream(), maxResponseBytes);
        JsonParser parser = factory.createParser(in)) {
      JsonToken first;
      try {
        first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
          drain(in);
          long end = time.monotonicNanos();
          String type = first == null ? "empty" : first.isStructStart() ? "array" : "a scalar";
          return Exchange.failed(status, new Failure(FailureKind.MALFORMED_BODY,
              "the 200 response is JSON but not an object (" + type + ")"), end);
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if ("usage".equals(field) && value == JsonToken.START_OBJECT) {
            usage = mapper.readTree(parser);
          } else {
            parser.skipChildren();
          }
        }
        if (parser.nextToken() != null) {
          throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected content after the object");
        }
      } catch (JacksonException e) {
        drainQuietly(in);
        return Exchange.failed(status, new Failure(FailureKind.MALFORMED_BODY,
            "the 200 response is not JSON: " + e.getOriginalMessage()), time.monotonicNanos());
      }
      drain(in);
    }
    long end = time.monotonicNanos();
    if (usage == null) return new Exchange(status, 0, 0, false, null, null, end);
    return new Exchange(status, usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0),
        true, null, null, end);
  }

  /** Reads to the end, so the end time is the body's last byte and the connection can be reused. */
  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[DRAIN_BUFFER];
    while (in.read(buffer) >= 0) {
      // discard
    }
  }

  private static void drainQuietly(InputStream in) {
    try {
      drain(in);
    } catch (IOException e) {
      // the body is already known to be malformed
    }
  }
}
