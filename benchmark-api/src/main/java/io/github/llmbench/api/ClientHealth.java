package io.github.llmbench.api;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How the client itself fared during one step: whether llmbench, rather than the server, may have shaped the
 * step's figures. For each reported figure, {@link #bounds()} says by how much at most llmbench's own delays (its
 * event loops busy with other reads, the JVM or the operating system stalling it, requests leaving late) could have
 * moved it, weighed against the requests those delays fell on. A step is <b>client-bound</b> when one of them could
 * have moved by more than the {@link ClientSettings.ClientBoundThresholds} allow (by default, max(1 ms, 1 %)): its
 * figure is then an upper bound on the server's, off by at most that much. A step that is not client-bound can be
 * trusted as a measurement of the server.
 *
 * @param windowMillis the step's wall-clock time the figures cover
 * @param sendLag how late requests left against when they should have
 * @param hiccups the JVM's own stalls, seen by a thread that sleeps 1 ms at a time (in the manner of jHiccup)
 * @param gc stop-the-world garbage collection
 * @param cpu the process's CPU use against the cores available to it
 * @param bounds for each figure the step reports, by how much llmbench's own delays could have moved it at most
 * @param clientBound whether any figure could have moved by more than the thresholds allow
 * @param reasons one short reason per such figure, naming it and the bound
 *     ({@code "p99 latency could be 4.2 ms (2.1 %) too high"}); empty exactly when not client-bound
 */
