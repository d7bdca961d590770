package io.github.llmbench.core;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A loopback HTTP/1.1 server on a raw {@link ServerSocket}, for what MockWebServer cannot do: answer a request by
 * closing the socket, send a body of any size generated on the fly, or send a stream that never ends. It counts
 * what a test needs to compare with what llmbench counted: accepted connections, requests by method and path, and
 * bytes written. {@code GET /v1/models} (the pre-flight's model check) is answered here, any other {@code GET} (metrics
 * scrapes) with 404; every {@code POST} (a completion) goes to the handler. One thread per connection.
 */
final class RawHttpServer implements AutoCloseable {
  private static final byte[] MODELS = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
      + TestServers.MODELS.length() + "\r\n\r\n" + TestServers.MODELS).getBytes(StandardCharsets.US_ASCII);

  /** One parsed request. */
  record Request(String method, String path, Map<String, String> headers, byte[] body, int connection,
      int indexOnConnection) {
    boolean isWarmUp() {
      return method.equals("GET") && path.endsWith("/v1/models");
    }

    boolean wantsClose() {
      return "close".equalsIgnoreCase(headers.getOrDefault("connection", ""));
    }
  }

  /** Answers one completion request; returns whether the connection may serve another request. */
  @FunctionalInterface
  interface Handler {
    boolean answer(Request request, OutputStream out, Socket socket) throws IOException, InterruptedException;
  }

  /**
   * How the server treats what is not a completion.
   *
   * @param idleTimeoutMillis a keep-alive connection idle this long is closed without a word, as uvicorn does after
   *     5 s; 0 for never
   * @param modelsStatus the status {@code GET /v1/models} gets; 0 to close the connection instead of answering
   */
  record Options(int idleTimeoutMillis, int modelsStatus) {
    static final Options DEFAULT = new Options(0, 200);
  }

  private final ServerSocket serverSocket;
  private final Handler handler;
  private final Options options;
  private final AtomicInteger idleCloses = new AtomicInteger();
  private final Thread acceptor;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger warmUps = new AtomicInteger();
  private final AtomicInteger others = new AtomicInteger();
  private final ConcurrentLinkedQueue<Request> completions = new ConcurrentLinkedQueue<>();
  final AtomicLong bytesWritten = new AtomicLong();
  private volatile boolean closed;

  RawHttpServer(Handler handler) {
    this(handler, Options.DEFAULT);
  }

  RawHttpServer(Handler handler, Options options) {
    this.handler = handler;
    this.options = options;
    try {
      serverSocket = new ServerSocket(0, 256, InetAddress.getByName("127.0.0.1"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = new Thread(this::acceptLoop, "raw-http-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + serverSocket.getLocalPort();
  }

  /** Sockets accepted so far. */
  int connections() {
    return connections.get();
  }

  int warmUps() {
    return warmUps.get();
  }

  /** Connections closed because they were idle for the idle timeout. */
  int idleCloses() {
    return idleCloses.get();
  }

  /** The completion (non-warm-up) requests read so far, in arrival order. */
  java.util.List<Request> completions() {
    return java.util.List.copyOf(completions);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        return;
      }
      int index = connections.getAndIncrement();
      Thread t = new Thread(() -> serve(socket, index), "raw-http-conn-" + index);
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket socket, int connection) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new CountingOutputStream(socket.getOutputStream());
      for (int i = 0; ; i++) {
        // Between requests a keep-alive connection may sit idle only so long.
        socket.setSoTimeout(i > 0 ? options.idleTimeoutMillis() : 0);
        Request request;
        try {
          request = read(in, connection, i);
        } catch (java.net.SocketTimeoutException e) {
          idleCloses.incrementAndGet();
          return;
        }
        socket.setSoTimeout(0);
        if (request == null) return;
        if (request.isWarmUp()) {
          warmUps.incrementAndGet();
          if (options.modelsStatus() == 0) return;
          if (options.modelsStatus() == 200) {
            out.write(MODELS);
            out.flush();
          } else {
            json(out, options.modelsStatus(), "{\"error\":\"no hub cache\"}");
          }
          continue;
        }
        if (request.method().equals("GET")) { // a metrics scrape, or anything else that is not a completion
          others.incrementAndGet();
          json(out, 404, "{}");
          continue;
        }
        completions.add(request);
        if (!handler.answer(request, out, socket) || request.wantsClose()) return;
      }
    } catch (IOException e) {
      // the client went away (or the handler closed the socket): nothing to do
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static @Nullable Request read(InputStream in, int connection, int index) throws IOException {
    String requestLine = line(in);
    if (requestLine == null || requestLine.isEmpty()) return null;
    Map<String, String> headers = new TreeMap<>();
    String header;
    while ((header = line(in)) != null && !header.isEmpty()) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
      }
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    String[] parts = requestLine.split(" ");
    return new Request(parts[0], parts.length > 1 ? parts[1] : "", headers, body, connection, index);
  }

  private static @Nullable String line(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') break;
      if (b != '\r') buffer.write(b);
    }
    if (b < 0 && buffer.size() == 0) return null;
    return buffer.toString(StandardCharsets.US_ASCII);
  }

  /** Writes a complete JSON answer with this status. */
  static void json(OutputStream out, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  @Override
  public void close() {
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private final class CountingOutputStream extends java.io.FilterOutputStream {
    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      bytesWritten.addAndGet(len);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      bytesWritten.incrementAndGet();
    }
  }
}
