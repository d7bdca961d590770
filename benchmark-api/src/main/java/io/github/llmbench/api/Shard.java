package io.github.llmbench.api;

import java.util.ArrayList;
import java.util.List;

/**
 * One of {@code count} load generators running the same benchmark as one: shard {@code index} (0-based) takes its
 * share of every step. Immutable.
 *
 * <p>Every shard computes the same seeded schedule and keeps the requests whose global index {@code g} has
 * {@code g % count == index}; its local request {@code k} is global request {@code index + k * count}. So the shards'
 * requests are a partition of the single-process step: each global request is sent by exactly one shard, with the
 * same {@link RequestContext#requestIndex() request index} (and so the same prompt) and, in an open loop, at the same
 * scheduled offset from the step's start. Counts are split as evenly as possible, the first {@code total % count}
 * shards taking one more: a closed loop's concurrency, every step's requests and an open loop's concurrency ceiling.
 *
 * <pre>{@code
 * Benchmark mine = new Shard(1, 4).of(benchmark);   // the second of four load generators
 * }</pre>
 *
 * @param index this shard, from 0 to {@code count - 1}
 * @param count how many shards run the benchmark
 */
public record Shard(int index, int count) {
  /** The whole benchmark in one process. */
  public static final Shard WHOLE = new Shard(0, 1);

  /** @throws IllegalArgumentException if {@code count < 1} or {@code index} is not in {@code [0, count)} */
  public Shard {
    Checks.positive("shard count", count);
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("shard index (" + index + ") should be between 0 and " + (count - 1));
    }
  }

  /** Whether this is the whole benchmark (one shard of one). */
  public boolean isWhole() {
    return count == 1;
  }

  /** This shard's part of {@code total} items: {@code total / count}, plus one for the first {@code total % count}. */
  public int share(int total) {
    if (total < 0) throw new IllegalArgumentException("total (" + total + ") should not be negative");
    return total / count + (index < total % count ? 1 : 0);
  }

  /** The global index of this shard's {@code localIndex}-th request: {@code index + localIndex * count}. */
  public int globalIndex(int localIndex) {
    if (localIndex < 0) throw new IllegalArgumentException("localIndex (" + localIndex + ") should not be negative");
    return Math.toIntExact(index + (long) localIndex * count);
  }

  /** Whether the global request {@code globalIndex} is this shard's. */
  public boolean owns(int globalIndex) {
    return globalIndex % count == index;
  }

  /** The local index of one of this shard's global requests. */
  public int localIndex(int globalIndex) {
    if (!owns(globalIndex)) {
      throw new IllegalArgumentException("global request " + globalIndex + " is not shard " + this + "'s");
    }
    return globalIndex / count;
  }

  /**
   * This shard's part of a step: its share of the requests (and of the closed loop's workers or the open loop's
   * ceiling), its requests built with their global index, and an open loop scheduled on the global timeline.
   *
   * @throws IllegalArgumentException if the step has fewer requests, or a closed loop fewer workers, than there are
   *     shards (some shard would have nothing to do), or an open-loop ceiling below the shard count
   */
  public Step of(Step step) {
    if (isWhole()) return step;
    if (step.numRequests() < count) {
      throw new IllegalArgumentException("step " + step.name() + " has " + step.numRequests() + " requests, fewer "
          + "than the " + count + " shards: every shard needs at least one");
    }
    Load load;
    if (step.load() instanceof ClosedLoop c) {
      if (c.concurrency() < count) {
        throw new IllegalArgumentException("step " + step.name() + " has concurrency " + c.concurrency()
            + ", less than the " + count + " shards: every shard needs at least one worker");
      }
      load = new ClosedLoop(share(c.concurrency()));
    } else {
      OpenLoop o = (OpenLoop) step.load();
      if (!o.shard().isWhole()) throw new IllegalArgumentException("step " + step.name() + " is already sharded");
      if (o.maxConcurrency() > 0 && o.maxConcurrency() < count) {
        throw new IllegalArgumentException("step " + step.name() + " has maxConcurrency " + o.maxConcurrency()
            + ", less than the " + count + " shards: every shard needs at least one slot");
      }
      load = new OpenLoop(o.ratePerSec(), o.poisson(), o.seed(), o.maxConcurrency() > 0 ? share(o.maxConcurrency()) : 0,
          this);
    }
    return new Step(step.name(), load, share(step.numRequests()), new GlobalIndexRequests(step.request(), this),
        step.trim());
  }

  /**
   * This shard's part of a benchmark: every step {@linkplain #of(Step) sharded}, phases without their stop rule
   * (every shard runs every step, so that their results can be merged; statuses are decided on the merged result),
   * and the setting {@code shard = index/count}.
   */
  public Benchmark of(Benchmark benchmark) {
    if (isWhole()) return benchmark;
    List<Phase> phases = new ArrayList<>();
    for (Phase p : benchmark.phases()) {
      if (p.adaptive()) {
        throw new IllegalArgumentException("phase " + p.name() + " is adaptive (a capacity search) and cannot be "
            + "sharded: each shard would choose its own steps from its own share of the results");
      }
      List<Step> steps = new ArrayList<>();
      for (Step s : p.steps()) steps.add(of(s));
      phases.add(p.toBuilder().steps(steps).stopWhen().build());
    }
    return benchmark.toBuilder().phases(phases).setting("shard", index + "/" + count).build();
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }

  /** A request builder that sees the global request index. */
  private record GlobalIndexRequests(RequestBuilder inner, Shard shard) implements RequestBuilder {
    @Override
    public PreparedRequest build(RequestContext c) {
      return inner.build(new RequestContext(c.model(), c.phase(), c.step(), shard.globalIndex(c.requestIndex()),
          c.stream()));
    }

    @Override
    public java.util.Optional<RequestShape> shape() {
      return inner.shape();
    }

    @Override
    public TestType testType() {
      return inner.testType();
    }
  }
}
