package io.github.llmbench.core.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The yardstick of {@code bench/streams-10k.sh}: the least a client can do to hold N streams, so the harness shows
 * what the server and the machine allow before llmbench is judged. One thread and one selector open N connections
 * at once, send one streamed chat request on each (the same bytes as llmbench's, with {@code "user":
 * "probe#<i>"}), note when the first content chunk arrives and when the stream ends, and close. Writes the same CSV
 * and {@code RESULT} line as {@link StepMain}; a request starts when it is written (after its connection is open),
 * and its {@code ttft_ns} counts from there.
 *
 * <pre>
 * java -cp benchmark-core/target/test-classes io.github.llmbench.core.bench.StreamProbe --port P --streams 10000 --out f.csv
 * </pre>
 */
public final class StreamProbe {
  private static final byte[] CONTENT = "\"delta\":{\"content\":\" ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private StreamProbe() {}

  private static final class Probe {
    final int index;
    final SocketChannel channel;
    long startNanos = -1;
    ByteBuffer request;
    byte[] seen = new byte[0];
    long firstNanos = -1;
    long endNanos = -1;

    Probe(int index, SocketChannel channel) {
      this.index = index;
      this.channel = channel;
    }
  }

  public static void main(String[] args) throws IOException {
    int port = 0;
    int streams = 10_000;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--streams" -> streams = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    String prompt = "Explain in detail: ".repeat(125);
    Selector selector = Selector.open();
    Probe[] probes = new Probe[streams];
    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    Counts counts = new Counts();
    long stepStart = System.nanoTime();
    for (int i = 0; i < streams; i++) {
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Probe p = new Probe(i, channel);
      String body = "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt
          + "\"}],\"max_tokens\":4,\"stream\":true,\"stream_options\":{\"include_usage\":true},\"user\":\"probe#"
          + i + "\"}";
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      p.request = ByteBuffer.wrap(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: " + b.length
          + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      probes[i] = p;
      if (channel.connect(address)) {
        channel.register(selector, SelectionKey.OP_WRITE, p);
      } else {
        channel.register(selector, SelectionKey.OP_CONNECT, p);
      }
      if (i % 64 == 63) counts.add(pump(selector, buffer, 0));
    }
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (counts.finished() < streams && System.nanoTime() < deadline) counts.add(pump(selector, buffer, 1000));
    double maxTtft = 0;
    for (int i = 0; i < streams; i++) {
      if (probes[i].firstNanos > 0) maxTtft = Math.max(maxTtft, (probes[i].firstNanos - probes[i].startNanos) / 1e6);
    }
    System.out.printf(Locale.ROOT, "RESULT run=measured step=probe c=%d n=%d ok=%d failed=%d wall_s=%.3f "
        + "ttft_max_ms=%.3f%n", streams, streams, counts.done, streams - counts.done,
        (System.nanoTime() - stepStart) / 1e9, maxTtft);
    if (out != null) {
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
        w.println("key,index,start_offset_ns,latency_ns,success,cause,ttft_ns,e2e_ns");
        for (Probe p : probes) {
          boolean ok = p.endNanos > 0;
          w.printf(Locale.ROOT, "probe#%d,%d,%d,%d,%b,%s,%d,%d%n", p.index, p.index, p.startNanos - stepStart,
              ok ? p.endNanos - p.startNanos : -1, ok, ok ? "" : "unfinished",
              p.firstNanos > 0 ? p.firstNanos - p.startNanos : -1, ok ? p.endNanos - p.startNanos : -1);
        }
      }
    }
  }

  /** Streams finished well and badly. */
  private static final class Counts {
    int done;
    int failed;

    void add(int[] delta) {
      done += delta[0];
      failed += delta[1];
    }

    int finished() {
      return done + failed;
    }
  }

  /** One round of the selector: connects finished, requests written, responses read. @return {done, failed} */
  private static int[] pump(Selector selector, ByteBuffer buffer, long timeoutMillis) throws IOException {
    int done = 0;
    int failed = 0;
    if (timeoutMillis == 0) selector.selectNow(); else selector.select(timeoutMillis);
    long now = System.nanoTime();
    for (SelectionKey key : selector.selectedKeys()) {
      Probe p = (Probe) key.attachment();
      try {
        if (key.isConnectable() && p.channel.finishConnect()) key.interestOps(SelectionKey.OP_WRITE);
        if (key.isValid() && key.isWritable()) {
          if (p.startNanos < 0) p.startNanos = System.nanoTime();
          p.channel.write(p.request);
          if (!p.request.hasRemaining()) key.interestOps(SelectionKey.OP_READ);
        }
        if (key.isValid() && key.isReadable()) {
          buffer.clear();
          int n = p.channel.read(buffer);
          if (n < 0) {
            failed++;
            key.cancel();
            p.channel.close();
            continue;
          }
          buffer.flip();
          byte[] all = java.util.Arrays.copyOf(p.seen, p.seen.length + n);
          buffer.get(all, p.seen.length, n);
          p.seen = all;
          if (p.firstNanos < 0 && indexOf(all, CONTENT) >= 0) p.firstNanos = now;
          if (endsWith(all, END)) {
            p.endNanos = now;
            done++;
            key.cancel();
            p.channel.close();
          } else if (p.firstNanos >= 0) {
            p.seen = java.util.Arrays.copyOfRange(all, Math.max(0, all.length - 8), all.length);
          }
        }
      } catch (IOException e) {
        failed++;
        key.cancel();
        p.channel.close();
      }
    }
    selector.selectedKeys().clear();
    return new int[] {done, failed};
  }

  private static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  private static boolean endsWith(byte[] data, byte[] suffix) {
    if (data.length < suffix.length) return false;
    for (int i = 0; i < suffix.length; i++) {
      if (data[data.length - suffix.length + i] != suffix[i]) return false;
    }
    return true;
  }
}
