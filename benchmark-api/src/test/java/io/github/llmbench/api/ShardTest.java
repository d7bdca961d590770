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

  /** Property: over random step shapes, the shards' requests are exactly the step's, each sent once. */
  @Test
  void shardsPartitionEveryStepIntoItsRequests() {
    Random random = new Random(14);
    for (int trial = 0; trial < 2_000; trial++) {
      int count = 1 + random.nextInt(9);
      int concurrency = count + random.nextInt(200);
      int requests = count + random.nextInt(1_000);
      boolean open = random.nextBoolean();
      Step step = open ? Step.atRate("r", 1 + random.nextInt(50), requests, RECORD_INDEX).poisson(trial)
          .maxConcurrency(concurrency) : Step.of("c", concurrency, requests, RECORD_INDEX);
      boolean[] seen = new boolean[requests];
      int workers = 0;
      for (int i = 0; i < count; i++) {
        Step mine = new Shard(i, count).of(step);
        workers += mine.concurrency();
        assertThat(mine.numRequests()).isBetween(requests / count, requests / count + 1);
        for (int k = 0; k < mine.numRequests(); k++) {
          int global = (Integer) mine.request().build(new RequestContext("m", "p", "r", k, false)).body().get("i");
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
    Step step = Step.atRate("r", 20, 100, RECORD_INDEX).poisson(7);
    OpenLoop mine = new Shard(1, 3).of(step).openLoop();
    assertThat(mine).isNotNull();
    assertThat(mine.ratePerSec()).isEqualTo(20);
    assertThat(mine.seed()).isEqualTo(7);
    assertThat(mine.shard()).isEqualTo(new Shard(1, 3));
  }

  @Test
  void aBenchmarkShardRunsEveryStepAndSaysWhichShardItIs() {
    Benchmark b = Presets.unified(Intensity.QUICK).target(Target.of("http://localhost:8000", "m"))
        .removePhase("WARMUP").removePhase("BASELINE").build();
    Benchmark mine = new Shard(0, 2).of(b);
    assertThat(mine.settings()).containsEntry("shard", "0/2");
    assertThat(mine.phases()).allSatisfy(p -> assertThat(p.stopStatuses()).isEmpty());
    assertThat(mine.steps()).hasSameSizeAs(b.steps());
    assertThat(new Shard(0, 1).of(b)).isSameAs(b);
  }

  @Test
  void refusesShardsThatWouldHaveNothingToDo() {
    assertThatThrownBy(() -> new Shard(0, 4).of(Step.of("single", 1, 10, RECORD_INDEX)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency 1, less than the 4 shards");
    assertThatThrownBy(() -> new Shard(0, 4).of(Step.of("few", 8, 3, RECORD_INDEX)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 requests, fewer than the 4 shards");
    assertThatThrownBy(() -> new Shard(4, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard index (4) should be between 0 and 3");
    assertThatThrownBy(() -> new Shard(0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shard count (0)");
  }
}
