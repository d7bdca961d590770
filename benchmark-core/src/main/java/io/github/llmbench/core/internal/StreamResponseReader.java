package io.github.llmbench.core.internal;

import com.fasterxml.jackson.core.JacksonException;
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
  private final TimeSource time;
  private final long maxResponseBytes;
  private final int maxEventBytes;

  StreamResponseReader(ObjectMapper mapper, TimeSource time, long maxResponseBytes, int maxEventBytes) {
    this.mapper = mapper;
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
      JsonNode root;
      try {
        root = mapper.readTree(data);
      } catch (JacksonException e) {
        failure = new Failure(FailureKind.MALFORMED_CHUNK, "stream chunk " + (contentCount + 1)
            + " is not JSON: " + e.getOriginalMessage());
        return;
      }
      if (root == null || !root.isObject()) {
        failure = new Failure(FailureKind.MALFORMED_CHUNK, "a stream chunk is not a JSON object: "
            + abbreviate(data));
        return;
      }
      JsonNode error = root.get("error");
      if ((error != null && !error.isNull()) || "error".equals(root.path("object").asText(""))) {
        failure = new Failure(FailureKind.STREAM_ERROR, "error inside the stream: " + abbreviate(data));
        return;
      }
      JsonNode usage = root.get("usage");
      if (usage != null && usage.isObject()) {
        usageReported = true;
        promptTokens = usage.path("prompt_tokens").asLong(0);
        completionTokens = usage.path("completion_tokens").asLong(0);
      }
      JsonNode choices = root.get("choices");
      if (choices != null && choices.isArray() && !choices.isEmpty() && choices.get(0).isObject()) {
        JsonNode choice = choices.get(0);
        JsonNode delta = choice.path("delta");
        if (nonEmpty(delta.get("content")) || nonEmpty(delta.get("reasoning_content"))
            || nonEmpty(choice.get("text"))) {
          if (contentCount == contentTimes.length) {
            contentTimes = java.util.Arrays.copyOf(contentTimes, contentCount * 2);
          }
          contentTimes[contentCount++] = event.receivedNanos();
        }
        JsonNode finish = choice.get("finish_reason");
        if (finish != null && !finish.isNull() && !finish.asText("").isEmpty()) finished = true;
      }
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

  private static boolean nonEmpty(@Nullable JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isEmpty();
  }

  /** Long enough that the transport can redact an echoed key before it cuts the detail. */
  private static String abbreviate(String s) {
    return s.length() <= 4000 ? s : s.substring(0, 4000);
  }
}
