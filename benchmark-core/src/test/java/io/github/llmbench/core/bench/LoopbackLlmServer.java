package io.github.llmbench.core.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback OpenAI-like server for the scripts in {@code bench/}: it answers every {@code POST .../completions}
 * after a fixed hold, as one JSON body, or, when the body asks for {@code "stream": true}, as vLLM-shaped SSE
 * (a role chunk and the first content chunk at the hold, more content chunks a fixed gap apart, a finish chunk,
 * a usage chunk, {@code data: [DONE]}). Any GET gets the {@code /v1/models} list. HTTP/1.1 keep-alive.
 *
 * <p><b>Why NIO rather than a thread per connection or virtual threads.</b> The server must never be the
 * bottleneck of the client it measures, also with 10,000 connections open at once on a 2-core machine. One blocking
 * acceptor, one selector thread (more with {@code --selectors}) and one scheduler thread hold any number of
 * connections at a few KB each, and the hold costs a timer entry, not a thread. Virtual threads would do as well on
 * Java 21+, but this class lives in the Java 17 test tree and runs on any JDK the project supports.
 *
 * <p><b>What it records</b>, per generation request, on {@link System#nanoTime()} (on Linux CLOCK_MONOTONIC, the
 * same clock in every process on the machine): when its connection was accepted, when the request had been read
 * in full ({@code arrival}), just before the answer or the first content chunk was written ({@code first}), and
 * just before the last bytes were written ({@code end}). With {@code --trace FILE} the records are written as CSV
 * when the process gets SIGTERM (or stdin closes with {@code --stop-on-eof}), with a {@code FILE.summary} beside.
 * A request whose body has {@code "user": "KEY"} is recorded under that key, so a client can pair its own figures
 * with the server's request by request.
 *
 * <pre>
 * java -cp llmbench.jar:benchmark-core/target/test-classes io.github.llmbench.core.bench.LoopbackLlmServer \
 *     --port 0 --port-file /tmp/port --hold-ms 200 [--chunks 4 --chunk-gap-ms 10] [--trace /tmp/trace.csv]
 * </pre>
 */
