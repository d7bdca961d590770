package io.github.llmbench.core.internal.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.Promise;
import io.github.llmbench.core.internal.health.StallTimeline;
import io.github.llmbench.core.internal.health.Stalls;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * One event loop of the Netty transport and what lives on it: its connections (each pinned here), the idle ones in
 * a pool (last in, first out, so a closed-loop worker takes back the connection it just released), and the
 * connections with decoded messages waiting. Everything but the constructor runs on the loop.
 */
final class NettyLane {
  /** How long a response may take to end after its stream's {@code [DONE]} before its connection is given up. */
  static final long DONE_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** How often idle connections are checked for age. */
  private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** How often a step's lane checks that it is on time; a tick later than {@link #TICK_SLACK_NANOS} is a stall. */
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long TICK_SLACK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
  /** The longest the loop decodes before it reads again. */
  private static final long DRAIN_SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
  /** A batch of reads shorter than this delays no read measurably. */
  private static final long BATCH_MIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  /** Connections a lane opens at once before a step (the rest as those finish). */
  private static final int CONNECTS_AT_ONCE = 64;
  /** The most body bytes handed to a listener at once. */
  private static final int SCRATCH_BYTES = 64 * 1024;

  /** The HTTP decoder's settings, the same for every connection. */
  private static final HttpDecoderConfig DECODER = new HttpDecoderConfig().setMaxChunkSize(SCRATCH_BYTES);

  private final NettyTransport transport;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final ArrayDeque<NettyConnection> idle = new ArrayDeque<>();
  private final Set<NettyConnection> open = new HashSet<>();
  private final List<NettyConnection> dirty = new ArrayList<>();
  private final byte[] scratch = new byte[SCRATCH_BYTES];
  private boolean drainScheduled;
  /** The lane's own periodic tasks, stopped when its transport closes (its loop may live on, lent to another). */
  private final List<io.netty.util.concurrent.ScheduledFuture<?>> timers;
  /** When this lane was not free for a read or a write, while a step runs. */
  private final StallTimeline stalls = new StallTimeline();
  private io.netty.util.concurrent.@org.jspecify.annotations.Nullable ScheduledFuture<?> tick;
  private long tickDue;
  /** The last drain slice, its reads included: a tick due inside it was late because of it, already recorded. */
  private long lastSliceStart;
  private long lastSliceEnd;
  /** Whether reads arrived since the last drain, and when the first of them did. */
  private boolean batchOpen;
  private long batchStart;
  /** Whether a fresh idle connection is kept in reserve (open loops). */
  private boolean keepSpare;
  private int connecting;

  NettyLane(NettyTransport transport, EventLoop loop, Bootstrap bootstrap) {
    this.transport = transport;
    this.loop = loop;
    this.bootstrap = bootstrap.clone(loop);
    long check = timeoutCheckNanos(transport.requestTimeoutNanos());
    this.timers = List.of(loop.scheduleAtFixedRate(this::sweep, SWEEP_NANOS, SWEEP_NANOS, TimeUnit.NANOSECONDS),
        loop.scheduleAtFixedRate(this::timeOuts, check, check, TimeUnit.NANOSECONDS));
  }

  EventLoop loop() {
    return loop;
  }

  long nanoTime() {
    return transport.time().monotonicNanos();
  }

  long requestTimeoutNanos() {
    return transport.requestTimeoutNanos();
  }

  boolean reusesConnections() {
    return transport.reusesConnections();
  }

  byte[] scratch() {
    return scratch;
  }

  /**
   * Sends on a fresh idle connection, or on a new one. On the loop. A failure to connect is told from a task of its
   * own, never from inside this call, so a run of them cannot recurse through the sender.
   */
  void send(NettyWire wire, ExchangeListener listener) {
    if (transport.cancelled()) {
      loop.execute(() -> listener.failed(new CancellationException("the run was cancelled"), nanoTime()));
      return;
    }
    if (reusesConnections()) {
      NettyConnection c = takeIdle(nanoTime());
      if (c != null) {
        c.start(wire, listener);
        if (keepSpare && idle.isEmpty() && connecting == 0) connectSpare();
        return;
      }
    }
    Future<NettyConnection> connected = connect();
    GenericFutureListener<Future<NettyConnection>> then = f -> {
      if (!f.isSuccess()) {
        listener.failed(f.cause(), nanoTime());
      } else if (transport.cancelled()) {
        f.getNow().closeByUs();
        listener.failed(new CancellationException("the run was cancelled"), nanoTime());
      } else {
        f.getNow().start(wire, listener);
      }
    };
    if (connected.isDone()) {
      loop.execute(() -> notify(connected, then));
    } else {
      connected.addListener(then);
    }
  }

