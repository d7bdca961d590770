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
 *
 * <p>With {@code kvCacheTokens > 0} the batch also lives in a KV cache of that many tokens: a running sequence
 * holds its prompt plus the tokens it produced. The head of the queue joins only if it and one more token for every
 * running sequence fit; when the next step's tokens would not fit, the most recently admitted sequence is preempted
 * (vLLM's recompute mode): it goes back to the front of the queue, keeps the tokens it already produced and is
 * prefilled again (prompt + produced) when it rejoins. A sequence alone in the batch is never preempted.
 */
public final class Engine implements AutoCloseable {
  /** Steps may start this far behind their planned time to make up for oversleeping, but no further. */
  private static final long MAX_CATCH_UP_NANOS = 2_000_000L;

  private final SimulatorConfig config;
  private final StatisticsRecorder stats;
  private final VllmMetrics metrics;
  private final PrefixCache prefixCache;
  private final double baseNanos;
  private final double perSequenceNanos;
  private final double prefillPerTokenNanos;
  private final SplittableRandom jitterRandom;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workAvailable = lock.newCondition();
  private final ArrayDeque<Sequence> waiting = new ArrayDeque<>(); // guarded by lock
  private final List<Sequence> running = new ArrayList<>(); // engine thread only
  private int runningCount; // guarded by lock
  private long residentTokens; // guarded by lock: KV tokens held by the running sequences
  private boolean closed; // guarded by lock
  private final Thread thread;

  /** Creates the engine and starts its thread. */
  public Engine(SimulatorConfig config, StatisticsRecorder stats, VllmMetrics metrics, String threadName) {
    this.config = config;
    this.stats = stats;
    this.metrics = metrics;
    this.baseNanos = config.stepBaseTime().toNanos() * config.timeScale();
    this.perSequenceNanos = config.stepTimePerSequence().toNanos() * config.timeScale();
    this.prefillPerTokenNanos = config.prefillTimePerToken().toNanos() * config.timeScale();
    this.jitterRandom = new SplittableRandom(config.seed());
    // The KV cache's blocks when it is modelled, else 2^18 blocks (4M tokens) of prefixes.
    this.prefixCache = new PrefixCache((int) Math.min(Integer.MAX_VALUE, config.kvCacheTokens() > 0
        ? Math.max(1, config.kvCacheTokens() / PrefixCache.BLOCK_TOKENS) : 1 << 18));
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
      int cached = prefixCache.cachedTokens(sequence.promptBlocks(), sequence.promptTokens());
      sequence.cached(cached);
      metrics.prefixCache(sequence.promptTokens(), cached);
      waiting.addLast(sequence);
      stats.observe(runningCount, waitingNow());
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

  /**
   * Requests counted as waiting, by the same rule as {@link StatisticsRecorder#observe}: without a KV cache model,
   * requests that a free batch slot takes at the next step are not waiting; with one, every queued request is.
   */
  private int waitingNow() {
    return config.kvCacheTokens() > 0 ? waiting.size()
        : Math.max(0, runningCount + waiting.size() - config.maxRunningSequences());
  }

  /** @return the {@code /metrics} exposition for this moment */
  public byte[] renderMetrics() {
    int r;
    int w;
    double kv;
    lock.lock();
    try {
      r = runningCount;
      w = waitingNow();
      kv = config.kvCacheTokens() > 0 ? Math.min(1.0, (double) residentTokens / config.kvCacheTokens())
          : (double) runningCount / config.maxRunningSequences();
    } finally {
      lock.unlock();
    }
    return metrics.render(r, w, kv);
  }

  private void loop() {
    long plannedStart = Long.MIN_VALUE;
    long capacityTokens = config.kvCacheTokens();
    try {
      while (true) {
        long newPromptTokens = 0;
        lock.lock();
        try {
          running.removeIf(Sequence::aborted);
          runningCount = running.size();
          residentTokens = resident(running);
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
          long scheduledAt = System.nanoTime();
          List<Sequence> admitted = new ArrayList<>();
          while (running.size() < config.maxRunningSequences() && !waiting.isEmpty()) {
            Sequence next = waiting.peekFirst();
            long nextResident = next.promptTokens() + next.produced();
            // Room for the newcomer and for one more token of every sequence in the batch, itself included.
            if (capacityTokens > 0 && !running.isEmpty()
                && residentTokens + nextResident + running.size() + 1 > capacityTokens) {
              break;
            }
            waiting.pollFirst();
            running.add(next);
            next.scheduled(scheduledAt);
            residentTokens += nextResident;
            admitted.add(next);
          }
          int preempted = 0;
          while (capacityTokens > 0 && running.size() > 1 && residentTokens + running.size() > capacityTokens) {
            Sequence victim = running.remove(running.size() - 1);
            residentTokens -= victim.promptTokens() + victim.produced();
            waiting.addFirst(victim);
            preempted++;
          }
          // Victims leave from the end of the batch, where the newcomers are; the newcomers left are prefilled,
          // a sequence that was preempted earlier with its output included (recompute).
          for (Sequence s : admitted.subList(0, Math.max(0, admitted.size() - preempted))) {
            newPromptTokens += s.promptTokens() - s.cachedTokens() + s.produced();
          }
          runningCount = running.size();
          stats.observe(runningCount, waitingNow());
          if (preempted > 0) {
            stats.preempted(preempted);
            metrics.preempted(preempted);
          }
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
        long prefilled = 0;
        // A finished sequence leaves the batch before its last token is handed over, as vLLM's scheduler frees it
        // in the step that finishes it: a client that sends its next request at once finds the slot free.
        List<Sequence> stepped = new ArrayList<>(running);
        stepped.removeIf(Sequence::aborted);
        running.removeIf(s -> s.aborted() || s.finishesWithNextToken());
        lock.lock();
        try {
          runningCount = running.size();
          residentTokens = resident(running);
        } finally {
          lock.unlock();
        }
        for (Sequence s : stepped) {
          boolean first = s.produced() == 0;
          boolean done = s.onToken(tokenTime);
          if (first) {
            prefilled += s.promptTokens();
            metrics.firstToken(tokenTime - s.arrivalNanos());
          }
          if (done) metrics.finished(s.firstScheduledNanos() - s.arrivalNanos(), tokenTime - s.arrivalNanos());
        }
        metrics.step(stepped.size(), prefilled);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      failAll();
    }
  }

  private static long resident(List<Sequence> sequences) {
    long tokens = 0;
    for (Sequence s : sequences) {
      tokens += s.promptTokens() + s.produced();
    }
    return tokens;
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
