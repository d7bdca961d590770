package io.github.llmbench.core.bench;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.MetricSink;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.PreparedRequest;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.StreamStatistics;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.BenchmarkRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One custom closed-loop step through the library, as a user would run it, for the scripts in {@code bench/}: the
 * only class there that touches llmbench's API, so an API change is fixed in one place. It prints one
 * {@code RESULT key=value ...} line per run with the figures llmbench itself reports (rate = requests over the
 * step's wall time; latency and stream percentiles from the step's statistics), and with {@code --out FILE} writes
 * every request's outcome as CSV ({@code index,start_offset_ns,latency_ns,success,cause,ttft_ns,e2e_ns}).
 *
 * <p>With {@code --warmup-requests W} a first run of W requests at the same concurrency goes before, in the same
 * JVM (its figures are printed too, as {@code run=warmup}); with {@code --duration-sec D} the measured step is then
 * sized to take about D seconds at the warm-up's rate. With {@code --tag} every request body carries
 * {@code "user": "<step>#<index>"}, so a server can pair its records with the client's.
 *
 * <pre>
 * java -cp llmbench.jar:benchmark-core/target/test-classes io.github.llmbench.core.bench.StepMain \
 *     --base-url http://127.0.0.1:8080 --concurrency 500 --requests 50000 [--stream] [--out /tmp/requests.csv]
 * </pre>
 */
public final class StepMain {
  private StepMain() {}

  public static void main(String[] args) throws IOException {
    String baseUrl = null;
    String model = "bench-model";
    String name = "measured";
    int concurrency = 1;
    int requests = 1000;
    int warmup = 0;
    double durationSec = 0;
    int maxRequests = 1_000_000;
    boolean stream = false;
    boolean tag = false;
    int promptReps = 125;
    int maxTokens = 100;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--base-url" -> baseUrl = args[++i];
        case "--model" -> model = args[++i];
        case "--name" -> name = args[++i];
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--requests" -> requests = Integer.parseInt(args[++i]);
        case "--warmup-requests" -> warmup = Integer.parseInt(args[++i]);
        case "--duration-sec" -> durationSec = Double.parseDouble(args[++i]);
        case "--max-requests" -> maxRequests = Integer.parseInt(args[++i]);
        case "--stream" -> stream = true;
        case "--tag" -> tag = true;
        case "--prompt-reps" -> promptReps = Integer.parseInt(args[++i]);
        case "--max-tokens" -> maxTokens = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    if (baseUrl == null) throw new IllegalArgumentException("--base-url is required");
    if (durationSec > 0 && warmup <= 0) throw new IllegalArgumentException("--duration-sec needs --warmup-requests");
    // The unified preset's request shape: "Explain in detail: " x (input_tokens / 4).
    RequestBuilder chat = RequestBuilders.chat("Explain in detail: ".repeat(promptReps), maxTokens);
    RequestBuilder request = tag ? tagged(chat) : chat;
    Target target = Target.of(baseUrl, model);

    if (warmup > 0) {
      StepResult w = run(target, "warmup", concurrency, warmup, stream, request, new Collector()).step;
      print("warmup", w);
      if (durationSec > 0) {
        double rate = w.statistics().numRequests() / w.statistics().measured().wallClockSec();
        requests = (int) Math.max(concurrency * 2L, Math.min(maxRequests, Math.round(rate * durationSec)));
      }
    }
    Collector collector = new Collector();
    Run measured = run(target, name, concurrency, requests, stream, request, collector);
    print("measured", measured.step);
    if (out != null) collector.write(out);
  }

  private record Run(StepResult step, BenchmarkResult result) {}

  private static Run run(Target target, String step, int concurrency, int requests, boolean stream,
      RequestBuilder request, Collector collector) {
    Benchmark benchmark = Benchmark.builder().name("bench-" + step).target(target).stream(stream)
        .phases(Phase.of("BENCH", Step.of(step, Load.concurrency(concurrency), requests, request))).build();
    BenchmarkResult result = BenchmarkRunner.builder().addSink(collector).build().run(benchmark);
    if (result.steps().isEmpty()) {
      throw new IllegalStateException("the run ended without a step: " + result.abortReason().message());
    }
    return new Run(result.steps().get(0), result);
  }

  /** The chat request with {@code "user": "<step>#<index>"} added, so the server can name each request. */
  private static RequestBuilder tagged(RequestBuilder chat) {
    return context -> {
      PreparedRequest p = chat.build(context);
      Map<String, Object> body = new LinkedHashMap<>(p.body());
      body.put("user", context.step() + "#" + context.requestIndex());
      return new PreparedRequest(p.path(), body, p.stream());
    };
  }

  private static void print(String run, StepResult step) {
    StepStatistics s = step.statistics();
    LatencySummary l = s.measured().latency();
    StringBuilder line = new StringBuilder();
    line.append(String.format(Locale.ROOT, "RESULT run=%s step=%s c=%d n=%d ok=%d failed=%d wall_s=%.3f rate=%.1f "
        + "p50_ms=%.3f p99_ms=%.3f max_ms=%.3f", run, step.testName(), step.concurrency(), s.numRequests(),
        s.successful(), s.failed(), s.measured().wallClockSec(), s.numRequests() / s.measured().wallClockSec(),
            l.p50Sec() * 1e3,
        l.p99Sec() * 1e3, l.maxSec() * 1e3));
    if (s.measured().stream().isPresent()) {
      StreamStatistics st = s.measured().stream().get();
      line.append(String.format(Locale.ROOT, " ttft_p50_ms=%.3f ttft_p99_ms=%.3f ttft_max_ms=%.3f e2e_p50_ms=%.3f "
          + "e2e_p99_ms=%.3f", st.ttft().p50Sec() * 1e3, st.ttft().p99Sec() * 1e3, st.ttft().maxSec() * 1e3,
          st.e2e().p50Sec() * 1e3, st.e2e().p99Sec() * 1e3));
    }
    // The client's own CPU over the step's window (its self-check), per request: JIT and start-up excluded.
    step.measurement().clientHealth().ifPresent(h -> h.cpu().shareOfCores().ifPresent(share -> line.append(
        String.format(Locale.ROOT, " client_cpu_us_per_req=%.1f",
            share * h.cpu().availableProcessors() * h.windowMillis() * 1e3 / s.numRequests()))));
    if (!s.measured().failures().isEmpty()) line.append(" failures=").append(s.measured().failures().toString().replace(' ', '_'));
    System.out.println(line);
    System.out.flush();
  }

  /** Keeps every outcome of the run (workers add concurrently) and writes them as CSV afterwards. */
  private static final class Collector implements MetricSink {
    private final ConcurrentLinkedQueue<RequestOutcome> outcomes = new ConcurrentLinkedQueue<>();

    @Override
    public void onRequestCompleted(RequestOutcome outcome) {
      outcomes.add(outcome);
    }

    void write(Path file) throws IOException {
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
        w.println("key,index,start_offset_ns,latency_ns,success,cause,ttft_ns,e2e_ns");
        for (RequestOutcome o : outcomes) {
          RequestOutcome.StreamTiming t = o.streamTiming();
          w.printf(Locale.ROOT, "%s#%d,%d,%d,%d,%b,%s,%d,%d%n", o.step(), o.requestIndex(), o.requestIndex(),
              o.startOffsetNanos(), o.latencyNanos(), o.success(), o.failureCause(), t == null ? -1 : t.ttftNanos(),
              t == null ? -1 : t.e2eNanos());
        }
      }
    }
  }
}
