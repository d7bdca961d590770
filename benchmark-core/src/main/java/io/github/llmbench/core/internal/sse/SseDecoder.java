package io.github.llmbench.core.internal.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A server-sent events decoder following the WHATWG algorithm, fed with raw network reads so each event can be
 * timestamped when its bytes arrive. Lines end at CR, LF or CRLF (a CRLF split across two reads counts once); a
 * line is decoded as UTF-8 only when complete, so a character split across reads survives. {@code data:} lines
 * (at most one space after the colon is stripped) are joined with LF; lines starting with {@code :} are comments;
 * {@code event:} names the event; other fields ({@code id}, {@code retry}) are ignored; a blank line dispatches
 * the event if its data buffer is not empty (so {@code "event: ping\n\n"} alone dispatches nothing). An event
 * whose bytes pass {@code maxEventBytes} stops the decoder ({@link #tooLarge()}), so a stream that never ends an
 * event cannot exhaust memory. Not thread-safe: one decoder per stream.
 */
public final class SseDecoder {
  private final Consumer<SseEvent> sink;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private @Nullable String eventType;
  private boolean lastWasCr;
  private final int maxEventBytes;
  /** Bytes of the event being read: its data so far plus the current line. */
  private int eventBytes;
  private boolean tooLarge;

  /** A decoder without a practical bound on event size. */
  public SseDecoder(Consumer<SseEvent> sink) {
    this(sink, Integer.MAX_VALUE);
  }

  /** @param maxEventBytes the most bytes one event (its lines, before decoding) may have */
  public SseDecoder(Consumer<SseEvent> sink, int maxEventBytes) {
    this.sink = sink;
    this.maxEventBytes = maxEventBytes;
  }

  /** Whether an event passed the bound; the decoder then ignores everything fed to it. */
  public boolean tooLarge() {
    return tooLarge;
  }

  /** Feeds the bytes of one network read that arrived at {@code receivedNanos}. */
  public void feed(byte[] bytes, int offset, int length, long receivedNanos) {
    for (int i = offset; i < offset + length && !tooLarge; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        if (lastWasCr) {
          lastWasCr = false; // the LF of a CRLF: the line already ended at the CR
          continue;
        }
        endLine(receivedNanos);
      } else if (b == '\r') {
        lastWasCr = true;
        endLine(receivedNanos);
      } else {
        lastWasCr = false;
        if (++eventBytes > maxEventBytes) {
          tooLarge = true;
          line.reset();
          data.setLength(0);
          return;
        }
        line.write(b);
      }
    }
  }

  /**
   * The stream ended. Per the algorithm an incomplete event (no blank line after it) is discarded.
   *
   * @return whether bytes of an unfinished line or event were left over
   */
  public boolean finish() {
    boolean leftover = line.size() > 0 || hasData;
    line.reset();
    data.setLength(0);
    hasData = false;
    eventType = null;
    return leftover;
  }

  private void endLine(long receivedNanos) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.isEmpty()) {
      dispatch(receivedNanos);
      return;
    }
    if (text.charAt(0) == ':') return; // a comment (keep-alive)
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = "";
    if (colon >= 0) {
      int start = colon + 1;
      if (start < text.length() && text.charAt(start) == ' ') start++;
      value = text.substring(start);
    }
    switch (field) {
      case "data" -> {
        if (hasData) data.append('\n');
        data.append(value);
        hasData = true;
      }
      case "event" -> eventType = value;
      default -> { } // id, retry and unknown fields do not matter to a benchmark client
    }
  }

  private void dispatch(long receivedNanos) {
    if (hasData) sink.accept(new SseEvent(eventType, data.toString(), receivedNanos));
    eventBytes = 0;
    data.setLength(0);
    hasData = false;
    eventType = null;
  }
}