public record ClientHealth(double windowMillis, SendLag sendLag, Hiccups hiccups, Gc gc, Cpu cpu,
    List<FigureBound> bounds, boolean clientBound, List<String> reasons) {
  public ClientHealth {
    nonNegative("windowMillis", windowMillis);
    Objects.requireNonNull(sendLag, "sendLag");
    Objects.requireNonNull(hiccups, "hiccups");
    Objects.requireNonNull(gc, "gc");
    Objects.requireNonNull(cpu, "cpu");
    bounds = List.copyOf(bounds);
    reasons = List.copyOf(reasons);
    if (clientBound == reasons.isEmpty()) {
      throw new IllegalArgumentException("reasons (" + reasons + ") should be given exactly when clientBound ("
          + clientBound + ")");
    }
  }

  /** Figures that have not been classified yet: not client-bound, no reasons. */
  public static ClientHealth unclassified(double windowMillis, SendLag sendLag, Hiccups hiccups, Gc gc, Cpu cpu,
      List<FigureBound> bounds) {
    return new ClientHealth(windowMillis, sendLag, hiccups, gc, cpu, bounds, false, List.of());
  }

  /** These figures with the verdict replaced: client-bound exactly when {@code reasons} is not empty. */
  public ClientHealth withReasons(List<String> reasons) {
    return new ClientHealth(windowMillis, sendLag, hiccups, gc, cpu, bounds, !reasons.isEmpty(), reasons);
  }

  /** The figure that could have moved the most against its own size, if any was bounded. */
  public java.util.Optional<FigureBound> widest() {
    return bounds.stream().max(java.util.Comparator.comparingDouble(FigureBound::share));
  }

  /**
   * The reason for a step's verdict, {@code "client-bound: p99 latency could be 4.2 ms (2.1 %) too high"} (reasons
   * joined by {@code "; "}), or an empty string when the step is not client-bound.
   */
  public String verdictReason() {
    return clientBound ? "client-bound: " + String.join("; ", reasons) : "";
  }

  /** A reported figure whose bound is given. */
  public enum Figure {
    LATENCY_P50("p50 latency"),
    LATENCY_P95("p95 latency"),
    LATENCY_P99("p99 latency"),
    /** The script's {@code duration_sec}: the slowest request's latency, which its throughputs divide by. */
    SLOWEST_LATENCY("slowest latency (the script's duration)"),
    /** From the first request sent to the last answer: what the wall-clock throughputs divide by. */
    WALL_CLOCK_SPAN("wall-clock span"),
    TTFT_P50("p50 time to first token"),
    TTFT_P99("p99 time to first token"),
    ITL_P50("p50 inter-token latency"),
    ITL_P99("p99 inter-token latency");

    private final String label;

    Figure(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * By how much llmbench's own delays could have moved one figure: the figure as measured, and the same figure had
   * every request's share of those delays been taken out (so the true figure lies between the two).
   *
   * @param figure which figure
   * @param valueMillis the figure as reported
   * @param boundMillis how much of it could be llmbench's at most
   */
  public record FigureBound(Figure figure, double valueMillis, double boundMillis) {
    public FigureBound {
      Objects.requireNonNull(figure, "figure");
      nonNegative("valueMillis", valueMillis);
      nonNegative("boundMillis", boundMillis);
    }

    /** The bound as a share of the figure (0 for a figure of 0). */
    public double share() {
      return valueMillis > 0 ? boundMillis / valueMillis : 0;
    }
  }

  /**
   * How late requests left against when they should have: in an open loop, after their scheduled time; in a
   * closed loop, after the step's start (first wave) or after the previous request of their worker ended.
   *
   * @param samples requests measured
   * @param p50Millis median lag
   * @param p99Millis 99th percentile lag
   * @param maxMillis largest lag
   */
  public record SendLag(long samples, double p50Millis, double p99Millis, double maxMillis) {
    public static final SendLag NONE = new SendLag(0, 0, 0, 0);

    public SendLag {
      nonNegative("samples", samples);
      nonNegative("p50Millis", p50Millis);
      nonNegative("p99Millis", p99Millis);
      nonNegative("maxMillis", maxMillis);
    }
  }

  /**
   * The JVM's own stalls: each tick of a thread that sleeps for 1 ms records how much longer than its shortest
   * tick it took. The percentile is over ticks, with the ticks a stall hid filled in (as jHiccup does), so it
   * reads as the share of time the JVM was stalled at least that long.
   *
   * @param maxMillis longest stall
   * @param p99Millis 99th percentile stall
   * @param p999Millis 99.9th percentile stall
   * @param totalMillis time lost in stalls of at least the meter's threshold (1 ms by default), each counted in
   *     full
   */
  public record Hiccups(double maxMillis, double p99Millis, double p999Millis, double totalMillis) {
    public static final Hiccups NONE = new Hiccups(0, 0, 0, 0);

    public Hiccups {
      nonNegative("maxMillis", maxMillis);
      nonNegative("p99Millis", p99Millis);
      nonNegative("p999Millis", p999Millis);
      nonNegative("totalMillis", totalMillis);
    }
  }

  /**
   * Stop-the-world garbage collection during the step. Collectors that work concurrently with the application
   * (the "Cycles" and "Concurrent" collectors of ZGC, Shenandoah and G1) are left out: their time is not a pause,
   * and it shows in {@link Cpu} instead.
   *
   * @param count collections (pauses, for ZGC and Shenandoah)
   * @param timeMillis time spent in them
   * @param shareOfWindow {@code timeMillis / windowMillis}, at most 1
   * @param maxPauseMillis the longest single pause, when the JVM reports GC notifications
   */
  public record Gc(long count, double timeMillis, double shareOfWindow, OptionalDouble maxPauseMillis) {
    public static final Gc NONE = new Gc(0, 0, 0, OptionalDouble.empty());

    public Gc {
      nonNegative("count", count);
      nonNegative("timeMillis", timeMillis);
      share("shareOfWindow", shareOfWindow);
      Objects.requireNonNull(maxPauseMillis, "maxPauseMillis");
      maxPauseMillis.ifPresent(v -> nonNegative("maxPauseMillis", v));
    }
  }

  /**
   * The process's CPU use during the step.
   *
   * @param shareOfCores process CPU time / (wall time × available processors), 0..1; empty when the JVM cannot
   *     read its CPU time
   * @param availableProcessors the processors the JVM may use (container limits included)
   * @param systemLoadAverage the operating system's one-minute load average at the step's end, when it has one
   */
  public record Cpu(OptionalDouble shareOfCores, int availableProcessors, OptionalDouble systemLoadAverage) {
    public Cpu {
      Objects.requireNonNull(shareOfCores, "shareOfCores");
      shareOfCores.ifPresent(v -> share("shareOfCores", v));
      if (availableProcessors < 1) {
        throw new IllegalArgumentException("availableProcessors (" + availableProcessors + ") should be positive");
      }
      Objects.requireNonNull(systemLoadAverage, "systemLoadAverage");
      systemLoadAverage.ifPresent(v -> nonNegative("systemLoadAverage", v));
    }
  }

  private static void nonNegative(String field, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " (" + value + ") should be finite and not negative");
    }
  }

  private static void share(String field, double value) {
    if (!(value >= 0 && value <= 1)) throw new IllegalArgumentException(field + " (" + value + ") should be in [0, 1]");
  }
}
