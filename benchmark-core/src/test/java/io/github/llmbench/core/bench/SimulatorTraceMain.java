package io.github.llmbench.core.bench;

import io.github.llmbench.simulator.RequestTrace;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The in-repo vLLM-like {@link SimulatedLlmServer} in a process of its own, so a benchmarked client JVM holds
 * nothing but the client, and the server's own per-request timestamps ({@link RequestTrace}: arrival, first token,
 * finish, all {@link System#nanoTime()}) are written as CSV when the process gets SIGTERM.
 *
 * <pre>
 * java -cp llmbench.jar:benchmark-core/target/test-classes io.github.llmbench.core.bench.SimulatorTraceMain \
 *     --port-file /tmp/port --trace /tmp/sim.csv [--time-scale 1.0] [--max-running 64] [--max-waiting 64]
 * </pre>
 */
public final class SimulatorTraceMain {
  private SimulatorTraceMain() {}

  public static void main(String[] args) throws Exception {
    SimulatorConfig.Builder config = SimulatorConfig.builder().maxConnections(4096);
    Path portFile = null;
    Path trace = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--time-scale" -> config.timeScale(Double.parseDouble(args[++i]));
        case "--max-running" -> config.maxRunningSequences(Integer.parseInt(args[++i]));
        case "--max-waiting" -> config.maxWaitingRequests(Integer.parseInt(args[++i]));
        case "--port-file" -> portFile = Path.of(args[++i]);
        case "--trace" -> trace = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    SimulatedLlmServer server = SimulatedLlmServer.start(config.build());
    CountDownLatch stop = new CountDownLatch(1);
    Path traceFile = trace;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (traceFile != null) write(server, traceFile);
      server.close();
      stop.countDown();
    }, "trace-writer"));
    if (portFile != null) {
      Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
      Files.writeString(tmp, Integer.toString(server.port()));
      Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    System.out.println("simulator listening on " + server.baseUrl() + " (model " + server.model() + ")");
    System.out.flush();
    stop.await();
  }

  private static void write(SimulatedLlmServer server, Path file) {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      out.println("id,stream,status,arrival_ns,first_ns,end_ns");
      for (RequestTrace t : server.statistics().requests()) {
        out.printf(Locale.ROOT, "%d,%b,%d,%d,%d,%d%n", t.id(), t.stream(), t.status(), t.arrivalNanos(),
            t.hasFirstToken() ? t.firstTokenNanos() : -1, t.finishNanos());
      }
    } catch (IOException e) {
      System.err.println("cannot write " + file + ": " + e);
    }
  }
}
