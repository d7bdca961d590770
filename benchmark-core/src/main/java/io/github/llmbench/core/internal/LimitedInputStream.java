package io.github.llmbench.core.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read from a response body and fails with {@link TooLargeException} once they pass a bound, so
 * that a server that never stops sending cannot exhaust the client.
 */
final class LimitedInputStream extends FilterInputStream {
  private final long maxBytes;
  private long count;
  private boolean tripped;

  @Override
  public void close() throws IOException {
    if (!tripped) super.close(); // past the bound the transport cancels the call instead of draining the body
  }

  LimitedInputStream(InputStream in, long maxBytes) {
    super(in);
    this.maxBytes = maxBytes;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) add(1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) add(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    add(skipped);
    return skipped;
  }

  long count() {
    return count;
  }

  private void add(long n) throws TooLargeException {
    count += n;
    if (count > maxBytes) {
      tripped = true;
      throw new TooLargeException(maxBytes);
    }
  }

  /** The body passed its bound. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    final long maxBytes;

    TooLargeException(long maxBytes) {
      super("the response body passed the limit of " + maxBytes + " bytes");
      this.maxBytes = maxBytes;
    }
  }
}
