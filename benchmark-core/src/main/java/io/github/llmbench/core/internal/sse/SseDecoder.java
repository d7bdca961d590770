package io.github.llmbench.core.internal.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * event cannot exhaust memory. Events reach a {@link DataListener} as bytes (no string is made on the hot path), or
 * a {@code Consumer<SseEvent>} as text. Not thread-safe: one decoder per stream.
 */
public final class SseDecoder {
  /** Told each dispatched event's data as UTF-8 bytes, valid only during the call. */
  @FunctionalInterface
  public interface DataListener {
    /**
     * @param event the {@code event:} field, {@code null} when there was none
     * @param data the {@code data:} lines joined with {@code \n}, from {@code offset} for {@code length} bytes
     * @param receivedNanos the monotonic time of the network read that completed the event
     */
    void onData(@Nullable String event, byte[] data, int offset, int length, long receivedNanos);
  }

  private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

  private final DataListener sink;
  /** The current line's bytes (a plain array: this runs for every byte of every stream). */
  private byte[] line = new byte[256];
  private int lineLength;
  /** The event's data lines, joined with LF. */
  private byte[] data = new byte[256];
  private int dataLength;
  private boolean hasData;
  private @Nullable String eventType;
  private boolean lastWasCr;
  private final int maxEventBytes;
  /** Bytes of the event being read: its data so far plus the current line. */
  private int eventBytes;
  private boolean tooLarge;

  /** A decoder without a practical bound on event size, telling events as text. */
  public SseDecoder(Consumer<SseEvent> sink) {
    this(sink, Integer.MAX_VALUE);
  }

  /** @param maxEventBytes the most bytes one event (its lines, before decoding) may have */
  public SseDecoder(Consumer<SseEvent> sink, int maxEventBytes) {
    this((event, bytes, offset, length, nanos) ->
        sink.accept(new SseEvent(event, new String(bytes, offset, length, StandardCharsets.UTF_8), nanos)),
        maxEventBytes);
  }

  /** @param maxEventBytes the most bytes one event (its lines, before decoding) may have */
  public SseDecoder(DataListener sink, int maxEventBytes) {
    this.sink = sink;
    this.maxEventBytes = maxEventBytes;
  }

  /** Whether an event passed the bound; the decoder then ignores everything fed to it. */
  public boolean tooLarge() {
    return tooLarge;
  }

  /** Feeds the bytes of one network read that arrived at {@code receivedNanos}. */
  public void feed(byte[] bytes, int offset, int length, long receivedNanos) {
    int end = offset + length;
    int i = offset;
    while (i < end && !tooLarge) {
      byte b = bytes[i];
      if (b == '\n') {
        if (lastWasCr) {
          lastWasCr = false; // the LF of a CRLF: the line already ended at the CR
        } else {
          endLine(receivedNanos);
        }
        i++;
      } else if (b == '\r') {
        lastWasCr = true;
        endLine(receivedNanos);
        i++;
      } else {
        lastWasCr = false;
        int runEnd = i + 1;
        while (runEnd < end && bytes[runEnd] != '\n' && bytes[runEnd] != '\r') runEnd++;
        int run = runEnd - i;
        if (run > maxEventBytes - eventBytes) { // the same byte would have passed the bound one at a time
          tooLarge = true;
          lineLength = 0;
          dataLength = 0;
          return;
        }
        eventBytes += run;
        append(bytes, i, run);
        i = runEnd;
      }
    }
  }

  private void append(byte[] bytes, int offset, int length) {
    if (lineLength + length > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
    }
    System.arraycopy(bytes, offset, line, lineLength, length);
    lineLength += length;
  }

  /**
   * The stream ended. Per the algorithm an incomplete event (no blank line after it) is discarded.
   *
   * @return whether bytes of an unfinished line or event were left over
   */
  public boolean finish() {
    boolean leftover = lineLength > 0 || hasData;
    lineLength = 0;
    dataLength = 0;
    hasData = false;
    eventType = null;
    return leftover;
  }

  private void endLine(long receivedNanos) {
    int length = lineLength;
    lineLength = 0;
    if (length == 0) {
      dispatch(receivedNanos);
      return;
    }
    if (line[0] == ':') return; // a comment (keep-alive)
    int colon = 0;
    while (colon < length && line[colon] != ':') colon++;
    int start = colon + 1;
    if (start < length && line[start] == ' ') start++;
    start = Math.min(start, length);
    if (is(DATA, colon)) {
      int value = length - start;
      int needed = dataLength + (hasData ? 1 : 0) + value;
      if (needed > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, needed));
      if (hasData) data[dataLength++] = '\n';
      System.arraycopy(line, start, data, dataLength, value);
      dataLength += value;
      hasData = true;
    } else if (is(EVENT, colon)) {
      eventType = new String(line, start, length - start, StandardCharsets.UTF_8);
    }
    // id, retry and unknown fields do not matter to a benchmark client
  }

  /** Whether the field name (the line's first {@code length} bytes) is {@code name}. */
  private boolean is(byte[] name, int length) {
    return length == name.length && Arrays.equals(line, 0, length, name, 0, length);
  }

  private void dispatch(long receivedNanos) {
    if (hasData) sink.onData(eventType, data, 0, dataLength, receivedNanos);
    eventBytes = 0;
    dataLength = 0;
    hasData = false;
    eventType = null;
  }
}
