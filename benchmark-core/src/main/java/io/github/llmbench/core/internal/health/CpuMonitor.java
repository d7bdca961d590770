package io.github.llmbench.core.internal.health;

import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.core.TimeSource;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The process's CPU use during a window: its CPU time (all threads, JIT and GC included) against the wall time
 * times the processors available to the JVM, so 1.0 means every core the JVM may use was busy. The CPU time comes
 * from {@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime()} where the JVM has it (HotSpot,
 * OpenJ9); without it the share is empty. The system's one-minute load average is added where the OS reports one.
 *
 * <p>One window at a time: {@code start()} again begins a new one. Thread-safe; never throws once built.
 */
public final class CpuMonitor {
  private static final long UNAVAILABLE = -1;

  private final LongSupplier processCpuNanos;
  private final IntSupplier availableProcessors;
  private final DoubleSupplier loadAverage;
  private final TimeSource time;
  private long startCpuNanos = UNAVAILABLE;
  private long startWallNanos;

  /**
   * @param processCpuNanos the process's CPU time so far, -1 when unknown
   * @param availableProcessors the processors the JVM may use
   * @param loadAverage the system load average, negative when unknown
   * @param time the clock the window's wall time is read from
   */
  public CpuMonitor(LongSupplier processCpuNanos, IntSupplier availableProcessors, DoubleSupplier loadAverage,
      TimeSource time) {
    this.processCpuNanos = Objects.requireNonNull(processCpuNanos, "processCpuNanos");
    this.availableProcessors = Objects.requireNonNull(availableProcessors, "availableProcessors");
    this.loadAverage = Objects.requireNonNull(loadAverage, "loadAverage");
    this.time = Objects.requireNonNull(time, "time");
    start();
  }

  /** The platform's figures on the system clock. */
  public static CpuMonitor ofPlatform() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    LongSupplier cpu = processCpuTime(os);
    return new CpuMonitor(cpu, Runtime.getRuntime()::availableProcessors, os::getSystemLoadAverage, TimeSource.SYSTEM);
  }

  private static LongSupplier processCpuTime(OperatingSystemMXBean os) {
    try {
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun::getProcessCpuTime;
    } catch (LinkageError e) {
      // a JVM without the jdk.management module: no CPU time
    }
    return () -> UNAVAILABLE;
  }

  /** Begins a window. */
  public synchronized void start() {
    startCpuNanos = readCpu();
    startWallNanos = time.monotonicNanos();
  }

  /** The CPU use since {@link #start()}. */
  public synchronized ClientHealth.Cpu stop() {
    long cpu = readCpu();
    long wall = time.monotonicNanos() - startWallNanos;
    int processors = Math.max(1, readProcessors());
    OptionalDouble share = OptionalDouble.empty();
    if (cpu >= 0 && startCpuNanos >= 0 && wall > 0) {
      // CPU time is sampled at a coarser grain than the wall clock, so a short window can read slightly above 1.
      share = OptionalDouble.of(Math.min(1, Math.max(0, (double) (cpu - startCpuNanos) / ((double) wall * processors))));
    }
    return new ClientHealth.Cpu(share, processors, readLoad());
  }

  private long readCpu() {
    try {
      return processCpuNanos.getAsLong();
    } catch (RuntimeException e) {
      return UNAVAILABLE;
    }
  }

  private int readProcessors() {
    try {
      return availableProcessors.getAsInt();
    } catch (RuntimeException e) {
      return 1;
    }
  }

  private OptionalDouble readLoad() {
    try {
      double load = loadAverage.getAsDouble();
      return load >= 0 && !Double.isInfinite(load) ? OptionalDouble.of(load) : OptionalDouble.empty();
    } catch (RuntimeException e) {
      return OptionalDouble.empty();
    }
  }
}
