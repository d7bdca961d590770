package io.github.llmbench.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.ClientHealth;
import io.github.llmbench.core.TimeSource;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CpuMonitorTest {
  /** A fake clock moved by hand. */
  static final class ManualTime implements TimeSource {
    final AtomicLong nanos = new AtomicLong();

    @Override
    public long wallTimeMillis() {
      return nanos.get() / 1_000_000;
    }

    @Override
    public long monotonicNanos() {
      return nanos.get();
    }
  }

  @Test
  @Timeout(30)
  void seesABusyLoopOnOneThread() throws InterruptedException {
    CpuMonitor cpu = CpuMonitor.ofPlatform();
    cpu.start();
    Thread busy = new Thread(() -> {
      long end = System.nanoTime() + 300_000_000L;
      long x = 0;
      while (System.nanoTime() < end) x += x * 31 + 7;
      if (x == 42) System.getLogger("never").log(System.Logger.Level.TRACE, "keeps the loop alive");
    });
    busy.start();
    busy.join();
    ClientHealth.Cpu window = cpu.stop();
    assertThat(window.availableProcessors()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(window.shareOfCores()).isPresent();  // HotSpot has process CPU time
    assertThat(window.shareOfCores().getAsDouble()).isGreaterThan(0).isLessThanOrEqualTo(1);
  }

  @Test
  void shareIsCpuTimeOverWallTimeTimesProcessors() {
    ManualTime time = new ManualTime();
    AtomicLong cpuNanos = new AtomicLong(5_000_000_000L);
    CpuMonitor cpu = new CpuMonitor(cpuNanos::get, () -> 4, () -> 1.5, time);
    cpu.start();
    time.nanos.addAndGet(2_000_000_000L);  // 2 s of wall time on 4 cores: 8 s of CPU available
    cpuNanos.addAndGet(2_000_000_000L);   // 2 s used
    ClientHealth.Cpu window = cpu.stop();
    assertThat(window.shareOfCores()).isEqualTo(OptionalDouble.of(0.25));
    assertThat(window.availableProcessors()).isEqualTo(4);
    assertThat(window.systemLoadAverage()).isEqualTo(OptionalDouble.of(1.5));
  }

  @Test
  void figuresTheJvmDoesNotHaveAreEmptyAndNeverThrow() {
    ManualTime time = new ManualTime();
    CpuMonitor unavailable = new CpuMonitor(() -> -1, () -> 2, () -> -1, time);
    time.nanos.addAndGet(1_000_000_000L);
    assertThat(unavailable.stop()).isEqualTo(new ClientHealth.Cpu(OptionalDouble.empty(), 2, OptionalDouble.empty()));
    CpuMonitor broken = new CpuMonitor(() -> {
      throw new UnsupportedOperationException("no CPU time");
    }, () -> 2, () -> {
      throw new IllegalStateException("no load");
    }, time);
    time.nanos.addAndGet(1_000_000_000L);
    assertThat(broken.stop().shareOfCores()).isEmpty();
  }
}