  private static void notify(Future<NettyConnection> f, GenericFutureListener<Future<NettyConnection>> then) {
    try {
      then.operationComplete(f);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private NettyConnection takeIdle(long now) {
    NettyConnection c;
    while ((c = idle.pollFirst()) != null) {
      boolean usable = c.free() && transport.idleLimit().reusable(c.idleNanos(now));
      c.pooled(false, now);
      if (usable) return c;
      c.closeByUs();
    }
    return null;
  }

  /**
   * Closes the idle connections that may not carry a request any more: closed, or idle past the limit, or (before a
   * step) past half of it, so none is risked at the step's first request.
   */
  private void dropStale(long now, boolean beforeStep) {
    IdleReuseLimit limit = transport.idleLimit();
    for (Iterator<NettyConnection> it = idle.iterator(); it.hasNext(); ) {
      NettyConnection c = it.next();
      long idleNanos = c.idleNanos(now);
      if (!c.free() || !limit.reusable(beforeStep ? 2 * idleNanos : idleNanos)) {
        it.remove();
        c.closeByUs();
      }
    }
  }

  /** An exchange ended and the server keeps the connection: back to the pool, on top. */
  void release(NettyConnection c) {
    c.pooled(true, nanoTime());
    idle.addFirst(c);
  }

  /** The channel closed. (Left in the idle pool, it is dropped when next looked at: removing it there is O(n).) */
  void forget(NettyConnection c) {
    open.remove(c);
  }

  void serverClosedIdle(long idleNanos) {
    transport.idleLimit().serverClosedIdle(idleNanos);
  }

  /** Opens a connection (TCP, then TLS): the future completes when it can carry a request. */
  Future<NettyConnection> connect() {
    Promise<NettyConnection> promise = loop.newPromise();
    InetSocketAddress address;
    try {
      address = transport.address();
    } catch (java.io.IOException e) {
      return promise.setFailure(e);
    }
    NettyConnection c = new NettyConnection(this);
    connecting++;
    Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("edge", c.edge());
        SslHandler ssl = transport.newSslHandler(ch);
        if (ssl != null) p.addLast("tls", ssl);
        p.addLast("http", new HttpResponseDecoder(DECODER));
        p.addLast("exchange", c.exchange());
      }
    });
    io.netty.channel.ChannelFuture connected = b.connect(address);
    c.attach(connected.channel());
    open.add(c);
    connected.addListener(f -> {
      if (!f.isSuccess()) {
        connecting--;
        open.remove(c);
        promise.tryFailure(f.cause());
        return;
      }
      SslHandler ssl = connected.channel().pipeline().get(SslHandler.class);
      if (ssl == null) {
        connecting--;
        promise.trySuccess(c);
        return;
      }
      ssl.handshakeFuture().addListener(h -> {
        connecting--;
        if (h.isSuccess()) {
          promise.trySuccess(c);
        } else {
          c.closeByUs();
          promise.tryFailure(h.cause());
        }
      });
    });
    return promise;
  }

  private void connectSpare() {
    connect().addListener(f -> {
      if (f.isSuccess()) release((NettyConnection) f.getNow());
    });
  }

  /**
   * Before a step's clock: {@code wanted} open, fresh, idle connections, then {@code done}. Those idle for more than
   * half the limit are replaced now rather than risked at the step's first request.
   */
  void warm(int wanted, boolean spare, Promise<Void> done) {
    keepSpare = spare;
    dropStale(nanoTime(), true);
    int missing = wanted - idle.size();
    if (missing <= 0) {
      done.trySuccess(null);
      return;
    }
    new Opening(missing, done).start();
  }

  /**
   * Connects {@code count} connections into the pool, at most {@link #CONNECTS_AT_ONCE} at a time: ten thousand
   * SYNs at once would overflow the server's accept queue (the kernel then retries them a second later, and more).
   * One that cannot be opened is left for the step's requests to fail on, counted there.
   */
  private final class Opening {
    private final int count;
    private final Promise<Void> done;
    private int started;
    private int finished;

    Opening(int count, Promise<Void> done) {
      this.count = count;
      this.done = done;
    }

    void start() {
      started = Math.min(CONNECTS_AT_ONCE, count);
      for (int i = 0; i < started; i++) connectOne();
    }

    private void connectOne() {
      connect().addListener(f -> {
        if (f.isSuccess()) release((NettyConnection) f.getNow());
        finished++;
        // Counted as started here, not when the task runs: connects that end in one pass would each ask for another.
        // From a task of its own: a connect that fails at once (no address) would otherwise recurse.
        if (started < count) {
          started++;
          loop.execute(this::connectOne);
        }
        if (finished == count) done.trySuccess(null);
      });
    }
  }

  /**
   * How often exchanges are checked for their timeout: a twentieth of it, at most every 100 ms, at least every
   * millisecond. A request that times out is failed that much after its time at most (instead of a timer task per
   * request, made and cancelled for every request at tens of thousands a second).
   */
  static long timeoutCheckNanos(long requestTimeoutNanos) {
    return Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(SWEEP_NANOS, requestTimeoutNanos / 20));
  }

  private void timeOuts() {
    if (open.isEmpty()) return;
    long now = nanoTime();
    List<NettyConnection> due = null;
    for (NettyConnection c : open) {
      if (c.due(now)) {
        if (due == null) due = new ArrayList<>();
        due.add(c);
      }
    }
    if (due != null) for (NettyConnection c : due) c.timeOutIfDue(now);
  }

  /** Closes idle connections past the idle limit; an open loop's lane keeps one fresh in reserve. */
  private void sweep() {
    dropStale(nanoTime(), false);
    if (keepSpare && idle.isEmpty() && connecting == 0 && reusesConnections()) connectSpare();
  }

  /** A step's clock starts: record stalls, and tick every millisecond to see those no read shows. On the loop. */
  void watchStalls() {
    stalls.start();
    if (tick != null) tick.cancel(false);
    tickDue = nanoTime() + TICK_NANOS;
    tick = loop.scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
  }

  /** The step is over: its stalls, and the ticking and any spare connection stop. On the loop. */
  Stalls takeStalls() {
    keepSpare = false;
    if (tick != null) tick.cancel(false);
    tick = null;
    return stalls.take();
  }

  /**
   * A late tick means the loop (or the JVM, or the machine) held everything on it since the tick was due; if it fell
   * due inside the last drain slice, only since that slice ended: the slice is recorded as it ran, and a tick
   * spanning it and the next one would join slices between which the loop did read its sockets.
   */
  private void tick() {
    long now = nanoTime();
    long since = tickDue - lastSliceStart >= 0 && tickDue - lastSliceEnd < 0 ? lastSliceEnd : tickDue;
    if (now - since > TICK_SLACK_NANOS) stalls.record(since, now);
    tickDue += TICK_NANOS; // as the fixed-rate schedule: a late tick's missed ones run at once, each charged
  }

  /** A read arrived: the first since the last drain opens a batch, which later reads of it wait behind. */
  void readArrived(long nanos) {
    if (!batchOpen) {
      batchOpen = true;
      batchStart = nanos;
    }
  }

  void markDirty(NettyConnection c) {
    if (c.dirty) return;
    c.dirty = true;
    dirty.add(c);
    if (!drainScheduled) {
      drainScheduled = true;
      // Runs after the loop has done every read it had: parsing here never delays another connection's stamp.
      loop.execute(this::drain);
    }
  }

  /**
   * Decodes the connections with queued reads, for at most {@link #DRAIN_SLICE_NANOS}: past that the rest waits for
   * a task of its own after the loop's next reads, so a burst of thousands of answers never keeps a read waiting
   * behind all their parsing (the reads are stamped as they come; only their decoding waits).
   */
  void drain() {
    long start = nanoTime();
    long sliceStart = batchOpen ? batchStart : start;
    long deadline = start + DRAIN_SLICE_NANOS;
    int i = 0;
    for (; i < dirty.size(); i++) {
      if ((i & 15) == 15 && nanoTime() - deadline > 0) break;
      NettyConnection c = dirty.get(i);
      c.dirty = false;
      c.processPending();
    }
    long end = nanoTime();
    if (end - sliceStart > BATCH_MIN_NANOS) stalls.record(sliceStart, end);
    lastSliceStart = sliceStart;
    lastSliceEnd = end;
    batchOpen = false;
    if (i < dirty.size()) {
      dirty.subList(0, i).clear();
      // A scheduled task runs after the loop's next reads (a plain one would run before them).
      loop.schedule(this::drain, 0, TimeUnit.NANOSECONDS);
      return;
    }
    dirty.clear();
    drainScheduled = false;
  }

  /** Fails the exchanges in flight (a cancelled run). */
  void cancelAll(Throwable cause) {
    long now = nanoTime();
    for (NettyConnection c : new ArrayList<>(open)) c.fail(cause, now);
  }

  void closeAll() {
    for (io.netty.util.concurrent.ScheduledFuture<?> timer : timers) timer.cancel(false);
    if (tick != null) tick.cancel(false);
    for (NettyConnection c : new ArrayList<>(open)) c.closeByUs();
    idle.clear();
  }
}
