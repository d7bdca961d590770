package io.github.llmbench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardTest {
  private static final RequestBuilder RECORD_INDEX = ctx -> new PreparedRequest("/v1/completions",
      Map.of("i", ctx.requestIndex()), false);

  /**
   * Property: over random step shapes, small ones included, the shards' requests are exactly the step's, each sent
   * once, and their workers add up to the step's: a step smaller than the shard count runs on fewer shards.
   */
  @Test
  void shardsPartitionEveryStepIntoItsRequests() {
    Random random = new Random(14);
    for (int trial = 0; trial < 2_000; trial++) {
      int count = 1 + random.nextInt(9);
      int concurrency = 1 + random.nextInt(trial % 2 == 0 ? 200 : 6);
      int requests = 1 + random.nextInt(trial % 3 == 0 ? 1_000 : 8);
      boolean open = random.nextBoolean();
      Step step = open
          ? Step.of("r", Load.rate(1 + random.nextInt(50)).poisson(trial).maxConcurrency(concurrency), requests,
          RECORD_INDEX) : Step.of("c", Load.concurrency(concurrency), requests, RECORD_INDEX);
      boolean[] seen = new boolean[requests];
      int workers = 0;
      int active = new Shard(0, count).shardsFor(step);
      assertThat(active).isBetween(1, count);
      for (int i = 0; i < count; i++) {
        java.util.Optional<Step> part = new Shard(i, count).of(step);
        assertThat(part.isPresent()).as("shard %d of %d, %d active", i, count, active).isEqualTo(i < active);
        if (part.isEmpty()) continue;
        Step mine = part.get();
        workers += mine.concurrency();
        assertThat(mine.numRequests()).isBetween(requests / active, requests / active + 1).isPositive();
        for (int k = 0; k < mine.numRequests(); k++) {
          int global = (Integer) mine.request().build(new RequestBuilder.Context("m", "p", "r", k,
              false)).body().get("i");
          assertThat(seen[global]).as("request %d sent twice", global).isFalse();
          seen[global] = true;
        }
      }
      for (int g = 0; g < requests; g++) assertThat(seen[g]).as("request %d of %d sent", g, requests).isTrue();
      assertThat(workers).isEqualTo(concurrency);
    }
  }

  @Test
  void theFirstSharesTakeTheRemainder() {
    List<Integer> shares = new ArrayList<>();
    for (int i = 0; i < 4; i++) shares.add(new Shard(i, 4).share(10));
    assertThat(shares).containsExactly(3, 3, 2, 2);
    assertThat(new Shard(2, 4).globalIndex(3)).isEqualTo(14);
    assertThat(new Shard(2, 4).localIndex(14)).isEqualTo(3);
  }

  @Test
  void anOpenLoopShardKeepsTheWholeSchedulesSeedAndRate() {
    Step step = Step.of("r", Load.rate(20).poisson(7), 100, RECORD_INDEX);
    Load.OpenLoop mine = new Shard(1, 3).of(step).orElseThrow().openLoop();
    assertThat(mine).isNotNull();
    assertThat(mine.ratePerSec()).isEqualTo(20);
    assertThat(mine.seed()).isEqualTo(7);
    assertThat(mine.shard()).isEqualTo(new Shard(1, 3));
  }

  @Test
  void aBenchmarkShardRunsEveryStepItHasAPartOfAndNamesTheOthers() {
    Benchmark b = Presets.unified(Intensity.QUICK).target(Target.of("http://localhost:8000", "m")).build();
    Benchmark first = new Shard(0, 3).of(b);
    assertThat(first.settings()).containsEntry("shard", "0/3").containsEntry(Shard.SKIPPED_STEPS_SETTING, "");
    assertThat(first.phases()).allSatisfy(p -> assertThat(p.stopStatuses()).isEmpty());
    assertThat(first.steps()).hasSameSizeAs(b.steps());
    // single (1 request) and baseline (concurrency 1) run on the first shard alone: WARMUP and BASELINE go.
    Benchmark third = new Shard(2, 3).of(b);
    assertThat(third.settings()).containsEntry(Shard.SKIPPED_STEPS_SETTING, "WARMUP/single,BASELINE/baseline");
    assertThat(third.phases()).extracting(Phase::name).doesNotContain("WARMUP", "BASELINE").contains("SCALING");
    assertThat(third.steps()).hasSize(b.steps().size() - 2);
    assertThat(new Shard(0, 1).of(b)).isSameAs(b);
  }

  @Test
  void aStepSmallerThanTheShardCountRunsOnAsManyShardsAsItCan() {
    Step single = Step.of("single", Load.concurrency(1), 10, RECORD_INDEX);
    assertThat(new Shard(0, 4).of(single)).contains(single);
    assertThat(new Shard(1, 4).of(single)).isEmpty();
    Step few = Step.of("few", Load.concurrency(8), 3, RECORD_INDEX);
    assertThat(new Shard(0, 4).shardsFor(few)).isEqualTo(3);
    assertThat(new Shard(2, 4).of(few).orElseThrow().numRequests()).isEqualTo(1);
    assertThat(new Shard(3, 4).of(few)).isEmpty();
    Benchmark tiny = Benchmark.builder().target("http://localhost:8000", "m").phases(Phase.of("P", single)).build();
    assertThatThrownBy(() -> new Shard(2, 4).of(tiny)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard 2/4 has no part of any step: every step has fewer requests or workers than 4 shards; "
            + "use at most 1 shards");
    assertThatThrownBy(() -> new Shard(4, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard index (4) should be between 0 and 3");
    assertThatThrownBy(() -> new Shard(0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shard count (0)");
  }
}
