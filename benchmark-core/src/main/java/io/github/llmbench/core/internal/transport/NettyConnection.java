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
 * <p>The first handler of its pipeline, {@link #edge()}, only reads the clock as each read arrives and queues the raw
 * bytes; everything else (TLS, HTTP framing, SSE and JSON) runs when the lane drains its connections, after the event
 * loop has done every read it had ({@link NettyLane#drain()}). So one connection's decoding never delays another's
 * timestamp: a batch of reads costs each later read only the reads before it, not their parsing. The last handler,
 * {@link #exchange()}, sees what the HTTP decoder made, with the stamp of the read that completed it.
 *
 * <p>An exchange ends once: with its response's framing end (the connection goes back to its lane's pool when the
 * server keeps it and sent nothing more), or with a failure (the connection is closed). A request is only ever
 * written to a connection that is open and was idle for less than the {@link IdleReuseLimit}.
 */
final class NettyConnection {
  private final NettyLane lane;
  private @Nullable Channel channel;
  private @Nullable ChannelHandlerContext edge;
  /** Raw reads and when each arrived, waiting for the lane's drain. */
  private final List<Object> raw = new ArrayList<>(4);
  private long[] rawStamps = new long[4];
  private boolean flushing;
  /** When the read being decoded now arrived. */
  private long currentReadNanos;
  /** When the connection last became idle (0: never used). */
  private long idleSinceNanos;
  private boolean pooled;
  private boolean closingByUs;
  /** The exchange in flight, if any. */
  private @Nullable ExchangeListener listener;
  /** When the exchange in flight times out (checked by the lane's timer, not a task per request). */
  private long deadlineNanos;
  private @Nullable ScheduledFuture<?> grace;
  private boolean keepAlive;
  private boolean informational;
  private boolean doneReading;
  /** A response whose framing ended, told to its listener once the read that ended it is fully decoded. */
  private @Nullable ExchangeListener ended;
  private long endedNanos;
  /** Whether the server sent anything past that response. */
  private boolean strayAfterEnd;
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

  /** Whether it is open with nothing on it: no exchange, no answer being told, no read waiting to be decoded. */
  boolean free() {
    // While its reads are being decoded (an exchange that ended hands it on from there) only those reads are queued.
    return channel != null && channel.isActive() && listener == null && ended == null && (flushing || raw.isEmpty());
  }

  /** How long it has been idle. */
  long idleNanos(long nowNanos) {
    return nowNanos - idleSinceNanos;
  }

  void pooled(boolean pooled, long nowNanos) {
    this.pooled = pooled;
    if (pooled) idleSinceNanos = nowNanos;
  }

  /**
   * The first handler: the read's time, before anything decodes it; the bytes wait for the lane's drain. A close or an
   * error first decodes what came before it.
   */
  ChannelInboundHandlerAdapter edge() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        edge = ctx;
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = lane.nanoTime();
        lane.readArrived(now);
        if (raw.size() == rawStamps.length) rawStamps = Arrays.copyOf(rawStamps, rawStamps.length * 2);
        rawStamps[raw.size()] = now;
        raw.add(msg);
        lane.markDirty(NettyConnection.this);
      }

      @Override
      public void channelReadComplete(ChannelHandlerContext ctx) {
        // told downstream when the queued reads are decoded
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        processPending();
        ctx.fireChannelInactive();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        processPending();
        ctx.fireExceptionCaught(cause);
      }
    };
  }

  /** Decodes the queued reads, in order; the lane's drain calls it. */
  void processPending() {
    if (flushing || raw.isEmpty() || edge == null) return;
    flushing = true;
    try {
      int i = 0;
      for (; i < raw.size(); i++) {
        if (closingByUs) break; // the rest is not wanted
        currentReadNanos = rawStamps[i];
        Object msg = raw.get(i);
        raw.set(i, null);
        edge.fireChannelRead(msg);
        boolean moreQueued = i < raw.size() - 1;
        if (ended != null) tellEnded(!moreQueued);
      }
      for (; i < raw.size(); i++) ReferenceCountUtil.release(raw.get(i));
      raw.clear();
      edge.fireChannelReadComplete();
      // [DONE] came and the framing's end was not in the same reads (a chunked body's terminator usually is): a
      // grace timer, armed only then, so a stream does not make and cancel one per request.
      if (doneReading && listener != null && grace == null) {
        grace = lane.loop().schedule(this::graceOver, NettyLane.DONE_GRACE_NANOS, TimeUnit.NANOSECONDS);
      }
    } finally {
      flushing = false;
    }
  }

  /** The last handler: what the HTTP decoder made, with the stamp of the read that completed it. */
  ChannelInboundHandlerAdapter exchange() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
          handle(msg, currentReadNanos);
        } finally {
          ReferenceCountUtil.release(msg);
        }
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        inactive(lane.nanoTime());
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause, lane.nanoTime());
        ctx.close();
      }
    };
  }

  private void handle(Object msg, long nanos) {
    ExchangeListener l = listener;
    if (l == null) {
      // Bytes nobody asked for (after an aborted exchange, past a response, or unsolicited): not to be trusted.
      if (ended != null) strayAfterEnd = true;
      else closeByUs();
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
      if (msg instanceof LastHttpContent) finish(nanos);
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
      if (reading == ExchangeListener.Reading.DONE) doneReading = true;
    }
    return true;
  }

  /**
   * Writes a request on the connection, which is free. On the loop. One the server closed between its connect and
   * this call (no pool check between them) fails the exchange, from a task of its own, rather than write into it.
   */
  void start(NettyWire wire, ExchangeListener l) {
    Channel ch = channel();
    if (!ch.isActive()) {
      lane.loop().execute(() -> l.failed(new EOFException("the server closed the connection before the request "
          + "was written"), lane.nanoTime()));
      return;
    }
    listener = l;
    pooled = false;
    keepAlive = true;
    informational = false;
    doneReading = false;
    ByteBuf buf = ch.alloc().directBuffer(wire.length());
    buf.writeBytes(wire.head()).writeBytes(wire.body());
    long now = lane.nanoTime();
    l.written(now);
    ch.writeAndFlush(buf, ch.voidPromise());
    deadlineNanos = now + lane.requestTimeoutNanos();
  }

  /**
   * The response's framing ended. Its listener is told once the read that ended it is fully decoded, so that
   * whatever else that read held is known before the connection may carry another request.
   */
  private void finish(long nanos) {
    ExchangeListener l = listener;
    if (l == null) return;
    endExchange();
    ended = l;
    endedNanos = nanos;
    strayAfterEnd = false;
  }

  /**
   * Tells the ended exchange's listener; the connection goes back to the pool only when the server keeps it and sent
   * nothing past the response.
   */
  private void tellEnded(boolean nothingQueued) {
    ExchangeListener l = ended;
    if (l == null) return;
    ended = null;
    if (keepAlive && nothingQueued && !strayAfterEnd && lane.reusesConnections() && channel().isActive()) {
      lane.release(this);
    } else {
      closeByUs();
    }
    l.end(endedNanos);
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

  /** Whether an exchange is in flight past its time. */
  boolean due(long nowNanos) {
    return listener != null && nowNanos - deadlineNanos >= 0;
  }

  /**
   * Fails the exchange in flight if its time is up; the lane's timer asks. Reads that came before it and wait to be
   * decoded are decoded first: they may end the exchange, and the client's own backlog is not the server's delay.
   */
  void timeOutIfDue(long nowNanos) {
    processPending();
    if (due(nowNanos)) fail(new InterruptedIOException("timeout"), nowNanos);
  }

  /** [DONE] came but the response's framing did not end soon after: the connection is given up. */
  private void graceOver() {
    grace = null;
    fail(new IOException("the response did not end after its [DONE]"), lane.nanoTime());
  }

  private void inactive(long nanos) {
    tellEnded(false); // a response the close itself ended (close-delimited)
    if (listener != null) {
      fail(new EOFException("the server closed the connection before the response ended"), nanos);
    } else if (pooled && !closingByUs) {
      lane.serverClosedIdle(nanos - idleSinceNanos);
    }
    lane.forget(this);
  }

  private void endExchange() {
    listener = null;
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
