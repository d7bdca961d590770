package io.github.llmbench.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.TimeSource;
import io.github.llmbench.core.internal.transport.TlsTrust;
import io.github.llmbench.core.internal.transport.Transport;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * The pre-flight's JIT warm-up: before the first step, the whole timed path (build, encode, write, read, HTTP,
 * SSE and JSON decoding, the outcome; an open loop's timers and chains when a step is one) runs against an
 * in-process {@link LoopbackResponder} until the JVM's compiler
 * has settled, so the first step's requests run compiled code as the last step's do. It uses the run's own engine
 * settings (transport, limits) with chat requests of the unified benchmark's three prompt sizes; a user's request
 * builder runs only for its own step's requests. Nothing reaches the target and nothing is counted. Once per JVM for
 * each transport and response kind: compiled code stays compiled.
 */
final class JitWarmup {
  private static final System.Logger LOG = System.getLogger(JitWarmup.class.getName());
  private static final Set<String> WARMED = ConcurrentHashMap.newKeySet();
  /** The unified benchmark's shapes: 100, 500 and 4,000 prompt tokens. */
  private static final List<RequestBuilder> BUILDERS = List.of(
      RequestBuilders.chat("Explain in detail: ".repeat(125), 100),
      RequestBuilders.chat("Explain in detail: ".repeat(25), 50),
      RequestBuilders.chat("Explain in detail: ".repeat(1000), 200));
  /** Requests in one round, and workers sending them. */
  private static final int ROUND_REQUESTS = 400;
  private static final int MIN_ROUNDS = 3;
  /** An open-loop round's rate: 400 requests in a fifth of a second. */
  private static final double OPEN_RATE_PER_SEC = 2000;
  private static final int MAX_ROUNDS = 25;
  private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(3);
  /** A round in which the compiler spent less than this is a round after it settled. */
  private static final long SETTLED_COMPILE_MILLIS = 3;

  private JitWarmup() {}

  /** Warms the path this benchmark's steps take, unless this JVM already did. Never throws. */
  static void ensure(Benchmark benchmark, OkHttpClient base, TimeSource time, ObjectMapper mapper, Transport run) {
    ClientSettings.TransportKind kind = benchmark.client().transport();
    // An open loop's path (its lanes' timers and chains) is warmed too when a step will take it.
    boolean open = benchmark.phases().stream().flatMap(p -> p.steps().stream()).anyMatch(Step::isOpenLoop);
    String key = kind.label() + (benchmark.stream() ? "-stream" : "-json") + (open ? "-open" : "");
    if (!WARMED.add(key)) return;
    try (LoopbackResponder responder = new LoopbackResponder()) {
      // Warm connections reused, as the steps use them; the responder is the target, with no key and no TLS.
      Benchmark local = benchmark.toBuilder().target(Target.of(responder.baseUrl(), benchmark.target().model()))
          .client(benchmark.client().connectionMode(ClientSettings.ConnectionMode.WARM)).build();
      RunControl control = new RunControl();
      // On the run's own event loops (Netty): their threads' first exchanges are behind them too.
      try (Engine engine = new Engine(local, local.target(), base, TlsTrust.of(Optional.empty()), time, control,
          "warmup", mapper, run)) {
        run(engine, time, open);
      }
    } catch (Exception | LinkageError e) {
      LOG.log(System.Logger.Level.DEBUG, "JIT warm-up did not finish; the first step may run colder code", e);
    }
  }


  private static void run(Engine engine, TimeSource time, boolean open) {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    boolean measurable = compiler != null && compiler.isCompilationTimeMonitoringSupported();
    int workers = Math.max(4, 4 * engine.transport().lanes());
    long start = time.monotonicNanos();
    long compiled = measurable ? compiler.getTotalCompilationTime() : 0;
    for (int round = 0; round < MAX_ROUNDS && time.monotonicNanos() - start < MAX_NANOS; round++) {
      RequestBuilder builder = BUILDERS.get(round % BUILDERS.size());
      // Every other round an open loop at a rate the responder keeps up with, when the steps have one.
      Load load = open && round % 2 == 1 ? Load.rate(OPEN_RATE_PER_SEC) : Load.concurrency(workers);
      engine.steps().run("warmup", Step.of("warmup", load, ROUND_REQUESTS, builder), () -> { }, o -> { });
      if (!measurable) continue;
      long now = compiler.getTotalCompilationTime();
      boolean settled = now - compiled < SETTLED_COMPILE_MILLIS;
      compiled = now;
      if (settled && round + 1 >= MIN_ROUNDS) return;
    }
  }
}
