package io.github.llmbench.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.core.internal.transport.ExchangeListener;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Everything above the transport seam for one exchange: it turns the transport's timestamped events into an
 * {@link Exchange}, the same for every transport.
 *
 * <ul>
 *   <li>a 200 answer to a streamed request is read as an event stream ({@link EventStreamBody}) unless it says it is
 *       {@code application/json} (a server that ignored {@code stream: true}); any other 200 as one JSON object
 *       ({@link JsonBody});
 *   <li>any other status is the failure ({@link Failure#ofStatus}), its body read to its end (bounded) and its first
 *       512 bytes kept as the detail; a 3xx is {@link RequestOutcome.FailureKind#REDIRECT} naming its {@code Location},
 *       never followed;
 *   <li>the body is bounded by {@link ClientSettings.ResponseLimits#maxResponseBytes()} and each event by
 *       {@link ClientSettings.ResponseLimits#maxEventBytes()}: past either, reading stops and the connection is closed;
 *   <li>a stream found broken (a malformed chunk, an error event) is read on to its end without being parsed, so
 *       the server finishes the request as it would for any client rather than seeing it abandoned;
 *   <li>a failure's detail is redacted of the API key before it leaves.
 * </ul>
 *
 * The end of an exchange is the read that delivered the response's last byte; a stream's {@code [DONE]} stands for
 * it when the response's framing does not end soon after. One per exchange; called on one thread.
 */
final class ResponseDecoder implements ExchangeListener {
  private static final int ERROR_EXCERPT_BYTES = 512;

  /** Told once, when the exchange is over. */
  interface Completion {
    /**
     * @param exchange what the exchange came to, redacted
     * @param writtenNanos when its request's first byte was written; 0 when it never was
     */
    void completed(Exchange exchange, long writtenNanos);
  }

  /** What every decoder of a run shares. */
  record Settings(ObjectMapper mapper, ClientSettings.ResponseLimits limits, Redactor redactor) {}

  private enum Mode { AWAITING_HEAD, NOT_OK, JSON, STREAM }

  private final Settings settings;
  private final boolean streamAsked;
  private final Completion completion;
  private Mode mode = Mode.AWAITING_HEAD;
  private long writtenNanos;
  private int status;
  private long bodyBytes;
  private @Nullable JsonBody json;
  private @Nullable EventStreamBody events;
  private byte[] excerpt = new byte[0];
  private int excerptLength;
  private @Nullable String location;
  /** A failure decided here (a limit, a broken stream): the exchange ends with it whatever the transport says. */
  private @Nullable Exchange decided;
  /** Whether the rest of a response with a decided failure is still read (to its end, unparsed). */
  private boolean draining;
  private long doneNanos;
  private boolean completed;

  ResponseDecoder(Settings settings, boolean streamAsked, Completion completion) {
    this.settings = settings;
    this.streamAsked = streamAsked;
    this.completion = completion;
  }

  @Override
  public void written(long nanos) {
    if (writtenNanos == 0) writtenNanos = nanos;
  }

  @Override
  public Reading head(int status, ResponseHead head, long nanos) {
    this.status = status;
    if (status != 200) {
      mode = Mode.NOT_OK;
      excerpt = new byte[ERROR_EXCERPT_BYTES];
      if (status >= 300 && status < 400) location = head.header("Location");
      return Reading.CONTINUE;
    }
    String type = head.header("Content-Type");
    boolean jsonAnswer = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
    if (streamAsked && !jsonAnswer) {
      mode = Mode.STREAM;
      events = new EventStreamBody(settings.mapper(), settings.limits().maxEventBytes());
    } else {
      mode = Mode.JSON;
      json = new JsonBody(settings.mapper());
    }
    return Reading.CONTINUE;
  }

  @Override
  public Reading body(byte[] bytes, int offset, int length, long readNanos) {
    if (completed || (decided != null && !draining)) return Reading.ABORT;
    if (doneNanos != 0) return Reading.DONE; // after [DONE]: the rest only keeps the connection
    bodyBytes += length;
    long max = settings.limits().maxResponseBytes();
    if (draining) return bodyBytes > max ? Reading.ABORT : Reading.CONTINUE;
    if (bodyBytes > max) return tooLarge(max, readNanos);
    switch (mode) {
      case NOT_OK -> {
        int take = Math.min(length, excerpt.length - excerptLength);
        System.arraycopy(bytes, offset, excerpt, excerptLength, take);
        excerptLength += take;
      }
      case JSON -> json().feed(bytes, offset, length); // a malformed body is read to its end all the same
      case STREAM -> {
        EventStreamBody stream = events();
        stream.feed(bytes, offset, length, readNanos);
        if (stream.failure() != null) {
          decided = stream.exchange(status, readNanos);
          // Past an event's limit the rest cannot be read safely; a malformed or error event's stream can.
          draining = stream.failure().kind() != RequestOutcome.FailureKind.EVENT_TOO_LARGE;
          return draining ? Reading.CONTINUE : Reading.ABORT;
        }
        if (stream.done()) {
          doneNanos = readNanos;
          return Reading.DONE;
        }
      }
      case AWAITING_HEAD -> {
        return Reading.ABORT; // a transport bug: body before head
      }
    }
    return Reading.CONTINUE;
  }

  private Reading tooLarge(long max, long readNanos) {
    switch (mode) {
      case NOT_OK -> decided = notOk(readNanos); // the status is the failure; the rest is not wanted
      case STREAM -> {
        events().failWith(new Failure(RequestOutcome.FailureKind.RESPONSE_TOO_LARGE, "the stream passed the limit of " + max
            + " bytes, after " + events().contentChunks() + " content chunks"));
        decided = events().exchange(status, readNanos);
      }
      default -> decided = Exchange.failed(status, new Failure(RequestOutcome.FailureKind.RESPONSE_TOO_LARGE,
          "the response body passed the limit of " + max + " bytes"), readNanos);
    }
    return Reading.ABORT;
  }

  @Override
  public void end(long nanos) {
    if (decided != null) {
      complete(decided);
      return;
    }
    switch (mode) {
      case NOT_OK -> complete(notOk(nanos));
      case JSON -> complete(json().exchange(status, nanos));
      case STREAM -> {
        events().ended();
        // A stream ends at its [DONE] when it sends one (the framing's end usually comes in the same read; OkHttp
        // stops reading there), else at the framing's end: the same for both transports.
        complete(events().exchange(status, doneNanos != 0 ? doneNanos : nanos));
      }
      case AWAITING_HEAD -> complete(Exchange.failed(0, new Failure(RequestOutcome.FailureKind.CONNECTION_RESET,
          "connection closed early: the response ended before its head"), nanos));
    }
  }

  @Override
  public void failed(Throwable cause, long nanos) {
    if (decided != null) {
      complete(decided);
      return;
    }
    switch (mode) {
      // The status is the failure; a body that broke off changes nothing.
      case NOT_OK -> complete(notOk(nanos));
      case STREAM -> {
        EventStreamBody stream = events();
        if (doneNanos != 0) {
          complete(stream.exchange(status, doneNanos)); // [DONE] came; the framing's end did not
        } else {
          stream.broke(Failure.ofException(cause));
          complete(stream.exchange(status, nanos));
        }
      }
      default -> complete(Exchange.failed(status, Failure.ofException(cause), nanos));
    }
  }

  /** A non-200 answer: its body's start kept as the detail (a 3xx names its {@code Location}). */
  private Exchange notOk(long endNanos) {
    if (status >= 300 && status < 400) {
      return Exchange.failed(status, new Failure(RequestOutcome.FailureKind.REDIRECT, "HTTP " + status + " redirect to "
          + (location == null ? "(no Location header)" : location) + " not followed"), endNanos);
    }
    // The excerpt is cut at 512 bytes: mask a key that straddles that cut before anything else sees it.
    String text = new String(excerpt, 0, excerptLength, StandardCharsets.UTF_8);
    String kept = excerptLength == excerpt.length ? settings.redactor().redactTail(text) : text;
    return Exchange.failed(status, Failure.ofStatus(status, kept), endNanos);
  }

  private void complete(Exchange exchange) {
    if (completed) return;
    completed = true;
    completion.completed(exchange.redacted(settings.redactor()), writtenNanos);
  }

  private JsonBody json() {
    if (json == null) throw new IllegalStateException("no JSON body");
    return json;
  }

  private EventStreamBody events() {
    if (events == null) throw new IllegalStateException("no event stream");
    return events;
  }
}
