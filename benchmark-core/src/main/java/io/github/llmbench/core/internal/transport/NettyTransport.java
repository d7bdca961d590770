package io.github.llmbench.core.internal.transport;

import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.core.TimeSource;
import io.github.llmbench.core.internal.health.Stalls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Version;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The default transport: Netty event loops (native epoll on Linux, NIO elsewhere), as many as asked (one per
 * processor by default), each connection pinned to one loop ({@link NettyLane}), {@code TCP_NODELAY} on every
 * connection, TLS through Netty's {@link SslHandler} with the JDK's provider. HTTP/1.1 framing (Content-Length,
 * chunked with extensions and trailers, close-delimited bodies, 1xx, 204) is Netty's {@link
 * io.netty.handler.codec.http.HttpResponseDecoder}; requests are written as bytes made before they are due.
 * Nothing is retried or followed.
 */
public final class NettyTransport implements Transport {
  /** The longest a connect may take before a step's clock (a server that does not answer must not hold a run). */
  private static final long WARM_CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final String IO_NATIVE = "epoll";
  private static final String IO_JDK = "nio";

  private final TimeSource time;
  private final Endpoint endpoint;
  private final ClientSettings.ConnectionMode mode;
  private final long requestTimeoutNanos;
  private final IdleReuseLimit idleLimit = new IdleReuseLimit();
  private final NettyWire.@Nullable Heads heads;
  private final @Nullable IOException headsProblem;
  private final TlsTrust trust;
  private final @Nullable SslContext ssl;
  private final MultiThreadIoEventLoopGroup group;
  /** Whether the loops are this transport's own (else borrowed from another, which shuts them down). */
  private final boolean ownsLoops;
  private final NettyLane[] lanes;
  private final String io;
  private volatile boolean cancelled;
  private volatile @Nullable InetSocketAddress address;
  private volatile @Nullable IOException unresolved;

  /**
   * @param eventLoops event loops; 0 for one per available processor
   * @throws UncheckedIOException when TLS cannot be set up with the given trust
   */
  public NettyTransport(Endpoint endpoint, Optional<String> apiKey, ClientSettings.ConnectionMode mode,
      Duration requestTimeout,
      int eventLoops, TlsTrust trust, TimeSource time, String userAgent) {
    this(endpoint, apiKey, mode, requestTimeout, eventLoops, trust, time, userAgent, null);
  }

  /**
   * A transport on another transport's event loops (borrowed, never shut down by this one): the pre-flight's
   * warm-up runs the run's own loops, so their threads' first exchanges are behind them when the first step starts.
   */
  public NettyTransport(Endpoint endpoint, ClientSettings.ConnectionMode mode, Duration requestTimeout, TimeSource time,
      String userAgent, NettyTransport loopsOf) {
    this(endpoint, Optional.empty(), mode, requestTimeout, 0, loopsOf.trust, time, userAgent, loopsOf);
  }

