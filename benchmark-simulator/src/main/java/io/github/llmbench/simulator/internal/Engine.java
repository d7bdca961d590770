package io.github.llmbench.simulator.internal;

import io.github.llmbench.simulator.SimulatorConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The continuous-batching engine: one thread runs steps; before each step it admits waiting sequences (FIFO) up to
 * {@code maxRunningSequences}; a step lasts {@code (base + perSequence × running + prefillPerToken × new prompt
 * tokens) × timeScale}; at its end every running sequence gets one token. Sequences that arrive while
 * {@code capacity} sequences are running or waiting are refused.
 */
public final class Engine implements AutoCloseable {
  /** Steps may start this far behind their planned time to make up for oversleeping, but no further. */
  private static final long MAX_CATCH_UP_NANOS = 2_000_000L;

  private final SimulatorConfig config;
  private final StatisticsRecorder stats;
  private final double baseNanos;
  private final double perSequenceNanos;
  private final double prefillPerTokenNanos;
  private final SplittableRandom jitterRandom;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workAvailable = lock.newCondition();
  private final ArrayDeque<Sequence> waiting = new ArrayDeque<>(); // guarded by lock
  private final List<Sequence> running = new ArrayList<>(); // engine thread only
  private int runningCount; // guarded by lock
  private boolean closed; // guarded by lock
  private final Thread thread;

  /** Creates the engine and starts its thread. */
  public Engine(SimulatorConfig config, StatisticsRecorder stats, String threadName) {
    this.config = config;
    this.stats = stats;
    this.baseNanos = config.stepBaseTime().toNanos() * config.timeScale();
    this.perSequenceNanos = config.stepTimePerSequence().toNanos() * config.timeScale();
    this.prefillPerTokenNanos = config.prefillTimePerToken().toNanos() * config.timeScale();
    this.jitterRandom = new SplittableRandom(config.seed());
    this.thread = new Thread(this::loop, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues a sequence.
   *
   * @return false if the engine is full ({@code capacity} running or waiting) or closed: reject the request
   */
  public boolean submit(Sequence sequence) {
    lock.lock();
    try {
      if (closed || runningCount + waiting.size() >= config.capacity()) {
        return false;
      }
      waiting.addLast(sequence);
      // Requests that a free batch slot will take at the next step do not count as waiting.
      stats.observe(runningCount, Math.max(0, runningCount + waiting.size() - config.maxRunningSequences()));
      workAvailable.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Removes an aborted sequence from the queue at once, or from the batch at the next step. */
  public void abort(Sequence sequence) {
    sequence.abort();
    lock.lock();
    try {
      waiting.remove(sequence);
    } finally {
      lock.unlock();
    }
  }

  /** @return sequences running now */
  public int running() {
    lock.lock();
    try {
      return runningCount;
    } finally {
      lock.unlock();
    }
  }

  /** @return sequences waiting now */
  public int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    long plannedStart = Long.MIN_VALUE;
    try {
      while (true) {
        long newPromptTokens = 0;
        lock.lock();
        try {
          running.removeIf(Sequence::aborted);
          runningCount = running.size();
          boolean idle = false;
          while (!closed && running.isEmpty() && waiting.isEmpty()) {
            idle = true;
            workAvailable.await();
          }
          if (closed) {
            return;
          }
          if (idle) {
            plannedStart = Long.MIN_VALUE;
          }
          while (running.size() < config.maxRunningSequences() && !waiting.isEmpty()) {
            Sequence next = waiting.pollFirst();
            running.add(next);
            newPromptTokens += next.promptTokens();
          }
          runningCount = running.size();
          stats.observe(runningCount, waiting.size());
        } finally {
          lock.unlock();
        }
        long now = System.nanoTime();
        long start = plannedStart == Long.MIN_VALUE ? now : Math.max(plannedStart, now - MAX_CATCH_UP_NANOS);
        long end = start + stepNanos(running.size(), newPromptTokens);
        if (!sleepUntil(end)) {
          return;
        }
        plannedStart = end;
        long tokenTime = System.nanoTime();
        running.removeIf(s -> s.aborted() || s.onToken(tokenTime));
        lock.lock();
        try {
          runningCount = running.size();
        } finally {
          lock.unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      failAll();
    }
  }

  private long stepNanos(int batch, long newPromptTokens) {
    double nanos = baseNanos + perSequenceNanos * batch + prefillPerTokenNanos * newPromptTokens;
    if (config.jitter() > 0) {
      nanos *= 1 + config.jitter() * (2 * jitterRandom.nextDouble() - 1);
    }
    return Math.max(0L, Math.round(nanos));
  }

  /** @return false if the engine was closed while sleeping */
  private boolean sleepUntil(long deadline) {
    while (true) {
      lock.lock();
      try {
        if (closed) {
          return false;
        }
      } finally {
        lock.unlock();
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return true;
      }
      LockSupport.parkNanos(this, remaining);
    }
  }

  private void failAll() {
    List<Sequence> toFail = new ArrayList<>(running);
    lock.lock();
    try {
      closed = true;
      toFail.addAll(waiting);
      waiting.clear();
      runningCount = 0;
    } finally {
      lock.unlock();
    }
    running.clear();
    toFail.forEach(Sequence::fail);
  }

  /** Stops the engine; every running or waiting sequence fails with {@link Sequence.EngineStoppedException}. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      workAvailable.signalAll();
    } finally {
      lock.unlock();
    }
    LockSupport.unpark(thread);
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
