package io.github.llmbench.api;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How the client itself fared during one step: whether llmbench, rather than the server, may have shaped the
 * step's figures. A step whose figures cross the {@link ClientBoundThresholds} is <b>client-bound</b>: its latencies
 * include time the client lost, so they are an upper bound on the server's. A step that is not client-bound can
 * be trusted as a measurement of the server.
 *
 * @param windowMillis the step's wall-clock time the figures cover
 * @param sendLag how late requests left against when they should have
 * @param hiccups the JVM's own stalls, seen by a thread that sleeps 1 ms at a time (in the manner of jHiccup)
 * @param gc stop-the-world garbage collection
 * @param cpu the process's CPU use against the cores available to it
 * @param clientBound whether any figure crossed its threshold
 * @param reasons one short reason per crossed threshold, naming the figure and the threshold
 *     ({@code "JVM stalled 48 ms (hiccup max > 20 ms)"}); empty exactly when not client-bound
 */
public record ClientHealth(double windowMillis, SendLag sendLag, Hiccups hiccups, Gc gc, Cpu cpu,
    boolean clientBound, List<String> reasons) {
  public ClientHealth {
    nonNegative("windowMillis", windowMillis);
    Objects.requireNonNull(sendLag, "sendLag");
    Objects.requireNonNull(hiccups, "hiccups");
    Objects.requireNonNull(gc, "gc");
    Objects.requireNonNull(cpu, "cpu");
    reasons = List.copyOf(reasons);
    if (clientBound == reasons.isEmpty()) {
      throw new IllegalArgumentException("reasons (" + reasons + ") should be given exactly when clientBound ("
          + clientBound + ")");
    }
  }

  /** Figures that have not been classified yet: not client-bound, no reasons. */
  public static ClientHealth unclassified(double windowMillis, SendLag sendLag, Hiccups hiccups, Gc gc, Cpu cpu) {
    return new ClientHealth(windowMillis, sendLag, hiccups, gc, cpu, false, List.of());
  }

  /** These figures with the verdict replaced: client-bound exactly when {@code reasons} is not empty. */
  public ClientHealth withReasons(List<String> reasons) {
    return new ClientHealth(windowMillis, sendLag, hiccups, gc, cpu, !reasons.isEmpty(), reasons);
  }

  /**
   * The reason for a step's verdict, {@code "client-bound: JVM stalled 48 ms (hiccup max > 20 ms)"} (reasons
   * joined by {@code "; "}), or an empty string when the step is not client-bound.
   */
  public String verdictReason() {
    return clientBound ? "client-bound: " + String.join("; ", reasons) : "";
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
