package io.github.llmbench.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Faults the simulator injects on generation requests ({@code /v1/chat/completions}, {@code /v1/completions}), so a
 * client's error handling can be tested against a known truth. All faults are off by default ({@link #none()}).
 *
 * <p>Each request draws its faults from a random generator seeded with {@link SimulatorConfig#seed()} and the
 * request's id (ids count up from 1 in arrival order), so a run is reproducible. Rates are probabilities in
 * {@code [0, 1]}; {@code 1.0} hits every request. When several faults are drawn, an error wins over a drop, and a
 * drop wins over a malformed body; stalls combine with the others. Fault durations are wall-clock time and are
 * <em>not</em> multiplied by {@link SimulatorConfig#timeScale()}.
 *
 * @param errorRate fraction of requests answered at once with HTTP 500 and a vLLM error body
 *     ({@code "type":"InternalServerError"})
 * @param malformedRate fraction of requests answered with HTTP 200 but broken JSON (a truncated body, or one
 *     truncated event in the middle of a stream)
 * @param dropRate fraction of requests whose connection is closed half-way through the response body
 * @param slowFirstByte delay added before the status line of every accepted generation response and of injected
 *     errors (zero = off); rejections and validation errors stay immediate
 * @param stallRate fraction of responses that pause half-way through the body for {@code stallDuration}
 * @param stallDuration how long a stalled response pauses
 * @param omitUsage when true, no {@code usage} appears in bodies, and streams send no usage chunk
 */
public record FaultConfig(
    double errorRate,
    double malformedRate,
    double dropRate,
    Duration slowFirstByte,
    double stallRate,
    Duration stallDuration,
    boolean omitUsage) {

  private static final FaultConfig NONE = new FaultConfig(0, 0, 0, Duration.ZERO, 0, Duration.ofSeconds(1), false);

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException if a rate is outside {@code [0, 1]} or a duration is negative
   * @throws NullPointerException if a duration is null
   */
  public FaultConfig {
    checkRate("errorRate", errorRate);
    checkRate("malformedRate", malformedRate);
    checkRate("dropRate", dropRate);
    checkRate("stallRate", stallRate);
    checkDuration("slowFirstByte", slowFirstByte);
    checkDuration("stallDuration", stallDuration);
  }

  /** @return the configuration with every fault off */
  public static FaultConfig none() {
    return NONE;
  }

  /** @return a builder starting from {@link #none()} */
  public static Builder builder() {
    return new Builder(NONE);
  }

  /** @return a builder starting from this configuration */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** @return true when at least one fault can happen */
  public boolean anyEnabled() {
    return errorRate > 0 || malformedRate > 0 || dropRate > 0 || !slowFirstByte.isZero() || stallRate > 0
        || omitUsage;
  }

  private static void checkRate(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s (%s) should be between 0 and 1", name, value));
    }
  }

  static void checkDuration(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " (" + value + ") should not be negative");
    }
  }

  /** Mutable builder; {@link #build()} validates and returns an immutable {@link FaultConfig}. */
  public static final class Builder {
    private double errorRate;
    private double malformedRate;
    private double dropRate;
    private Duration slowFirstByte;
    private double stallRate;
    private Duration stallDuration;
    private boolean omitUsage;

    private Builder(FaultConfig from) {
      errorRate = from.errorRate;
      malformedRate = from.malformedRate;
      dropRate = from.dropRate;
      slowFirstByte = from.slowFirstByte;
      stallRate = from.stallRate;
      stallDuration = from.stallDuration;
      omitUsage = from.omitUsage;
    }

    /** @param rate fraction of requests answered with HTTP 500 @return this builder */
    public Builder errorRate(double rate) {
      this.errorRate = rate;
      return this;
    }

    /** @param rate fraction of requests answered with broken JSON @return this builder */
    public Builder malformedRate(double rate) {
      this.malformedRate = rate;
      return this;
    }

    /** @param rate fraction of responses whose connection is dropped mid-body @return this builder */
    public Builder dropRate(double rate) {
      this.dropRate = rate;
      return this;
    }

    /** @param delay pause before every generation response's status line @return this builder */
    public Builder slowFirstByte(Duration delay) {
      this.slowFirstByte = delay;
      return this;
    }

    /** @param rate fraction of responses that stall half-way @return this builder */
    public Builder stallRate(double rate) {
      this.stallRate = rate;
      return this;
    }

    /** @param duration how long a stall lasts (default 1 s) @return this builder */
    public Builder stallDuration(Duration duration) {
      this.stallDuration = duration;
      return this;
    }

    /** @param omit whether to leave usage out of bodies and streams @return this builder */
    public Builder omitUsage(boolean omit) {
      this.omitUsage = omit;
      return this;
    }

    /**
     * @return a validated, immutable configuration
     * @throws IllegalArgumentException if a field is out of range
     */
    public FaultConfig build() {
      return new FaultConfig(errorRate, malformedRate, dropRate, slowFirstByte, stallRate, stallDuration, omitUsage);
    }
  }
}
