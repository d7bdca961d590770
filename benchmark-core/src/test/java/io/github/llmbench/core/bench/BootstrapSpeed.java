package io.github.llmbench.core.bench;

import io.github.llmbench.core.stats.Bootstrap;
import io.github.llmbench.core.stats.QuantileRule;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * How long {@link Bootstrap#quantile} takes with the default 2,000 resamples: the speed its Javadoc promises ("a
 * few tens of milliseconds" for 5,000 samples), measured here rather than asserted in a test, because a wall-clock
 * budget in {@code mvn verify} fails on a loaded machine and says nothing about correctness (BootstrapTest checks
 * that). Not a test: no assertions, machine-dependent.
 *
 * <p>Draws an Exponential(1) sample of {@code --samples} values (seeded), warms the JIT with {@code --repeat}
 * untimed intervals, then times {@code --repeat} more of the p99 interval (SCRIPT_LOWER) and prints
 * {@code RESULT samples=... resamples=... best_ms=... median_ms=... max_ms=...}. From the repository root:
 * <pre>
 * mvn -q -pl benchmark-core test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/core-cp.txt -Dmdep.includeScope=test
 * java -cp benchmark-core/target/classes:benchmark-core/target/test-classes:$(cat /tmp/core-cp.txt) \
 *     io.github.llmbench.core.bench.BootstrapSpeed [--samples 5000] [--repeat 5]
 * </pre>
 */
public final class BootstrapSpeed {
  private BootstrapSpeed() {}

  public static void main(String[] args) {
    int samples = 5000;
    int repeat = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--samples" -> samples = Integer.parseInt(args[++i]);
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: BootstrapSpeed [--samples N] [--repeat R]");
      }
    }
    double[] sample = new Random(8).doubles(samples).map(u -> -Math.log(1 - u)).toArray();
    Bootstrap bootstrap = Bootstrap.ofDefaults();
    for (int i = 0; i < repeat; i++) bootstrap.quantile(sample, 99, QuantileRule.SCRIPT_LOWER); // JIT warm-up
    double[] tookMillis = new double[repeat];
    for (int i = 0; i < repeat; i++) {
      long startNanos = System.nanoTime();
      bootstrap.quantile(sample, 99, QuantileRule.SCRIPT_LOWER);
      tookMillis[i] = (System.nanoTime() - startNanos) / 1e6;
    }
    Arrays.sort(tookMillis);
    System.out.printf(Locale.ROOT, "RESULT samples=%d resamples=%d best_ms=%.3f median_ms=%.3f max_ms=%.3f%n",
        samples, bootstrap.resamples(), tookMillis[0], tookMillis[repeat / 2], tookMillis[repeat - 1]);
  }
}
