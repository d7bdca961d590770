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
 * same {@link RequestBuilder.Context#requestIndex() request index} (and so the same prompt) and, in an open loop, at
 * the same scheduled offset from the step's start. Counts are split as evenly as possible, the first {@code total %
 * count} shards taking one more: a closed loop's concurrency, every step's requests and an open loop's concurrency
 * ceiling.
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
   * The setting a shard's result records the steps it had no part of in: {@code PHASE/step} names joined by
   * {@code ,}, empty when it ran a part of every step. The merge expects no result of those steps from it.
   */
  public static final String SKIPPED_STEPS_SETTING = "shard_skipped_steps";

  /**
   * How many shards a step runs on: all of them, unless it has fewer requests, a closed loop fewer workers, or an
   * open loop a lower concurrency ceiling than there are shards; then as many as it has. Splitting one worker over
   * two shards would double the step's load, so a step of concurrency 1 runs on the first shard alone.
   */
  public int shardsFor(Step step) {
    int limit = Math.min(count, step.numRequests());
    if (step.load() instanceof Load.ClosedLoop c) limit = Math.min(limit, c.concurrency());
    if (step.load() instanceof Load.OpenLoop o && o.maxConcurrency() > 0) limit = Math.min(limit, o.maxConcurrency());
    return limit;
  }

  /**
   * This shard's part of a step: its share of the requests (and of the closed loop's workers or the open loop's
   * ceiling), its requests built with their global index, and an open loop scheduled on the global timeline. A step
   * that runs on fewer shards than there are ({@link #shardsFor}) is split among the first of them only; the
   * others have no part of it (empty).
   */
  public java.util.Optional<Step> of(Step step) {
    if (isWhole()) return java.util.Optional.of(step);
    int active = shardsFor(step);
    if (index >= active) return java.util.Optional.empty();
    Shard part = new Shard(index, active);
    if (part.isWhole()) return java.util.Optional.of(step);
    Load load;
    if (step.load() instanceof Load.ClosedLoop c) {
      // A ramp keeps its shape and length; each part starts its share of the first workers (at least one).
      int workers = part.share(c.concurrency());
      load = new Load.ClosedLoop(workers, c.ramp().map(r -> new Load.WorkerRamp(r.shape(),
          Math.min(workers, Math.max(1, part.share(r.fromWorkers()))), r.over())));
    } else {
      Load.OpenLoop o = (Load.OpenLoop) step.load();
      if (!o.shard().isWhole()) throw new IllegalArgumentException("step " + step.name() + " is already sharded");
      load = o.part(part, o.maxConcurrency() > 0 ? part.share(o.maxConcurrency()) : 0);
    }
    return java.util.Optional.of(new Step(step.name(), load, part.share(step.numRequests()),
        new GlobalIndexRequests(step.request(), part), step.trim()));
  }

  /**
   * This shard's part of a benchmark: every step {@linkplain #of(Step) sharded} (those it has no part of left out,
   * named in {@link #SKIPPED_STEPS_SETTING}, and a phase left with none left out), phases without their stop rule
   * (every shard runs every step it has a part of, so that their results can be merged; statuses are decided on
   * the merged result with the whole run's plan, which it records: {@link Benchmark#runPlan()}), and the setting
   * {@code shard = index/count}.
   *
   * @throws IllegalArgumentException if a phase is adaptive, or this shard has no part of any step
   */
  public Benchmark of(Benchmark benchmark) {
    if (isWhole()) return benchmark;
    List<Phase> phases = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Phase p : benchmark.phases()) {
      if (p.adaptive()) {
        throw new IllegalArgumentException("phase " + p.name() + " is adaptive (a capacity search) and cannot be "
            + "sharded: each shard would choose its own steps from its own share of the results");
      }
      List<Step> steps = new ArrayList<>();
      for (Step s : p.steps()) {
        java.util.Optional<Step> mine = of(s);
        if (mine.isPresent()) steps.add(mine.get());
        else skipped.add(p.name() + "/" + s.name());
      }
      if (!steps.isEmpty()) phases.add(p.toBuilder().steps(steps).stopWhen().build());
    }
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("shard " + this + " has no part of any step: every step has fewer requests "
          + "or workers than " + count + " shards; use at most " + benchmark.steps().stream()
              .mapToInt(this::shardsFor).max().orElse(1) + " shards");
    }
    return benchmark.toBuilder().phases(phases).partOf(benchmark.runPlan()).setting("shard", index + "/" + count)
        .setting(SKIPPED_STEPS_SETTING, String.join(",", skipped)).build();
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }

  /** A request builder that sees the global request index. */
  private record GlobalIndexRequests(RequestBuilder inner, Shard shard) implements RequestBuilder {
    @Override
    public PreparedRequest build(RequestBuilder.Context c) {
      return inner.build(new RequestBuilder.Context(c.model(), c.phase(), c.step(), shard.globalIndex(c.requestIndex()),
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