public final class LoopbackLlmServer {
  private static final String MODEL = "bench-model";
  private static final String CHUNK_PREFIX = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
      + "\"created\":1700000000,\"model\":\"" + MODEL + "\",\"choices\":[";
  private static final byte[] MODELS = json("{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL + "\","
      + "\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"bench\",\"root\":\"" + MODEL + "\","
      + "\"parent\":null,\"max_model_len\":32768}]}");
  private static final byte[] NOT_FOUND = ("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
      + "Content-Length: 21\r\n\r\n{\"error\":\"not found\"}").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] STREAM_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
      + "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  private final long holdNanos;
  private final int chunks;
  private final long chunkGapNanos;
  private final byte[] answer;
  private final byte[] firstChunk;
  private final byte[] contentChunk;
  private final byte[] lastChunk;
  private final ServerSocketChannel listener;
  private final Loop[] loops;
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "sched"));
  private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();
  private final AtomicInteger holding = new AtomicInteger();
  private final AtomicInteger maxHolding = new AtomicInteger();

  LoopbackLlmServer(int port, long holdNanos, int chunks, long chunkGapNanos, int selectors) throws IOException {
    this.holdNanos = holdNanos;
    this.chunks = chunks;
    this.chunkGapNanos = chunkGapNanos;
    this.answer = json("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
        + "\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"" + "word ".repeat(100).trim() + "\",\"tool_calls\":[]},\"logprobs\":null,"
        + "\"finish_reason\":\"length\",\"stop_reason\":null}],\"usage\":{\"prompt_tokens\":130,"
        + "\"total_tokens\":230,\"completion_tokens\":100,\"prompt_tokens_details\":null}}");
    this.firstChunk = concat(STREAM_HEAD, httpChunk(
        event(CHUNK_PREFIX + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,"
            + "\"finish_reason\":null}]}") + event(content())));
    this.contentChunk = httpChunk(event(content()));
    this.lastChunk = concat(httpChunk(event(CHUNK_PREFIX + "{\"index\":0,\"delta\":{\"content\":\"\"},"
        + "\"logprobs\":null,\"finish_reason\":\"length\",\"stop_reason\":null}]}")
        + event("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"" + MODEL + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":130,\"total_tokens\":"
            + (130 + chunks) + ",\"completion_tokens\":" + chunks + "}}")
        + "data: [DONE]\n\n"), "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    listener = ServerSocketChannel.open();
    listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    listener.bind(new InetSocketAddress("127.0.0.1", port), 16384);
    loops = new Loop[selectors];
    for (int i = 0; i < selectors; i++) {
      loops[i] = new Loop();
      daemon(loops[i], "selector-" + i).start();
    }
    daemon(this::acceptLoop, "acceptor").start();
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    double holdMs = 200;
    int chunks = 4;
    double gapMs = 10;
    int selectors = 1;
    Path portFile = null;
    Path trace = null;
    boolean stopOnEof = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      switch (flag) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--hold-ms" -> holdMs = Double.parseDouble(args[++i]);
        case "--chunks" -> chunks = Integer.parseInt(args[++i]);
        case "--chunk-gap-ms" -> gapMs = Double.parseDouble(args[++i]);
        case "--selectors" -> selectors = Integer.parseInt(args[++i]);
        case "--port-file" -> portFile = Path.of(args[++i]);
        case "--trace" -> trace = Path.of(args[++i]);
        case "--stop-on-eof" -> stopOnEof = true;
        default -> throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    if (holdMs < 0) throw new IllegalArgumentException("--hold-ms (" + holdMs + ") should not be negative");
    if (chunks < 1) throw new IllegalArgumentException("--chunks (" + chunks + ") should be positive");
    if (selectors < 1) throw new IllegalArgumentException("--selectors (" + selectors + ") should be positive");
    LoopbackLlmServer server = new LoopbackLlmServer(port, Math.round(holdMs * 1e6), chunks, Math.round(gapMs * 1e6),
        selectors);
    int bound = ((InetSocketAddress) server.listener.getLocalAddress()).getPort();
    CountDownLatch stop = new CountDownLatch(1);
    Path traceFile = trace;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (traceFile != null) server.writeTrace(traceFile);
      stop.countDown();
    }, "trace-writer"));
    if (portFile != null) {
      Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
      Files.writeString(tmp, Integer.toString(bound));
      Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    System.out.printf(Locale.ROOT, "listening on 127.0.0.1:%d, hold %.1f ms, %d content chunks %.1f ms apart%n",
        bound, holdMs, chunks, gapMs);
    System.out.flush();
    if (stopOnEof) {
      while (System.in.read() >= 0) {
        // wait for the end of stdin
      }
      System.exit(0);
    }
    stop.await();
  }

  private void acceptLoop() {
    int next = 0;
    while (true) {
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (IOException e) {
        return;
      }
      long acceptNanos = System.nanoTime();
      accepted.incrementAndGet();
      maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
      try {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      } catch (IOException e) {
        closeQuietly(channel);
        continue;
      }
      loops[next].add(new Connection(channel, acceptNanos, loops[next]));
      next = (next + 1) % loops.length;
    }
  }

  /** One selector thread: reads requests and writes what a scheduled write could not finish. */
  private final class Loop implements Runnable {
    private final Selector selector;
    private final ConcurrentLinkedQueue<Connection> added = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

    Loop() throws IOException {
      selector = Selector.open();
    }

    void add(Connection c) {
      added.add(c);
      selector.wakeup();
    }

    @Override
    public void run() {
      while (true) {
        try {
          selector.select();
          for (Connection c; (c = added.poll()) != null; ) {
            try {
              c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
            } catch (ClosedChannelException e) {
              c.close();
            }
          }
          for (SelectionKey key : selector.selectedKeys()) {
            Connection c = (Connection) key.attachment();
            if (!key.isValid()) {
              c.close();
              continue;
            }
            try {
              if (key.isWritable()) c.flushPending();
              if (key.isValid() && key.isReadable()) c.read(readBuffer);
            } catch (RuntimeException e) {
              c.close(); // a request we cannot parse ends its connection, never the selector thread
            }
          }
          selector.selectedKeys().clear();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** One client connection: its unparsed input, and writes waiting for room in the socket. */
  private final class Connection {
    final SocketChannel channel;
    final long acceptNanos;
    final Loop loop;
    SelectionKey key;
    byte[] in = new byte[2048];
    int length;
    final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    boolean closed;

    Connection(SocketChannel channel, long acceptNanos, Loop loop) {
      this.channel = channel;
      this.acceptNanos = acceptNanos;
      this.loop = loop;
    }

    void read(ByteBuffer buffer) {
      int n;
      try {
        buffer.clear();
        n = channel.read(buffer);
      } catch (IOException e) {
        n = -1;
      }
      long readNanos = System.nanoTime();
      if (n < 0) {
        close();
        return;
      }
      buffer.flip();
      if (length + n > in.length) in = java.util.Arrays.copyOf(in, Math.max(in.length * 2, length + n));
      buffer.get(in, length, n);
      length += n;
      while (parseOne(readNanos)) {
        // one more request in the buffer
      }
    }

    /** Handles one complete request at the start of the buffer; false when none is complete yet. */
    private boolean parseOne(long readNanos) {
      int headerEnd = indexOf(in, length, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      if (headerEnd < 0) return false;
      String head = new String(in, 0, headerEnd, StandardCharsets.ISO_8859_1);
      int contentLength = 0;
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
          contentLength = Integer.parseInt(line.substring(colon + 1).trim());
        }
      }
      int total = headerEnd + 4 + contentLength;
      if (length < total) return false;
      String body = new String(in, headerEnd + 4, contentLength, StandardCharsets.UTF_8);
      System.arraycopy(in, total, in, 0, length - total);
      length -= total;
      int lineEnd = head.indexOf("\r\n");
      String requestLine = lineEnd < 0 ? head : head.substring(0, lineEnd);
      String[] parts = requestLine.split(" ");
      String method = parts.length > 0 ? parts[0] : "";
      String path = parts.length > 1 ? parts[1] : "";
      if (method.equals("GET")) {
        write(ByteBuffer.wrap(MODELS));
      } else if (method.equals("POST") && path.endsWith("/completions")) {
        boolean stream = body.contains("\"stream\":true") || body.contains("\"stream\": true");
        Exchange x = new Exchange(userKey(body), stream, acceptNanos, readNanos);
        exchanges.add(x);
        maxHolding.accumulateAndGet(holding.incrementAndGet(), Math::max);
        long delay = readNanos + holdNanos - System.nanoTime();
        scheduler.schedule(() -> answer(x), Math.max(0, delay), TimeUnit.NANOSECONDS);
      } else {
        write(ByteBuffer.wrap(NOT_FOUND));
      }
      return true;
    }

    private void answer(Exchange x) {
      holding.decrementAndGet();
      long now = System.nanoTime();
      x.firstNanos = now;
      if (!x.stream) {
        x.endNanos = now;
        write(ByteBuffer.wrap(answer));
        return;
      }
      write(ByteBuffer.wrap(firstChunk));
      scheduleChunk(x, 1, x.arrivalNanos + holdNanos);
    }

    /** Content chunk {@code index} (0-based) is due {@code index} gaps after the first one. */
    private void scheduleChunk(Exchange x, int index, long firstDueNanos) {
      long due = firstDueNanos + index * chunkGapNanos;
      scheduler.schedule(() -> {
        if (index < chunks) {
          write(ByteBuffer.wrap(contentChunk));
          scheduleChunk(x, index + 1, firstDueNanos);
        } else {
          x.endNanos = System.nanoTime();
          write(ByteBuffer.wrap(lastChunk));
        }
      }, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Writes now from the calling thread; what the socket cannot take yet goes to the selector. */
    synchronized void write(ByteBuffer data) {
      if (closed) return;
      try {
        if (pending.isEmpty()) channel.write(data);
        if (data.hasRemaining()) {
          pending.add(data);
          key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          loop.selector.wakeup();
        }
      } catch (IOException | RuntimeException e) {
        close();
      }
    }

    synchronized void flushPending() {
      try {
        while (!pending.isEmpty()) {
          ByteBuffer head = pending.peek();
          channel.write(head);
          if (head.hasRemaining()) return;
          pending.poll();
        }
        key.interestOps(SelectionKey.OP_READ);
      } catch (IOException | RuntimeException e) {
        close();
      }
    }

    synchronized void close() {
      if (closed) return;
      closed = true;
      open.decrementAndGet();
      closeQuietly(channel);
    }
  }

  /** What the server saw of one generation request; times are System.nanoTime(). */
  private static final class Exchange {
    final String key;
    final boolean stream;
    final long acceptNanos;
    final long arrivalNanos;
    volatile long firstNanos;
    volatile long endNanos;

    Exchange(String key, boolean stream, long acceptNanos, long arrivalNanos) {
      this.key = key;
      this.stream = stream;
      this.acceptNanos = acceptNanos;
      this.arrivalNanos = arrivalNanos;
    }
  }

  private void writeTrace(Path file) {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      out.println("key,stream,accept_ns,arrival_ns,first_ns,end_ns");
      for (Exchange x : exchanges) {
        out.printf(Locale.ROOT, "%s,%b,%d,%d,%d,%d%n", x.key, x.stream, x.acceptNanos, x.arrivalNanos, x.firstNanos,
            x.endNanos);
      }
    } catch (IOException e) {
      System.err.println("cannot write " + file + ": " + e);
    }
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(file + ".summary")))) {
      out.printf(Locale.ROOT, "accepted=%d%nmax_open_connections=%d%nmax_holding=%d%nrequests=%d%n", accepted.get(),
          maxOpen.get(), maxHolding.get(), exchanges.size());
    } catch (IOException e) {
      System.err.println("cannot write " + file + ".summary: " + e);
    }
  }

  private static String userKey(String body) {
    int at = body.indexOf("\"user\":\"");
    if (at < 0) return "";
    int from = at + 8;
    int to = body.indexOf('"', from);
    return to < 0 ? "" : body.substring(from, to).replace(',', ';');
  }

  private static String content() {
    return CHUNK_PREFIX + "{\"index\":0,\"delta\":{\"content\":\" word\"},\"logprobs\":null,\"finish_reason\":null}]}";
  }

  private static String event(String data) {
    return "data: " + data + "\n\n";
  }

  private static byte[] httpChunk(String payload) {
    byte[] data = payload.getBytes(StandardCharsets.UTF_8);
    byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    return concat(concat(head, data), "\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] json(String body) {
    byte[] data = body.getBytes(StandardCharsets.UTF_8);
    return concat(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + data.length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), data);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static int indexOf(byte[] data, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, "loopback-llm-" + name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
