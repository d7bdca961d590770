package io.github.llmbench.api;

/**
 * How many requests each step of a preset sends, as a multiplier of the step's base count
 * (the unified script's {@code --quick}, default and {@code --thorough}).
 */
public enum Intensity {
  /** 0.5x requests: fast validation, CI. */
  QUICK(0.5),
  /** 1x requests: standard benchmarking. */
  STANDARD(1.0),
  /** 3x requests: production capacity planning. */
  THOROUGH(3.0);

  private final double multiplier;

  Intensity(double multiplier) {
    this.multiplier = multiplier;
  }

  public double multiplier() {
    return multiplier;
  }

  /** Scales a base request count the way the script does: {@code int(base * m)}, truncated toward zero. */
  public int scale(int base) {
    return (int) (base * multiplier);
  }
}
