package io.github.llmbench.cli;

import io.github.llmbench.api.MetricSink;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/** Prints the script's phase lines: {@code Phase 1: WARMUP}, {@code Phase 2: BASELINE}, ... */
final class PhaseHeaderSink implements MetricSink {
  private final PrintStream out;
  private final AtomicInteger number = new AtomicInteger();

  PhaseHeaderSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onPhaseStarted(String phase) {
    out.println("Phase " + number.incrementAndGet() + ": " + phase);
    out.flush();
  }
}
