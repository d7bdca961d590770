package io.github.llmbench.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.ClientHealth;
import org.junit.jupiter.api.Test;

class GcMonitorTest {
  @Test
  void countsAnExplicitCollection() {
    try (GcMonitor gc = new GcMonitor()) {
      assertThat(gc.collectorNames()).isNotEmpty();
      gc.start();
      long started = System.nanoTime();
      System.gc();
      double windowMillis = (System.nanoTime() - started) / 1e6;
      ClientHealth.Gc window = gc.stop(windowMillis);
      assertThat(window.count()).isGreaterThanOrEqualTo(1);
      assertThat(window.timeMillis()).isLessThanOrEqualTo(windowMillis + 1);  // MXBean time is whole ms
      assertThat(window.shareOfWindow()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void aNewWindowStartsFromZero() {
    try (GcMonitor gc = new GcMonitor()) {
      System.gc();
      gc.start();
      ClientHealth.Gc window = gc.stop(1000);
      assertThat(window.count()).isLessThanOrEqualTo(1);  // at most a collection that happened on its own
    }
  }

  @Test
  void concurrentCollectorsAreNotPauses() {
    assertThat(GcMonitor.stopsTheWorld("G1 Young Generation")).isTrue();
    assertThat(GcMonitor.stopsTheWorld("G1 Old Generation")).isTrue();
    assertThat(GcMonitor.stopsTheWorld("ZGC Pauses")).isTrue();
    assertThat(GcMonitor.stopsTheWorld("Copy")).isTrue();
    assertThat(GcMonitor.stopsTheWorld("G1 Concurrent GC")).isFalse();
    assertThat(GcMonitor.stopsTheWorld("ZGC Major Cycles")).isFalse();
    assertThat(GcMonitor.stopsTheWorld("Shenandoah Cycles")).isFalse();
  }
}
