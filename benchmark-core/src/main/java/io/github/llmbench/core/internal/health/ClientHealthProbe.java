package io.github.llmbench.core.internal.health;

import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.core.TimeSource;
import io.github.llmbench.core.internal.StepRun;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The client's self-check for one run: {@link #start()} when a step's clock starts, {@link #stop(SendLagRecorder)}
 * when it ends, and the step's {@link ClientHealth} comes back, classified by the run's
 * {@link ClientSettings.ClientBoundThresholds}. One hiccup meter thread serves the whole run; {@link #close()} stops
 * it.
 *
 * <p>Steps are measured one at a time (a new {@code start()} begins a new window). Thread-safe, and never throws
 * from {@code start}, {@code stop} or {@code close}: a figure that cannot be read is reported as zero (CPU: empty)
 * and logged, because the self-check must never cost the run its results.
 */
public final class ClientHealthProbe implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ClientHealthProbe.class.getName());

  private final ClientSettings.ClientBoundThresholds thresholds;
  private final HiccupMeter hiccups;
  private final GcMonitor gc;
  private final CpuMonitor cpu;
  private final TimeSource time;
  private long windowStartNanos;
  private boolean closed;

  /** A probe on the platform's clock, meter and MXBeans; its hiccup thread starts now. */
  public ClientHealthProbe(ClientSettings.ClientBoundThresholds thresholds) {
    this(thresholds, HiccupMeter.ofDefaults(), new GcMonitor(), CpuMonitor.ofPlatform(), TimeSource.SYSTEM);
  }

  /**
   * A probe on the given parts (tests pass a hiccup meter on a fake clock); it owns them from now on and starts
   * the meter's thread.
   */
  public ClientHealthProbe(ClientSettings.ClientBoundThresholds thresholds, HiccupMeter hiccups, GcMonitor gc, CpuMonitor cpu,
      TimeSource time) {
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    this.hiccups = Objects.requireNonNull(hiccups, "hiccups");
    this.gc = Objects.requireNonNull(gc, "gc");
    this.cpu = Objects.requireNonNull(cpu, "cpu");
    this.time = Objects.requireNonNull(time, "time");
    // Started ahead of the first step, so the meter has calibrated its shortest tick by then.
    hiccups.start();
    windowStartNanos = time.monotonicNanos();
  }

  /** Begins a step's window. */
  public synchronized void start() {
    try {
      windowStartNanos = time.monotonicNanos();
      hiccups.takeWindow();  // drops what was seen between steps
      hiccups.timeline().start();
      gc.start();
      cpu.start();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "client self-check could not start a window", e);
    }
  }

  /**
   * Ends the step's window: its figures, by how much llmbench could have moved each one the step reports, and
   * whether that makes it client-bound.
   *
   * @param run the step as it ran: its requests, send lags and its lanes' stalls
   */
  public synchronized ClientHealth stop(StepRun run) {
    double windowMillis = Math.max(0, (time.monotonicNanos() - windowStartNanos) / 1e6);
    SendLagRecorder sendLags = new SendLagRecorder();
    for (long l : run.sendLagsNanos()) sendLags.recordSendLagNanos(l);
    ClientHealth.SendLag lag = read("send lag", sendLags::takeSummary, ClientHealth.SendLag.NONE);
    ClientHealth.Hiccups h = closed ? ClientHealth.Hiccups.NONE
        : read("hiccups", hiccups::takeWindow, ClientHealth.Hiccups.NONE);
    ClientHealth.Gc g = read("GC", () -> gc.stop(windowMillis), ClientHealth.Gc.NONE);
    ClientHealth.Cpu c = read("CPU", cpu::stop,
        new ClientHealth.Cpu(OptionalDouble.empty(), Math.max(1, Runtime.getRuntime().availableProcessors()),
            OptionalDouble.empty()));
    // After the CPU figure: the bounds are the self-check's own work, not the step's.
    Stalls jvm = read("JVM stalls", hiccups.timeline()::take, Stalls.NONE);
    List<ClientHealth.FigureBound> bounds = read("figure bounds", () -> ClientDelayBounds.of(run, jvm), List.of());
    ClientHealth health = ClientHealth.unclassified(windowMillis, lag, h, g, c, bounds);
    try {
      return thresholds.classify(health);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "client self-check could not classify " + health, e);
      return health.withReasons(List.of());
    }
  }

  private static <T> T read(String what, java.util.function.Supplier<T> reader, T fallback) {
    try {
      return reader.get();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "client self-check could not read " + what + "; reported as none", e);
      return fallback;
    }
  }

  /** Stops the hiccup thread and the GC listener. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      hiccups.close();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "hiccup meter did not close", e);
    }
    try {
      gc.close();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "GC monitor did not close", e);
    }
  }
}
