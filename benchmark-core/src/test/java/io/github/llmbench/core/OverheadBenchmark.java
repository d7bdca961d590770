package io.github.llmbench.core;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.internal.transport.OkHttpTransport;
import io.github.llmbench.core.internal.transport.TlsTrust;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * How much the engine itself costs: drives a local server that answers at once (a minimal HTTP/1.1 keep-alive
 * server on 127.0.0.1 that writes each fixed JSON answer in one write with TCP_NODELAY; the JDK's HttpServer
 * stalls 40 ms per request at concurrency 1 through Nagle and delayed ACKs) and prints, per concurrency, the sustained
 * request rate and the median latency of (a) plain OkHttp calls in a closed loop with the same body bytes and (b) the
 * {@link BenchmarkRunner}. The difference (b) - (a) is the latency llmbench adds above OkHttp (building the request,
 * Jackson serialisation and parsing, outcome bookkeeping, sinks); (a) itself bounds what the whole client adds on
 * loopback.
 *
 * <p>Not a test (no assertions, machine-dependent). Run it from the repository root:
 * <pre>
 * mvn -q -pl benchmark-core test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/core-cp.txt -Dmdep.includeScope=test
 * java -cp benchmark-core/target/classes:benchmark-core/target/test-classes:$(cat /tmp/core-cp.txt) \
 *     io.github.llmbench.core.OverheadBenchmark [requestsPerRun]
 * </pre>
 */
public final class OverheadBenchmark {
  private static final byte[] ANSWER = TestServers.usageBody(130, 100).getBytes(StandardCharsets.UTF_8);

  private OverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    InstantServer server = new InstantServer();
    String baseUrl = "http://127.0.0.1:" + server.port();
    try {
      System.out.printf(Locale.ROOT, "%d requests per run, %d processors, Java %s%n", requests,
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      // warm-up: JIT both paths before measuring
      raw(baseUrl, 8, requests / 2);
      engine(baseUrl, 8, requests / 2);
      System.out.println("concurrency | plain OkHttp: req/s, p50 ms | llmbench: req/s, p50 ms, p99 ms | added p50 ms");
      for (int c : new int[] {1, 8, 32, 128}) {
        double[] r = raw(baseUrl, c, requests);
        StepStatistics s = engine(baseUrl, c, requests);
        double rate = s.numRequests() / s.measured().wallClockSec();
        System.out.printf(Locale.ROOT, "%11d | %12.0f %9.3f | %8.0f %7.3f %7.3f | %+.3f%n", c, r[0], r[1] * 1e3, rate,
            s.measured().latency().p50Sec() * 1e3, s.measured().latency().p99Sec() * 1e3,
                (s.measured().latency().p50Sec() - r[1]) * 1e3);
        if (s.successful() != s.numRequests()) System.out.println("  (failures: " + s.measured().failures() + ")");
      }
    } finally {
      server.close();
    }
  }

  private static StepStatistics engine(String baseUrl, int concurrency, int requests) {
    Benchmark benchmark = Benchmark.builder().name("overhead").target(Target.of(baseUrl, "m"))
        .phases(Phase.of("P", Step.of("c" + concurrency, Load.concurrency(concurrency), requests,
            RequestBuilders.chat("Explain in detail: ".repeat(125), 100))))
        .build();
    BenchmarkResult result = BenchmarkRunner.builder().build().run(benchmark);
    return result.steps().get(0).statistics();
  }

  /** Plain OkHttp in a closed loop: returns {req/s, median latency in seconds}. */
  private static double[] raw(String baseUrl, int concurrency, int requests) throws Exception {
    OkHttpClient client = OkHttpTransport.derive(new OkHttpClient(), concurrency, Duration.ofSeconds(300),
        TlsTrust.of(java.util.Optional.empty()));
    byte[] body = ("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + "Explain in detail: ".repeat(125) + "\"}],\"max_tokens\":100}").getBytes(StandardCharsets.UTF_8);
    MediaType json = MediaType.get("application/json");
    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    Thread[] threads = new Thread[concurrency];
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      threads[t] = new Thread(() -> {
        int i;
        while ((i = next.getAndIncrement()) < requests) {
          long s = System.nanoTime();
          Request request = new Request.Builder().url(baseUrl + "/v1/chat/completions")
              .post(RequestBody.create(body, json)).build();
          try (Response response = client.newCall(request).execute()) {
            response.body().bytes();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          latencies[i] = System.nanoTime() - s;
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) t.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    client.connectionPool().evictAll();
    Arrays.sort(latencies);
    return new double[] {requests / seconds, latencies[requests / 2] / 1e9};
  }

  /** HTTP/1.1 keep-alive server, a thread per connection, answering every request at once with {@link #ANSWER}. */
  private static final class InstantServer implements AutoCloseable {
    private final ServerSocket socket;
    private final byte[] response;

    InstantServer() throws IOException {
      socket = new ServerSocket(0, 1024, InetAddress.getByName("127.0.0.1"));
      String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + ANSWER.length
          + "\r\n\r\n";
      byte[] h = head.getBytes(StandardCharsets.US_ASCII);
      response = Arrays.copyOf(h, h.length + ANSWER.length);
      System.arraycopy(ANSWER, 0, response, h.length, ANSWER.length);
      Thread acceptor = new Thread(this::accept, "instant-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          connection.setTcpNoDelay(true);
          Thread t = new Thread(() -> serve(connection), "instant-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket connection) {
      try (connection; InputStream in = new BufferedInputStream(connection.getInputStream());
          OutputStream out = connection.getOutputStream()) {
        while (true) {
          int contentLength = readHeaders(in);
          if (contentLength < 0) return;
          if (in.readNBytes(contentLength).length < contentLength) return;
          out.write(response);
          out.flush();
        }
      } catch (IOException e) {
        // client went away
      }
    }

    /** Reads request headers; returns Content-Length, or -1 at end of stream. */
    private static int readHeaders(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      int contentLength = 0;
      boolean any = false;
      while (true) {
        int b = in.read();
        if (b < 0) return -1;
        any = true;
        if (b == '\n') {
          String l = line.toString().trim();
          if (l.isEmpty()) return contentLength;
          if (l.regionMatches(true, 0, "Content-Length:", 0,
              15)) contentLength = Integer.parseInt(l.substring(15).trim());
          line.setLength(0);
        } else {
          line.append((char) b);
        }
        if (!any) return -1;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
