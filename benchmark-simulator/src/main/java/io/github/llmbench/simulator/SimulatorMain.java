package io.github.llmbench.simulator;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: runs a {@link SimulatedLlmServer} until Ctrl-C, so any OpenAI-compatible client (or the llmbench
 * CLI) can be pointed at it without a GPU.
 *
 * <pre>
 * java -cp ... io.github.llmbench.simulator.SimulatorMain --port 8000 --time-scale 0.5
 * </pre>
 *
 * Exit codes: 0 after {@code --help} or a normal stop, 1 if the port cannot be bound, 2 for a bad flag.
 */
public final class SimulatorMain {
  static final String USAGE = String.join(System.lineSeparator(),
      "Usage: SimulatorMain [flags]",
      "  --port N            port to listen on (default 8000; 0 picks a free port)",
      "  --host H            address to bind (default 127.0.0.1)",
      "  --model NAME        served model name (default " + SimulatorConfig.DEFAULT_MODEL + ")",
      "  --time-scale X      multiply every engine time by X (default 1.0; 0.1 = ten times faster)",
      "  --max-running N     most sequences in one batch (default 64)",
      "  --max-waiting N     most queued requests before rejecting (default 64)",
      "  --reject-status S   503 (default) or 429",
      "  --jitter F          relative step-time jitter in [0, 1) (default 0)",
      "  --seed N            seed for jitter, faults and ids (default 42)",
      "  --kv-cache-tokens N model a KV cache of N tokens, with preemption (default 0: none)",
      "  --no-metrics        answer GET /metrics with 404, like a server without metrics",
      "  --help              print this help");

  private SimulatorMain() {}

  /** Starts the server and blocks until the JVM is stopped. */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err, new CountDownLatch(1));
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Parses the flags, starts the server, prints where it listens and waits for {@code stop} (or JVM shutdown).
   *
   * @return the exit code: 0, 1 (cannot listen) or 2 (bad flag)
   */
  static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) {
    SimulatorConfig.Builder config = SimulatorConfig.builder();
    String host = "127.0.0.1";
    int port = 8000;
    try {
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        String value = null;
        int eq = flag.indexOf('=');
        if (flag.startsWith("--") && eq > 0) {
          value = flag.substring(eq + 1);
          flag = flag.substring(0, eq);
        }
        if (flag.equals("--help") || flag.equals("-h")) {
          out.println(USAGE);
          return 0;
        }
        if (flag.equals("--no-metrics") && value == null) {
          config.metricsEnabled(false);
          continue;
        }
        if (!isKnown(flag)) {
          throw new IllegalArgumentException("unknown flag " + flag);
        }
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
          }
          value = args[++i];
        }
        switch (flag) {
          case "--port": port = intValue(flag, value, 0, 65535); break;
          case "--host": host = value; break;
          case "--model": config.model(value); break;
          case "--time-scale": config.timeScale(doubleValue(flag, value)); break;
          case "--max-running": config.maxRunningSequences(intValue(flag, value, 1, Integer.MAX_VALUE)); break;
          case "--max-waiting": config.maxWaitingRequests(intValue(flag, value, 0, Integer.MAX_VALUE)); break;
          case "--reject-status": config.rejectStatus(intValue(flag, value, 0, 999)); break;
          case "--jitter": config.jitter(doubleValue(flag, value)); break;
          case "--seed": config.seed(longValue(flag, value)); break;
          case "--kv-cache-tokens": config.kvCacheTokens(intValue(flag, value, 0, Integer.MAX_VALUE)); break;
          default: throw new IllegalArgumentException("unknown flag " + flag);
        }
      }
      SimulatorConfig built = config.build();
      SimulatedLlmServer server;
      try {
        server = SimulatedLlmServer.builder().host(host).port(port).config(built).build().start();
      } catch (UncheckedIOException e) {
        err.println("error: cannot listen on " + host + ":" + port + ": " + e.getCause().getMessage());
        return 1;
      }
      Thread hook = new Thread(() -> {
        server.close();
        stop.countDown();
      }, "llm-sim-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      out.println("Simulated LLM server listening on " + server.baseUrl() + " (model " + server.model() + ")");
      out.flush();
      try {
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        server.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running
        }
      }
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage() + " (try --help)");
      return 2;
    }
  }

  private static boolean isKnown(String flag) {
    switch (flag) {
      case "--port": case "--host": case "--model": case "--time-scale": case "--max-running":
      case "--max-waiting": case "--reject-status": case "--jitter": case "--seed": case "--kv-cache-tokens":
        return true;
      default:
        return false;
    }
  }

  private static int intValue(String flag, String value, int min, int max) {
    try {
      int v = Integer.parseInt(value.trim());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT, "%s expects an integer between %d and %d, got '%s'",
        flag, min, max, value));
  }

  private static long longValue(String flag, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " expects an integer, got '" + value + "'");
    }
  }

  private static double doubleValue(String flag, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " expects a number, got '" + value + "'");
    }
  }
}
