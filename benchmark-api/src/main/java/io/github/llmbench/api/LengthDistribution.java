package io.github.llmbench.api;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A distribution of token counts (prompt or output lengths), drawn per request from its seed and index only, so
 * the same request gets the same length in every run and on every shard. Immutable and thread-safe.
 *
 * <pre>{@code
 * LengthDistribution.fixed(200)
 * LengthDistribution.uniform(100, 1000)           // every value from 100 to 1000 equally likely
 * LengthDistribution.normal(500, 100, 200, 800)   // a normal truncated to [200, 800]
 * }</pre>
 */
public sealed interface LengthDistribution
    permits LengthDistribution.Fixed, LengthDistribution.Uniform, LengthDistribution.Normal {

  /** The length of request {@code index} for this seed: always within {@code [min(), max()]}. */
  int sample(long seed, long index);

  /** The smallest length it gives. */
  int min();

  /** The largest length it gives. */
  int max();

  /** Its mean: what a step's request shape reports. */
  double mean();

  /** The command line's spelling: {@code 200}, {@code uniform:100:1000}, {@code normal:500:100:200:800}. */
  String spec();

  /** @throws IllegalArgumentException if {@code tokens} is not positive */
  static LengthDistribution fixed(int tokens) {
    return new Fixed(tokens);
  }

  /** Every integer in {@code [min, max]} equally likely. @throws IllegalArgumentException unless 1 <= min <= max */
  static LengthDistribution uniform(int min, int max) {
    return new Uniform(min, max);
  }

  /**
   * A normal of this mean and standard deviation, rounded to integers and truncated to {@code [min, max]} by
   * drawing again (so its mean stays {@code mean} when the bounds are symmetric about it).
   *
   * @throws IllegalArgumentException unless {@code 1 <= min <= mean <= max} and {@code stddev >= 0}
   */
  static LengthDistribution normal(double mean, double stddev, int min, int max) {
    return new Normal(mean, stddev, min, max);
  }

  /** The same length for every request. */
  record Fixed(int tokens) implements LengthDistribution {
    public Fixed {
      Checks.positive("tokens", tokens);
    }

    @Override
    public int sample(long seed, long index) {
      return tokens;
    }

    @Override
    public int min() {
      return tokens;
    }

    @Override
    public int max() {
      return tokens;
    }

    @Override
    public double mean() {
      return tokens;
    }

    @Override
    public String spec() {
      return String.valueOf(tokens);
    }
  }

  /** Every integer in {@code [min, max]} equally likely. */
  record Uniform(int min, int max) implements LengthDistribution {
    public Uniform {
      Checks.positive("min", min);
      if (max < min) throw new IllegalArgumentException("max (" + max + ") should be at least min (" + min + ")");
    }

    @Override
    public int sample(long seed, long index) {
      return min + SeededDraws.random(seed, index).nextInt(max - min + 1);
    }

    @Override
    public double mean() {
      return (min + (double) max) / 2;
    }

    @Override
    public String spec() {
      return "uniform:" + min + ":" + max;
    }
  }

  /** A normal rounded to integers and truncated to {@code [min, max]} by drawing again. */
  record Normal(double mean, double stddev, int min, int max) implements LengthDistribution {
    /** Draws before giving up on the tail and taking the bound nearest to the mean's side. */
    private static final int MAX_DRAWS = 64;

    public Normal {
      if (!Double.isFinite(mean)) throw new IllegalArgumentException("mean (" + mean + ") should be finite");
      if (!(stddev >= 0) || !Double.isFinite(stddev)) {
        throw new IllegalArgumentException("stddev (" + stddev + ") should be a finite number >= 0");
      }
      Checks.positive("min", min);
      if (max < min) throw new IllegalArgumentException("max (" + max + ") should be at least min (" + min + ")");
      if (mean < min || mean > max) {
        throw new IllegalArgumentException("mean (" + mean + ") should be within [min, max] ([" + min + ", " + max + "])");
      }
    }

    @Override
    public int sample(long seed, long index) {
      SplittableRandom random = SeededDraws.random(seed, index);
      for (int i = 0; i < MAX_DRAWS; i++) {
        long v = Math.round(mean + stddev * random.nextGaussian());
        if (v >= min && v <= max) return (int) v;
      }
      return (int) Math.max(min, Math.min(max, Math.round(mean)));
    }

    /** The configured mean (the truncated distribution's own mean differs when the bounds are asymmetric). */
    @Override
    public double mean() {
      return mean;
    }

    @Override
    public String spec() {
      return String.format(Locale.ROOT, "normal:%s:%s:%d:%d", num(mean), num(stddev), min, max);
    }

    private static String num(double v) {
      return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
  }
}
