package io.github.llmbench.report;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Verdict;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed result shaped like a unified run: five phases, SCALING stopped early at a SATURATED step, a FAILING
 * STRESS step with failures, SATURATION ending in a step where nothing succeeded. Figures are derived the way the
 * engine derives them (rates and throughputs are divisions), so the JSON shows real float digits.
 */
final class Fixtures {
  private Fixtures() {}

  static BenchmarkResult unifiedRun() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("preset", "unified");
    settings.put("intensity", "standard");
    settings.put("vision", "false");
    settings.put("completions", "false");
    settings.put("skip_saturation", "false");
    settings.put("stream", "false");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("llmbench_version", "0.1.0-SNAPSHOT");
    env.put("java_version", "17.0.15");
    env.put("java_vendor", "Debian");
    env.put("os", "Linux 6.1 amd64");
    env.put("host", "bench-01");
    env.put("cpus", "2");

    BenchmarkResult.PhaseResult warmup = new BenchmarkResult.PhaseResult("WARMUP", List.of(
        step("WARMUP", "single", 1, 1, 1, 0.8123, 0.8123, 0.8123, 0.8123, 87, 50, 0.8125,
            hdr(1, 0.8123, 0.8123, 0.0, 0.8123, 0.8123, 0.8123, 0.8123, 0.8123, 0.8123), Map.of(), Status.OK,
            "success rate 1.000 >= 0.95")), "");
    BenchmarkResult.PhaseResult baseline = new BenchmarkResult.PhaseResult("BASELINE", List.of(
        step("BASELINE", "baseline", 1, 10, 10, 1.204, 1.3101, 1.3101, 1.3101, 5070, 1000, 12.2875,
            hdr(10, 1.1503, 1.2211, 0.0412, 1.2047, 1.2801, 1.3101, 1.3101, 1.3101, 1.3101), Map.of(), Status.OK,
            "success rate 1.000 >= 0.95")), "");
    BenchmarkResult.PhaseResult scaling = new BenchmarkResult.PhaseResult("SCALING", List.of(
        step("SCALING", "scale_5", 5, 10, 10, 1.5012, 1.6633, 1.6633, 1.6633, 5070, 2000, 3.301,
            hdr(10, 1.4021, 1.5213, 0.0701, 1.5023, 1.6122, 1.6633, 1.6633, 1.6633, 1.6633), Map.of(), Status.OK,
            "p99 1.663 <= 2 x baseline 1.310; throughput 4250.6 (first step)"),
        step("SCALING", "scale_10", 10, 20, 20, 1.9021, 2.2107, 2.4012, 2.4012, 10140, 4000, 4.5126,
            hdr(20, 1.7012, 1.9534, 0.1602, 1.9021, 2.1598, 2.2107, 2.4012, 2.4012, 2.4012), Map.of(), Status.OK,
            "throughput 5888.7 >= 1.05 x previous 4250.6"),
        step("SCALING", "scale_25", 25, 50, 50, 2.8507, 3.3301, 3.5119, 3.5119, 25350, 10000, 7.0433,
            hdr(50, 2.4501, 2.8896, 0.2611, 2.8513, 3.2504, 3.3317, 3.5119, 3.5119, 3.5119), Map.of(),
            Status.DEGRADED, "p99 3.512 > 2 x baseline p99 1.310"),
        step("SCALING", "scale_50", 50, 100, 100, 5.1044, 6.2102, 6.9015, 6.9015, 50700, 20000, 13.1102,
            hdr(100, 4.3012, 5.2021, 0.5507, 5.1055, 5.9987, 6.2151, 6.9015, 6.9015, 6.9015), Map.of(),
            Status.SATURATED, "throughput 10244.1 < 1.05 x previous 10065.8")),
        "scale_50 was SATURATED");
    BenchmarkResult.PhaseResult stress = new BenchmarkResult.PhaseResult("STRESS", List.of(
        step("STRESS", "long_output", 50, 30, 30, 9.1203, 9.9017, 10.0021, 10.0021, 6090, 15000, 10.0544,
            hdr(30, 8.5021, 9.1512, 0.3801, 9.1207, 9.8013, 9.9017, 10.0021, 10.0021, 10.0021), Map.of(), Status.OK,
            "success rate 1.000 >= 0.95"),
        step("STRESS", "long_context", 25, 15, 12, 6.5023, 7.9102, 7.9102, 30.0017, 48480, 2400, 30.0521,
            hdr(12, 5.9013, 6.6012, 0.5402, 6.5027, 7.5011, 7.9102, 7.9102, 7.9102, 7.9102),
            Map.of("timeout", 1, "backpressure", 2), Status.FAILING, "success rate 0.800 < 0.95")), "");
    BenchmarkResult.PhaseResult saturation = new BenchmarkResult.PhaseResult("SATURATION", List.of(
        step("SATURATION", "extreme_150", 150, 150, 150, 12.0104, 14.5012, 15.1003, 15.1003, 76050, 15000, 15.2011,
            hdr(150, 9.8012, 12.1023, 1.4012, 12.0151, 14.1022, 14.5107, 15.1003, 15.1003, 15.1003), Map.of(),
            Status.OK, "throughput 6029.7 (first step)"),
        step("SATURATION", "extreme_200", 200, 200, 197, 16.2017, 19.0021, 20.3307, 20.3307, 99879, 19700, 20.5012,
            hdr(197, 12.5011, 16.3012, 2.0155, 16.2057, 18.7511, 19.0132, 20.3307, 20.3307, 20.3307),
            Map.of("backpressure", 3), Status.SATURATED, "throughput 5881.7 < 1.05 x previous 6029.7"),
        step("SATURATION", "extreme_300", 300, 300, 150, 25.1011, 29.5033, 30.0001, 30.0013, 76050, 15000, 45.0512,
            hdr(150, 20.0109, 25.2044, 2.8101, 25.1055, 28.9021, 29.5102, 30.0001, 30.0001, 30.0001),
            Map.of("backpressure", 120, "timeout", 30), Status.FAILING, "success rate 0.500 < 0.95"),
        step("SATURATION", "extreme_500", 500, 500, 0, 0, 0, 0, 30.0042, 0, 0, 31.5,
            LatencySummary.EMPTY, Map.of("connection_refused", 450, "timeout", 50), Status.FAILING,
            "success rate 0.000 < 0.95")), "");
    return new BenchmarkResult("unified", "http://127.0.0.1:8000", "meta-llama/Llama-3.1-8B-Instruct", settings, env,
        Instant.parse("2025-01-02T03:04:05Z"), Instant.parse("2025-01-02T03:09:17.250Z"),
        List.of(warmup, baseline, scaling, stress, saturation),
        io.github.llmbench.api.BenchmarkResult.AbortReason.of(""), 0, java.util.Optional.empty());
  }

  static LatencySummary hdr(long count, double min, double mean, double stddev, double p50, double p90, double p95,
      double p99, double p999, double max) {
    return new LatencySummary(count, min, mean, stddev, p50, p90, p95, p99, p999, max);
  }

  /** A step whose derived figures are computed as the engine computes them. */
  static StepResult step(String phase, String name, int concurrency, int numRequests, int successful, double p50,
      double p95, double p99, double duration, long promptTokens, long completionTokens, double wallSec,
      LatencySummary hdr, Map<String, Integer> failures, Status status, String reason) {
    int failed = numRequests - successful;
    long tokens = promptTokens + completionTokens;
    StepStatistics stats = StepStatistics.builder().requests(numRequests, successful,
        failed).successRate((double) successful / numRequests).durationSec(duration).scriptLatencySec(p50, p95,
        p99).throughput(tokens / duration, completionTokens / duration).tokens(promptTokens,
        completionTokens).wallClock(wallSec, tokens / wallSec,
        completionTokens / wallSec).latency(hdr).failures(failures).build();
    return new StepResult(phase, name, io.github.llmbench.api.TestType.TEXT, concurrency, stats,
        Verdict.of(status, reason), io.github.llmbench.api.StepMeasurement.UNRECORDED);
  }
}
