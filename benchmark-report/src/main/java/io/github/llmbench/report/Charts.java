package io.github.llmbench.report;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.report.internal.CapacityAnswers;
import io.github.llmbench.report.internal.ChartData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SVG charts of a result against concurrency. Plotted: each phase that ran at least two steps of strictly increasing
 * concurrency (SCALING and SATURATION in the unified preset), one line per phase and metric; when no phase qualifies,
 * all steps as one line. The x axis is logarithmic. Markers of SATURATED or FAILING steps are hollow; the latency
 * chart has no point for a step where nothing succeeded.
 */
public final class Charts {
  private Charts() {}

  /** The script's {@code throughput_total} and the wall-clock total throughput against concurrency. */
  public static String throughputSvg(BenchmarkResult result) {
    return ChartData.throughputSvg(result);
  }

  /** The script's {@code latency_p50}, {@code latency_p95} and {@code latency_p99} against concurrency. */
  public static String latencySvg(BenchmarkResult result) {
    return ChartData.latencySvg(result);
  }

  /**
   * Time to first token p50, p95 and p99 in seconds against concurrency, for the steps with stream figures; a chart
   * without lines when no step streamed. {@link ReportWriter#writeAll} writes it as {@code <base>_stream.svg}.
   */
  public static String ttftSvg(BenchmarkResult result) {
    return ChartData.ttftSvg(result);
  }

  /**
   * Inter-token latency and time per output token, p50 and p99 in milliseconds, against concurrency, for the steps
   * with stream figures; a chart without lines when no step streamed. Written as {@code <base>_itl.svg}.
   */
  public static String itlSvg(BenchmarkResult result) {
    return ChartData.itlSvg(result);
  }

  /**
   * The capacity curve of each workload shape that ran at least two steps (every shape when none did): wall-clock
   * output throughput against p99 latency (p99 time to first token when streamed), one point per step coloured by
   * status, the knee ringed, client-bound steps boxed and the SLO bound drawn. Keyed by the shape's file-name form
   * ({@code scaling_scale_text}), in run order; {@link ReportWriter#writeAll} writes each as
   * {@code <base>_capacity_<key>.svg}.
   */
  public static Map<String, String> capacitySvgs(BenchmarkResult result) {
    Map<String, String> out = new LinkedHashMap<>();
    for (CapacityAnswers.ShapeAnswers shape : ChartData.curveShapes(CapacityAnswers.of(result))) {
      out.put(shape.shape().slug(), ChartData.capacitySvg(result, shape));
    }
    return out;
  }

  /**
   * SLO attainment (share of requests within every objective) against achieved concurrency, one series per workload
   * shape, when the run set SLOs; a chart without points otherwise. Written as {@code <base>_attainment.svg} when a
   * step has goodput figures.
   */
  public static String attainmentSvg(BenchmarkResult result) {
    return ChartData.attainmentSvg(result);
  }
}
