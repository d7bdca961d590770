package io.github.llmbench.core.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One connection of the Netty transport and the exchange on it, confined to its lane's event loop.
 *
 * <p>Two handlers sit in its pipeline: {@link #stamp()} first, which reads the clock as each read arrives (before
 * TLS and HTTP decoding), and {@link #exchange()} after the HTTP decoder, which only queues what was decoded with the
 * stamp of the read that completed it. The queue is processed by the lane after the event loop has done all the
 * reads it had ({@link NettyLane#drain()}), so one connection's parsing never delays another's timestamps.
 *
 * <p>An exchange ends once: with its response's framing end (the connection goes back to its lane's pool when the
 * server keeps it), or with a failure (the connection is closed). A request is only ever written to a connection
 * that is open and was idle for less than the {@link IdleReuseLimit}.
 */
final class NettyConnection {
  /** Queued when the channel closes. */
  private static final Object INACTIVE = new Object();

  private final NettyLane lane;
  private @Nullable Channel channel;
  /** When the read being handled now completed. */
  private long lastReadNanos;
  /** When the connection last became idle (0: never used). */
  private long idleSinceNanos;
  private boolean pooled;
  private boolean closingByUs;
  /** The exchange in flight, if any. */
  private @Nullable ExchangeListener listener;
  private @Nullable ScheduledFuture<?> timeout;
  private @Nullable ScheduledFuture<?> grace;
  private boolean keepAlive;
  private boolean informational;
  private boolean doneReading;
  /** Decoded messages and the reads they came with, waiting for the lane's drain. */
  private final List<Object> pending = new ArrayList<>(4);
  private long[] pendingStamps = new long[4];
  boolean dirty;

  NettyConnection(NettyLane lane) {
    this.lane = lane;
  }

  void attach(Channel channel) {
    this.channel = channel;
  }

  Channel channel() {
    if (channel == null) throw new IllegalStateException("not connected");
    return channel;
  }

  /** Whether it may carry a request now: open, idle, and not idle for too long. */
  boolean usable(long nowNanos, long maxIdleNanos) {
    return channel != null && channel.isActive() && listener == null && (nowNanos - idleSinceNanos) < maxIdleNanos;
  }

  void pooled(boolean pooled, long nowNanos) {
    this.pooled = pooled;
    if (pooled) idleSinceNanos = nowNanos;
  }

  /** The first handler: the read's time, before anything decodes it. */
  ChannelInboundHandlerAdapter stamp() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = lane.nanoTime();
        lane.readArrived(lastReadNanos);
        ctx.fireChannelRead(msg);
      }
    };
  }

  /** The last handler: queues what the HTTP decoder made, for the lane's drain. */
  ChannelInboundHandlerAdapter exchange() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        enqueue(msg, lastReadNanos);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        enqueue(INACTIVE, lane.nanoTime());
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        enqueue(cause, lane.nanoTime());
        ctx.close();
      }
    };
  }

  private void enqueue(Object msg, long nanos) {
    if (pending.size() == pendingStamps.length) pendingStamps = Arrays.copyOf(pendingStamps, pendingStamps.length * 2);
    pendingStamps[pending.size()] = nanos;
    pending.add(msg);
    lane.markDirty(this);
  }

  /** Handles what was queued since the last drain, in order. */
  void processPending() {
    int n = pending.size();
    for (int i = 0; i < n; i++) {
      Object msg = pending.get(i);
      try {
        handle(msg, pendingStamps[i], i == n - 1);
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
    // handle() may have started a new exchange, whose messages come with a later read: keep only those.
    pending.subList(0, n).clear();
    if (!pending.isEmpty()) {
      System.arraycopy(pendingStamps, n, pendingStamps, 0, pending.size());
    }
  }

  private void handle(Object msg, long nanos, boolean last) {
    if (msg == INACTIVE) {
      inactive(nanos);
      return;
    }
    if (msg instanceof Throwable cause) {
      fail(cause, nanos);
      return;
    }
    ExchangeListener l = listener;
    if (l == null) {
      // Bytes nobody asked for (after an aborted exchange, or unsolicited): this connection cannot be trusted.
      closeByUs();
      return;
    }
    if (msg instanceof HttpResponse response) {
      if (response.decoderResult().isFailure()) {
        Throwable cause = response.decoderResult().cause();
        // A connection closed before the head ended is a closed connection, not a malformed answer.
        fail(cause instanceof PrematureChannelClosureException ? cause
            : new IOException("malformed HTTP response: " + cause.getMessage()), nanos);
        return;
      }
      int status = response.status().code();
      if (status >= 100 && status < 200 && status != 101) {
        informational = true; // 100 Continue, 103 Early Hints: the real answer follows
        return;
      }
      keepAlive = HttpUtil.isKeepAlive(response);
      HttpHeaders headers = response.headers();
      if (l.head(status, headers::get, nanos) == ExchangeListener.Reading.ABORT) abort(nanos);
      return;
    }
    if (msg instanceof HttpContent content) {
      if (informational) {
        if (msg instanceof LastHttpContent) informational = false;
        return;
      }
      if (content.decoderResult().isFailure()) {
        fail(new IOException("malformed HTTP response body: " + content.decoderResult().cause().getMessage()), nanos);
        return;
      }
      if (!deliver(l, content.content(), nanos)) return;
      if (msg instanceof LastHttpContent) finish(nanos, last);
    }
  }

  /** The body's bytes to the listener; false when the exchange was aborted. */
  private boolean deliver(ExchangeListener l, ByteBuf buf, long nanos) {
    byte[] scratch = lane.scratch();
    while (buf.isReadable()) {
      int n = Math.min(buf.readableBytes(), scratch.length);
      buf.readBytes(scratch, 0, n);
      ExchangeListener.Reading reading = l.body(scratch, 0, n, nanos);
      if (reading == ExchangeListener.Reading.ABORT) {
        abort(nanos);
        return false;
      }
      if (reading == ExchangeListener.Reading.DONE && !doneReading) {
        doneReading = true;
        grace = lane.loop().schedule(this::graceOver, NettyLane.DONE_GRACE_NANOS, TimeUnit.NANOSECONDS);
      }
    }
    return true;
  }

  /** Writes a request; the connection is idle and open. On the loop. */
  void start(NettyWire wire, ExchangeListener l) {
    Channel ch = channel();
    listener = l;
    pooled = false;
    keepAlive = true;
    informational = false;
    doneReading = false;
    ByteBuf buf = ch.alloc().directBuffer(wire.length());
    buf.writeBytes(wire.head()).writeBytes(wire.body());
    l.written(lane.nanoTime());
    ch.writeAndFlush(buf, ch.voidPromise());
    timeout = lane.loop().schedule(this::timedOut, lane.requestTimeoutNanos(), TimeUnit.NANOSECONDS);
  }

  /** The response's framing ended. */
  private void finish(long nanos, boolean nothingAfter) {
    ExchangeListener l = listener;
    if (l == null) return;
    endExchange();
    // Kept for the next request only when the server keeps it and sent nothing past this response.
    if (keepAlive && nothingAfter && lane.reusesConnections() && channel().isActive()) {
      lane.release(this);
    } else {
      closeByUs();
    }
    l.end(nanos);
  }

  /** The exchange failed: the connection is closed, the listener told. */
  void fail(Throwable cause, long nanos) {
    ExchangeListener l = listener;
    if (l == null) return;
    endExchange();
    closeByUs();
    l.failed(cause, nanos);
  }

  private void abort(long nanos) {
    fail(new IOException("reading stopped: the response passed a limit"), nanos);
  }

  private void timedOut() {
    timeout = null;
    fail(new InterruptedIOException("timeout"), lane.nanoTime());
  }

  /** [DONE] came but the response's framing did not end soon after: the connection is given up. */
  private void graceOver() {
    grace = null;
    fail(new IOException("the response did not end after its [DONE]"), lane.nanoTime());
  }

  private void inactive(long nanos) {
    if (listener != null) {
      fail(new EOFException("the server closed the connection before the response ended"), nanos);
    } else if (pooled && !closingByUs) {
      lane.serverClosedIdle(this, nanos - idleSinceNanos);
    }
    lane.forget(this);
  }

  private void endExchange() {
    listener = null;
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
    if (grace != null) {
      grace.cancel(false);
      grace = null;
    }
  }

  void closeByUs() {
    closingByUs = true;
    pooled = false;
    if (channel != null) channel.close();
  }
}