  private NettyTransport(Endpoint endpoint, Optional<String> apiKey, ClientSettings.ConnectionMode mode,
      Duration requestTimeout,
      int eventLoops, TlsTrust trust, TimeSource time, String userAgent,
      @Nullable NettyTransport loopsOf) {
    this.time = time;
    this.endpoint = endpoint;
    this.mode = mode;
    this.requestTimeoutNanos = requestTimeout.toNanos();
    NettyWire.Heads h = null;
    IOException problem = null;
    try {
      h = new NettyWire.Heads(endpoint, apiKey, mode, userAgent);
    } catch (IOException e) {
      problem = e; // every request fails with it, counted, rather than the run
    }
    this.heads = h;
    this.headsProblem = problem;
    this.trust = trust;
    this.ssl = endpoint.tls() ? sslContext(trust) : null;
    boolean epoll = Epoll.isAvailable();
    this.io = epoll ? IO_NATIVE : IO_JDK;
    this.ownsLoops = loopsOf == null;
    if (loopsOf != null) {
      this.group = loopsOf.group;
    } else {
      int loops = eventLoops > 0 ? eventLoops : Math.max(1, Runtime.getRuntime().availableProcessors());
      IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
      this.group = new MultiThreadIoEventLoopGroup(loops, new DefaultThreadFactory("llmbench-io", true), handlers);
    }
    int loops = group.executorCount();
    Bootstrap bootstrap = new Bootstrap()
        .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) Math.min(TimeUnit.NANOSECONDS.toMillis(Math.min(requestTimeoutNanos, WARM_CONNECT_TIMEOUT_NANOS)),
                Integer.MAX_VALUE));
    this.lanes = new NettyLane[loops];
    int i = 0;
    for (io.netty.util.concurrent.EventExecutor executor : group) {
      lanes[i++] = new NettyLane(this, (io.netty.channel.EventLoop) executor, bootstrap);
    }
    resolve();
  }

  private static SslContext sslContext(TlsTrust trust) {
    try {
      // Netty 4.2 verifies the server's host name by default (endpoint identification "HTTPS").
      return SslContextBuilder.forClient().trustManager(trust.trustManagerFactory()).build();
    } catch (javax.net.ssl.SSLException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ClientSettings.TransportKind kind() {
    return ClientSettings.TransportKind.NETTY;
  }

  @Override
  public String describe() {
    Version v = Version.identify().get("netty-transport");
    return "netty " + (v == null ? "" : v.artifactVersion() + ", ") + io + ", " + lanes.length
        + (lanes.length == 1 ? " event loop" : " event loops");
  }

  @Override
  public int lanes() {
    return lanes.length;
  }

  TimeSource time() {
    return time;
  }

  long requestTimeoutNanos() {
    return requestTimeoutNanos;
  }

  IdleReuseLimit idleLimit() {
    return idleLimit;
  }

  boolean cancelled() {
    return cancelled;
  }

  boolean reusesConnections() {
    return mode == ClientSettings.ConnectionMode.WARM;
  }

  @Nullable SslHandler newSslHandler(Channel ch) {
    if (ssl == null) return null;
    return ssl.newHandler(ch.alloc(), endpoint.host(), endpoint.port());
  }

  /** The target's address, resolved before the clock (never on an event loop). */
  InetSocketAddress address() throws IOException {
    InetSocketAddress a = address;
    if (a != null) return a;
    IOException e = unresolved;
    throw e != null ? e : new UnknownHostException(endpoint.host());
  }

  private void resolve() {
    try {
      address = new InetSocketAddress(InetAddress.getByName(endpoint.host()), endpoint.port());
      unresolved = null;
    } catch (UnknownHostException e) {
      unresolved = e;
    } catch (SecurityException e) {
      unresolved = new UnknownHostException(endpoint.host() + ": " + e.getMessage());
    }
  }

  @Override
  public Outgoing encode(String path, byte[] body, boolean stream, String requestId) throws IOException {
    if (heads == null) throw Objects.requireNonNull(headsProblem);
    byte[] head = heads.head(endpoint.requestTarget(path), stream, requestId, body.length);
    return new Outgoing(new NettyWire(head, body));
  }

  @Override
  public void warm(int connections, boolean keepSpare) {
    if (address == null) resolve();
    int n = lanes.length;
    List<Promise<Void>> done = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      NettyLane lane = lanes[i];
      int wanted = connections / n + (i < connections % n ? 1 : 0);
      Promise<Void> p = lane.loop().newPromise();
      done.add(p);
      lane.loop().execute(() -> lane.warm(wanted, keepSpare, p));
    }
    // One deadline for all lanes: each connect is bounded by the connect timeout, and lanes open theirs at once.
    long deadline = time.monotonicNanos() + WARM_CONNECT_TIMEOUT_NANOS + TimeUnit.SECONDS.toNanos(5);
    for (Promise<Void> p : done) {
      p.awaitUninterruptibly(Math.max(0, deadline - time.monotonicNanos()), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void send(int lane, Outgoing request, ExchangeListener listener) {
    NettyLane l = lanes[lane];
    NettyWire wire = (NettyWire) request.wire();
    if (l.loop().inEventLoop()) {
      l.send(wire, listener);
    } else {
      l.loop().execute(() -> l.send(wire, listener));
    }
  }

  @Override
  public void execute(int lane, Runnable task) {
    lanes[lane].loop().execute(task);
  }

  @Override
  public void schedule(int lane, long atNanos, Runnable task) {
    long delay = atNanos - time.monotonicNanos();
    if (delay <= 0) {
      execute(lane, task);
    } else {
      lanes[lane].loop().schedule(task, delay, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void watchStalls() {
    for (NettyLane lane : lanes) lane.loop().execute(lane::watchStalls);
  }

  @Override
  public Stalls[] takeStalls() {
    Stalls[] taken = new Stalls[lanes.length];
    for (int i = 0; i < lanes.length; i++) {
      NettyLane lane = lanes[i];
      Promise<Stalls> p = lane.loop().newPromise();
      lane.loop().execute(() -> p.trySuccess(lane.takeStalls()));
      taken[i] = p.awaitUninterruptibly(5, TimeUnit.SECONDS) && p.isSuccess() ? p.getNow() : Stalls.NONE;
    }
    return taken;
  }

  @Override
  public void cancelAll() {
    cancelled = true;
    if (group.isShuttingDown()) return; // closed: nothing is in flight
    CancellationException cause = new CancellationException("the run was cancelled");
    try {
      for (NettyLane lane : lanes) lane.loop().execute(() -> lane.cancelAll(cause));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed meanwhile: nothing is in flight any more
    }
  }

  @Override
  public void close() {
    if (group.isShuttingDown()) return;
    for (NettyLane lane : lanes) {
      Promise<Void> closed = lane.loop().newPromise();
      lane.loop().execute(() -> {
        lane.cancelAll(new CancellationException("the transport closed"));
        lane.closeAll();
        closed.trySuccess(null);
      });
      if (!ownsLoops) closed.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    if (ownsLoops) group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
