package io.github.llmbench.report.internal;

import io.github.llmbench.api.LatencySummary;
import io.github.llmbench.api.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The capacity curve of one workload shape: per step, the wall-clock output throughput it delivered (x) against its
 * p99 latency (y; p99 time to first token when the shape streams), in run order, and its knee.
 *
 * <p><b>The knee</b> is the step after which latency grows faster than throughput: the operating point beyond which
 * more load buys latency rather than tokens. It is found as Kneedle does (Satopää et al., 2011) on the curve's
 * rising part, the steps up to the one with the highest throughput: both axes are scaled to [0, 1] over those
 * steps, a chord is drawn from the first of them to the last, and the knee is the step farthest from the chord on
 * the side of more throughput for less latency, if it lies at least {@value #MIN_DISTANCE} (scaled units) from it.
 * When the rising part has fewer than {@value #MIN_POINTS} steps or no step is that far from its chord, but a later
 * step has a higher p99, the throughput peak itself is the knee (past it latency grows and throughput does not).
 * Otherwise there is none: the curve is close to a straight line, or it never turns.
 *
 * @param points the steps with at least one successful request, in run order
 * @param ttft whether y is p99 time to first token rather than p99 request latency
 * @param knee the index in {@code points} of the knee, when there is one
 */
public record CapacityCurve(List<Point> points, boolean ttft, Optional<Integer> knee) {
  /** The fewest points Kneedle needs: the two ends of the chord and one between them. */
  public static final int MIN_POINTS = 3;

  /** The least scaled distance from the chord that counts as a corner. */
  public static final double MIN_DISTANCE = 0.05;

  /** One step on the curve. */
  public record Point(StepResult step, double outputTokensPerSec, double p99Sec) {}

  public CapacityCurve {
    points = List.copyOf(points);
  }

  /** The curve of steps of one shape; {@code ttft} when they streamed and have time-to-first-token figures. */
  public static CapacityCurve of(List<StepResult> steps) {
    boolean ttft = !steps.isEmpty() && steps.stream().allMatch(s -> s.statistics().measured().stream().isPresent());
    List<Point> points = new ArrayList<>();
    for (StepResult s : steps) {
      if (s.statistics().successful() == 0) continue; // no latency was measured, the script's 0 is a placeholder
      double y;
      if (ttft) {
        LatencySummary t = s.statistics().measured().stream().orElseThrow().ttft();
        if (t.count() == 0) continue;
        y = t.p99Sec();
      } else {
        LatencySummary l = s.statistics().measured().latency();
        y = l.count() > 0 ? l.p99Sec() : s.latencyP99Sec();
      }
      points.add(new Point(s, s.capacityTokensPerSec(), y));
    }
    return new CapacityCurve(points, ttft, knee(points));
  }

  /** The knee's step, when there is one. */
  public Optional<StepResult> kneeStep() {
    return knee.map(i -> points.get(i).step());
  }

  /** What y measures, for labels: {@code "p99 latency"} or {@code "p99 TTFT"}. */
  public String yName() {
    return ttft ? "p99 TTFT" : "p99 latency";
  }

  static Optional<Integer> knee(List<Point> points) {
    if (points.isEmpty()) return Optional.empty();
    int peak = 0;
    for (int i = 1; i < points.size(); i++) {
      if (points.get(i).outputTokensPerSec() > points.get(peak).outputTokensPerSec()) peak = i;
    }
    Optional<Integer> corner = kneedle(points.subList(0, peak + 1));
    if (corner.isPresent()) return corner;
    double peakP99 = points.get(peak).p99Sec();
    boolean turns = points.subList(peak + 1, points.size()).stream().anyMatch(p -> p.p99Sec() > peakP99);
    return turns ? Optional.of(peak) : Optional.empty();
  }

  /** The point farthest below the chord of scaled points, when at least {@link #MIN_DISTANCE} from it. */
  static Optional<Integer> kneedle(List<Point> points) {
    if (points.size() < MIN_POINTS) return Optional.empty();
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (Point p : points) {
      minX = Math.min(minX, p.outputTokensPerSec());
      maxX = Math.max(maxX, p.outputTokensPerSec());
      minY = Math.min(minY, p.p99Sec());
      maxY = Math.max(maxY, p.p99Sec());
    }
    if (!(maxX > minX) || !(maxY > minY)) return Optional.empty();
    double[] xs = new double[points.size()];
    double[] ys = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      xs[i] = (points.get(i).outputTokensPerSec() - minX) / (maxX - minX);
      ys[i] = (points.get(i).p99Sec() - minY) / (maxY - minY);
    }
    int last = points.size() - 1;
    double dx = xs[last] - xs[0];
    double dy = ys[last] - ys[0];
    double length = Math.hypot(dx, dy);
    if (length == 0) return Optional.empty();
    int best = -1;
    double bestDistance = MIN_DISTANCE;
    for (int i = 1; i < last; i++) {
      // Positive on the chord's right-hand side going from the first point to the last: with throughput and
      // latency both growing, that is below the chord (less latency for the throughput).
      double distance = (dy * (xs[i] - xs[0]) - dx * (ys[i] - ys[0])) / length;
      if (distance >= bestDistance) {
        best = i;
        bestDistance = distance;
      }
    }
    return best < 0 ? Optional.empty() : Optional.of(best);
  }
}
