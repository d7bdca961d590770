package io.github.llmbench.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The requests file's writer: the file only ever holds whole lines. Text is held until its {@code '\n'}, then the
 * line goes to the file in one positional write, with no buffer in between, so a killed process leaves whole lines
 * only. A write that fails (a full disk) is cut back to the last whole line, the line is kept in memory and
 * retried before the next one; the first failure of a streak is reported at once to {@code onFailure}, and
 * {@code onRecovery} hears when the file has caught up. Never throws from write or flush: the run must go on.
 */
final class WholeLineWriter extends Writer {
  private final FileChannel channel;
  private final Consumer<IOException> onFailure;
  private final Runnable onRecovery;
  private final StringBuilder partial = new StringBuilder();
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
  private long size;
  private boolean failing;
  private boolean closed;

  WholeLineWriter(FileChannel channel, Consumer<IOException> onFailure, Runnable onRecovery) throws IOException {
    this.channel = channel;
    this.onFailure = onFailure;
    this.onRecovery = onRecovery;
    this.size = channel.size();
  }

  @Override
  public synchronized void write(char[] chars, int offset, int length) {
    if (closed) return;
    for (int i = offset; i < offset + length; i++) {
      partial.append(chars[i]);
      if (chars[i] == '\n') {
        pending.add(ByteBuffer.wrap(partial.toString().getBytes(StandardCharsets.UTF_8)));
        partial.setLength(0);
      }
    }
    drain();
  }

  @Override
  public void write(String text) {
    char[] chars = text.toCharArray();
    write(chars, 0, chars.length);
  }

  /** Retries the lines kept in memory. */
  @Override
  public synchronized void flush() {
    if (!closed) drain();
  }

  /** Writes what it can, then closes the file; see {@link #complete()}. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) return;
    drain();
    closed = true;
    channel.close();
  }

  /** Whether every whole line given so far is in the file (a trailing partial line does not count). */
  synchronized boolean complete() {
    return pending.isEmpty();
  }

  /** Lines given but not yet in the file. */
  synchronized int pendingLines() {
    return pending.size();
  }

  private void drain() {
    while (!pending.isEmpty()) {
      ByteBuffer line = pending.peek();
      try {
        long at = size;
        while (line.hasRemaining()) at += channel.write(line, at);
        size = at;
        pending.poll();
      } catch (IOException e) {
        line.rewind();
        cutBack();
        if (!failing) {
          failing = true;
          onFailure.accept(e);
        }
        return;
      }
    }
    if (failing) {
      failing = false;
      onRecovery.run();
    }
  }

  /** Removes the part of a line a failed write may have left. */
  private void cutBack() {
    try {
      if (channel.size() > size) channel.truncate(size);
    } catch (IOException e) {
      // The bytes past the last whole line stay until a later write overwrites them (writes are positional).
    }
  }
}
