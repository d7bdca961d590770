package io.github.llmbench.core.bench;

import io.github.llmbench.core.internal.transport.OkHttpTransport;
import io.github.llmbench.core.internal.transport.TlsTrust;
import io.github.llmbench.core.internal.transport.WorkerThreads;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Okio;

/**
 * What a Java client can do on this machine without llmbench's engine, for {@code bench/transport-floor.sh}: a
 * closed loop of {@code --requests} POSTs of the BASELINE body (the bytes of {@code bench/post.lua}) at
 * {@code --concurrency}, on the worker threads llmbench uses ({@link WorkerThreads}: virtual on 21+), through
 * <ul>
 *   <li>{@code --mode okhttp}: plain OkHttp calls on the client llmbench derives ({@link OkHttpTransport#derive}:
 *       its dispatcher, pool, call timeout, no retries), body read to its end, nothing parsed;
 *   <li>{@code --mode socket}: one blocking socket per worker, the request written in one write, the answer read
 *       up to its Content-Length; the least a thread-per-request Java client does.
 * </ul>
 * Each first runs the same loop once untimed (JIT, connections), then the timed one; prints
 * {@code RESULT mode=... rate=... p50_ms=... p99_ms=... max_ms=...}. The latency clock is the same as
 * llmbench's: from before the request is handed over to after the last byte of the answer.
 */
public final class TransportFloor {
  private static final MediaType JSON = MediaType.get("application/json");

  private TransportFloor() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = null;
    String mode = "okhttp";
    int concurrency = 500;
    int requests = 100_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--base-url" -> baseUrl = args[++i];
        case "--mode" -> mode = args[++i];
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--requests" -> requests = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    if (baseUrl == null) throw new IllegalArgumentException("--base-url is required");
    String body = "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + "Explain in detail: ".repeat(125) + "\"}],\"max_tokens\":100}";
    Loop loop = switch (mode) {
      case "okhttp" -> okhttp(baseUrl, body, concurrency);
      case "socket" -> socket(baseUrl, body);
      default -> throw new IllegalArgumentException("--mode (" + mode + ") should be okhttp or socket");
    };
    run(loop, concurrency, requests);  // untimed: JIT and connections
    long[] latencies = new long[requests];
    double wallSec = run(loop, concurrency, requests, latencies);
    Arrays.sort(latencies);
    System.out.printf(Locale.ROOT, "RESULT mode=%s threads=%s c=%d n=%d wall_s=%.3f rate=%.1f p50_ms=%.3f "
        + "p99_ms=%.3f max_ms=%.3f%n", mode, WorkerThreads.kind(), concurrency, requests, wallSec,
        requests / wallSec, latencies[requests / 2] / 1e6, latencies[(int) (requests * 0.99)] / 1e6,
        latencies[requests - 1] / 1e6);
    System.exit(0);
  }

  /** One worker's connection: sends one request and returns its latency in nanoseconds. */
  private interface Worker extends AutoCloseable {
    long exchange() throws IOException;

    @Override
    default void close() throws IOException {}
  }

  private interface Loop {
    Worker worker() throws IOException;
  }

  private static Loop okhttp(String baseUrl, String body, int concurrency) throws IOException {
    OkHttpClient client = OkHttpTransport.derive(new OkHttpClient(), concurrency, Duration.ofSeconds(60),
        TlsTrust.of(java.util.Optional.empty()));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String url = baseUrl + "/v1/chat/completions";
    return () -> () -> {
      Request request = new Request.Builder().url(url).post(RequestBody.create(bytes, JSON)).build();
      long start = System.nanoTime();
      try (Response response = client.newCall(request).execute()) {
        response.body().source().readAll(Okio.blackhole());
      }
      return System.nanoTime() - start;
    };
  }

  private static Loop socket(String baseUrl, String body) {
    URI uri = URI.create(baseUrl);
    byte[] request = ("POST /v1/chat/completions HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
        .getBytes(StandardCharsets.UTF_8);
    return () -> {
      Socket socket = new Socket(uri.getHost(), uri.getPort());
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      return new Worker() {
        @Override
        public long exchange() throws IOException {
          long start = System.nanoTime();
          out.write(request);
          int have = 0;
          int need = -1;
          while (need < 0 || have < need) {
            int n = in.read(buffer, have, buffer.length - have);
            if (n < 0) throw new EOFException("the server closed the connection");
            have += n;
            if (need < 0) need = answerLength(buffer, have);
          }
          return System.nanoTime() - start;
        }

        @Override
        public void close() throws IOException {
          socket.close();
        }
      };
    };
  }

  /** Header length plus Content-Length once the headers are in, else -1. */
  private static int answerLength(byte[] buffer, int length) {
    String head = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
    int end = head.indexOf("\r\n\r\n");
    if (end < 0) return -1;
    int at = head.toLowerCase(Locale.ROOT).indexOf("\r\ncontent-length:");
    if (at < 0 || at > end) throw new IllegalStateException("an answer without Content-Length");
    int valueStart = at + "\r\ncontent-length:".length();
    return end + 4 + Integer.parseInt(head.substring(valueStart, head.indexOf("\r\n", valueStart)).trim());
  }

  private static void run(Loop loop, int concurrency, int requests) throws Exception {
    run(loop, concurrency, requests, new long[requests]);
  }

  /** Opens every worker's connection, releases them together, runs the closed loop; returns its wall time. */
  private static double run(Loop loop, int concurrency, int requests, long[] latencies) throws Exception {
    AtomicInteger next = new AtomicInteger();
    CountDownLatch ready = new CountDownLatch(concurrency);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger failures = new AtomicInteger();
    ThreadFactory factory = WorkerThreads.factory("floor-");
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      threads.add(factory.newThread(() -> {
        try (Worker worker = loop.worker()) {
          worker.exchange(); // the connection is open (and, for OkHttp, pooled) before the clock
          ready.countDown();
          go.await();
          int i;
          while ((i = next.getAndIncrement()) < requests) latencies[i] = worker.exchange();
        } catch (Exception e) {
          failures.incrementAndGet();
          ready.countDown();
        }
      }));
    }
    threads.forEach(Thread::start);
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    for (Thread t : threads) t.join();
    double wallSec = (System.nanoTime() - start) / 1e9;
    if (failures.get() > 0) throw new IllegalStateException(failures.get() + " workers failed");
    return wallSec;
  }
}
