package io.github.llmbench.simulator.internal;

/**
 * One request inside the engine: its prompt size, how many tokens it must produce and how many it has. The engine
 * thread calls {@link #onToken}; the connection thread waits with {@link #awaitTokens}.
 */
public final class Sequence {
  private final long id;
  private final int promptTokens;
  private final int maxTokens;
  private final long arrivalNanos;
  private final int firstOutputIndex;
  private final long[] promptBlocks;
  private int cachedTokens; // set once, by the engine when it queues the sequence
  private long firstScheduledNanos = Long.MIN_VALUE; // engine thread only
  private int produced;
  private long firstTokenNanos = Long.MIN_VALUE;
  private long firstOutputNanos = Long.MIN_VALUE;
  private long lastTokenNanos = Long.MIN_VALUE;
  private boolean failed;
  private volatile boolean aborted;

  /**
   * @param id request id
   * @param promptTokens prompt tokens (drives the prefill cost)
   * @param maxTokens tokens to generate, at least 1
   * @param arrivalNanos {@link System#nanoTime()} when the request arrived, for the queue-time, TTFT and e2e metrics
   * @param firstOutputIndex the 0-based index of the first token that is output rather than reasoning
   *     ({@code maxTokens} when all of them reason)
   * @param promptBlocks the prompt's blocks for the prefix cache ({@link PrefixCache#blockHashes})
   */
  public Sequence(long id, int promptTokens, int maxTokens, long arrivalNanos, int firstOutputIndex,
      long[] promptBlocks) {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens (" + maxTokens + ") should be positive");
    }
    this.id = id;
    this.promptTokens = promptTokens;
    this.maxTokens = maxTokens;
    this.arrivalNanos = arrivalNanos;
    this.firstOutputIndex = firstOutputIndex;
    this.promptBlocks = promptBlocks;
  }

  long[] promptBlocks() {
    return promptBlocks;
  }

  /** Engine: the prefix cache held this many of its prompt tokens; they need no prefill. */
  synchronized void cached(int tokens) {
    cachedTokens = tokens;
  }

  /** @return the prompt tokens the prefix cache held when it was queued */
  public synchronized int cachedTokens() {
    return cachedTokens;
  }

  /** @return {@link System#nanoTime()} when the request arrived */
  long arrivalNanos() {
    return arrivalNanos;
  }

  /** Engine thread: the sequence joined the batch at {@code nanos}; only the first admission counts. */
  void scheduled(long nanos) {
    if (firstScheduledNanos == Long.MIN_VALUE) {
      firstScheduledNanos = nanos;
    }
  }

  /** @return when the sequence first joined the batch (engine thread only) */
  long firstScheduledNanos() {
    return firstScheduledNanos;
  }

  /** @return the request id */
  public long id() {
    return id;
  }

  /** @return the prompt tokens */
  public int promptTokens() {
    return promptTokens;
  }

  /** @return the tokens to generate */
  public int maxTokens() {
    return maxTokens;
  }

  /** Engine thread: whether the next token is its last. */
  synchronized boolean finishesWithNextToken() {
    return produced + 1 >= maxTokens;
  }

  /** Engine thread: one more token was produced at {@code nanos}. @return true if the sequence is now done */
  synchronized boolean onToken(long nanos) {
    if (produced == 0) {
      firstTokenNanos = nanos;
    }
    if (produced == firstOutputIndex) {
      firstOutputNanos = nanos;
    }
    lastTokenNanos = nanos;
    produced++;
    notifyAll();
    return produced >= maxTokens;
  }

  /** Engine thread: the engine stopped before the sequence finished. */
  synchronized void fail() {
    failed = true;
    notifyAll();
  }

  /** Connection thread: the client is gone; the engine drops the sequence at its next step. */
  public void abort() {
    aborted = true;
  }

  boolean aborted() {
    return aborted;
  }

  /**
   * Blocks until at least {@code count} tokens exist.
   *
   * @return the number of tokens produced so far (at least {@code count})
   * @throws EngineStoppedException if the engine stopped first
   */
  public synchronized int awaitTokens(int count) throws InterruptedException {
    while (produced < count) {
      if (failed) {
        throw new EngineStoppedException();
      }
      wait();
    }
    return produced;
  }

  /** @return tokens produced so far */
  public synchronized int produced() {
    return produced;
  }

  /** @return nanoTime of the first token, or {@link Long#MIN_VALUE} */
  public synchronized long firstTokenNanos() {
    return firstTokenNanos;
  }

  /** @return nanoTime of the first output (not reasoning) token, or {@link Long#MIN_VALUE} */
  public synchronized long firstOutputNanos() {
    return firstOutputNanos;
  }

  /** @return nanoTime of the latest token, or {@link Long#MIN_VALUE} */
  public synchronized long lastTokenNanos() {
    return lastTokenNanos;
  }

  /** Thrown to a waiting connection thread when the server shuts down. */
  public static final class EngineStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EngineStoppedException() {
      super("the simulated engine stopped");
    }
  }
}
