package io.github.llmbench.report.compare;

/** A metric that a run comparison looks at, with its unit and which way is better. */
public enum ComparedMetric {
  /** The script's p50 of successful requests' latencies (lower sample). */
  LATENCY_P50("latency p50", "s", true),
  /** The script's p99 of successful requests' latencies (lower sample). */
  LATENCY_P99("latency p99", "s", true),
  /** Time to first token, p50 (interpolated), streamed steps only. */
  TTFT_P50("TTFT p50", "s", true),
  /** Time to first token, p99 (interpolated), streamed steps only. */
  TTFT_P99("TTFT p99", "s", true),
  /** Time per output token, p50 (interpolated), streamed steps only. */
  TPOT_P50("TPOT p50", "s", true),
  /** Time per output token, p99 (interpolated), streamed steps only. */
  TPOT_P99("TPOT p99", "s", true),
  /** Median of each request's completion tokens / its latency; needs per-request token counts. */
  REQUEST_OUTPUT_RATE("output rate per request p50", "tok/s", false),
  /** The script's {@code throughput_output}: one value per run. */
  THROUGHPUT_OUTPUT("throughput output", "tok/s", false),
  /** Completion tokens over the step's wall-clock time: one value per run. */
  WALL_THROUGHPUT_OUTPUT("wall throughput output", "tok/s", false),
  /** Successful / sent requests. */
  SUCCESS_RATE("success rate", "", false);

  private final String label;
  private final String unit;
  private final boolean lowerIsBetter;

  ComparedMetric(String label, String unit, boolean lowerIsBetter) {
    this.label = label;
    this.unit = unit;
    this.lowerIsBetter = lowerIsBetter;
  }

  /** The name reports print, e.g. {@code "latency p99"}. */
  public String label() {
    return label;
  }

  /** {@code "s"}, {@code "tok/s"} or empty for a ratio. */
  public String unit() {
    return unit;
  }

  public boolean lowerIsBetter() {
    return lowerIsBetter;
  }
}
