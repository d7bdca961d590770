package io.github.llmbench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Load;
import io.github.llmbench.api.PreparedRequest;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.Shard;
import io.github.llmbench.api.Step;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shards' open-loop arrivals are the single-process schedule, permuted: each global arrival is sent by exactly
 * one shard, at the same offset from the step's start, with the same request index.
 */
class ShardScheduleTest {
  @Test
  void shardedOpenLoopsSendEveryArrivalOfTheWholeScheduleOnceAtItsOffset() {
    Random random = new Random(1414);
    for (int trial = 0; trial < 500; trial++) {
      int count = 1 + random.nextInt(8);
      int n = count + random.nextInt(400);
      double rate = 0.5 + random.nextDouble() * 200;
      io.github.llmbench.api.Load.OpenLoop schedule = Load.rate(rate);
      switch (random.nextInt(3)) {
        case 1 -> schedule = schedule.poisson(random.nextLong());
        case 2 -> schedule = schedule.gamma(0.2 + random.nextDouble() * 4, random.nextLong());
        default -> { }
      }
      if (random.nextBoolean()) {
        java.time.Duration over = java.time.Duration.ofMillis(1 + random.nextInt(5000));
        double from = 0.1 + random.nextDouble() * rate;
        schedule = schedule.ramp(random.nextBoolean() ? Load.Ramp.linear(from, over)
            : Load.Ramp.exponential(from, over));
      }
      Step whole = Step.of("r", schedule, n, ShardScheduleTest::indexed);
      long[] single = ArrivalSchedule.offsets(whole.openLoop(), n);
      long[] sharded = new long[n];
      boolean[] seen = new boolean[n];
      for (int i = 0; i < count; i++) {
        Step mine = new Shard(i, count).of(whole).orElseThrow();
        Load.OpenLoop load = mine.openLoop();
        long[] offsets = ArrivalSchedule.offsets(load, mine.numRequests());
        for (int k = 0; k < offsets.length; k++) {
          int global = (Integer) mine.request().build(new RequestBuilder.Context("m", "p", "r", k,
              false)).body().get("i");
          assertThat(seen[global]).as("arrival %d sent twice", global).isFalse();
          seen[global] = true;
          sharded[global] = offsets[k];
        }
        for (int k = 1; k < offsets.length; k++) assertThat(offsets[k]).isGreaterThanOrEqualTo(offsets[k - 1]);
      }
      assertThat(sharded).as("trial %d: %d shards of %d arrivals", trial, count, n).isEqualTo(single);
    }
  }

  private static PreparedRequest indexed(RequestBuilder.Context ctx) {
    return new PreparedRequest("/v1/completions", Map.of("i", ctx.requestIndex()), false);
  }
}
