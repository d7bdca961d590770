package io.github.llmbench.simulator.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A small blocking HTTP/1.1 server: one accept thread and one thread per connection, keep-alive, chunked responses.
 * Thread-per-connection keeps streaming simple. On Java 21 and later the connection threads are virtual: an engine
 * step then wakes its running sequences' writers on a couple of carrier threads instead of making hundreds of
 * platform threads runnable at once, which on a small machine would crowd out the client being measured (a
 * simulator must not starve the client it serves). On Java 17 they are pooled platform threads.
 */
public final class SimHttpServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SimHttpServer.class.getName());

  private final ServerSocket serverSocket;
  private final RequestHandler handler;
  private final ThreadPoolExecutor connections;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptThread;
  private volatile boolean closed;

  /**
   * Binds to {@code host:port} (port 0 picks a free one) and starts accepting.
   *
   * @throws IOException if the address cannot be bound
   */
  public SimHttpServer(String host, int port, int maxConnections, RequestHandler handler) throws IOException {
    this.handler = handler;
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    try {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 4096);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    this.serverSocket = socket;
    int serverId = socket.getLocalPort();
    AtomicInteger threadIds = new AtomicInteger();
    ThreadFactory virtual = virtualThreads("llm-sim-" + serverId + "-conn-");
    this.connections = new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        virtual != null ? virtual : r -> {
          Thread t = new Thread(r, "llm-sim-" + serverId + "-conn-" + threadIds.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.acceptThread = new Thread(this::acceptLoop, "llm-sim-" + serverId + "-accept");
    acceptThread.setDaemon(true);
    acceptThread.start();
  }

  /** A factory of virtual threads named {@code prefix0, prefix1, ...} on Java 21+; {@code null} before. */
  private static @Nullable ThreadFactory virtualThreads(String prefix) {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
      builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, prefix, 0L);
      return (ThreadFactory) ofVirtual.getMethod("factory").invoke(builder);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // Java 17
    }
  }

  /** @return the bound port */
  public int port() {
    return serverSocket.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.log(Level.WARNING, "accept failed", e);
          java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        continue;
      }
      open.add(socket);
      if (closed) {
        closeQuietly(socket);
        continue;
      }
      try {
        connections.execute(() -> serve(socket));
      } catch (RejectedExecutionException e) {
        LOG.log(Level.WARNING, "too many connections; closing a new one");
        closeQuietly(socket);
      }
    }
  }

  private void serve(Socket socket) {
    try {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
      while (!closed) {
        HttpRequest request;
        try {
          request = HttpRequestReader.read(in, out);
        } catch (HttpRequestReader.BadHttpRequest e) {
          byte[] body = ("{\"detail\":\"" + e.getMessage() + "\"}").getBytes(StandardCharsets.UTF_8);
          HttpExchange exchange = new HttpExchange(out, false);
          exchange.send(e.status, "application/json", body);
          return;
        }
        if (request == null) {
          return;
        }
        HttpExchange exchange = new HttpExchange(out, request.keepAlive());
        handler.handle(request, exchange);
        if (!exchange.keepAlive()) {
          return;
        }
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "connection ended", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "handler failed", e);
    } finally {
      open.remove(socket);
      closeQuietly(socket);
    }
  }

  /** Stops accepting, closes every connection and frees the port. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(serverSocket);
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    connections.shutdownNow();
    try {
      acceptThread.join(2000);
      connections.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
