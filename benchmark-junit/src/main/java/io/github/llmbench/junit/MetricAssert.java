package io.github.llmbench.junit;

import java.time.Duration;
import java.util.Locale;
import org.assertj.core.api.AbstractAssert;

/**
 * Bounds on one figure of one step. Failure messages name the step, the metric, the bound and the measured value:
 * {@code Expected p99 latency of step <baseline> to be less than <2.000 s> but was <2.345 s>}.
 */
public class MetricAssert extends AbstractAssert<MetricAssert, Double> {
  /** The unit a figure is measured in. */
  public enum Unit {
    SECONDS(" s"),
    TOKENS_PER_SECOND(" tok/s");

    private final String suffix;

    Unit(String suffix) {
      this.suffix = suffix;
    }
  }

  private final String step;
  private final String metric;
  private final Unit unit;

  MetricAssert(String step, String metric, double value, Unit unit) {
    super(value, MetricAssert.class);
    this.step = step;
    this.metric = metric;
    this.unit = unit;
  }

  public MetricAssert isLessThan(Duration bound) {
    return isLessThan(seconds(bound));
  }

  public MetricAssert isLessThanOrEqualTo(Duration bound) {
    return isAtMost(seconds(bound));
  }

  public MetricAssert isGreaterThan(Duration bound) {
    return isGreaterThan(seconds(bound));
  }

  public MetricAssert isLessThan(double bound) {
    if (!(actual < bound)) fail("less than", bound);
    return this;
  }

  public MetricAssert isGreaterThan(double bound) {
    if (!(actual > bound)) fail("greater than", bound);
    return this;
  }

  public MetricAssert isAtLeast(double bound) {
    if (!(actual >= bound)) fail("at least", bound);
    return this;
  }

  public MetricAssert isAtMost(double bound) {
    if (!(actual <= bound)) fail("at most", bound);
    return this;
  }

  public MetricAssert isBetween(double low, double high) {
    if (!(actual >= low && actual <= high)) {
      failWithMessage("Expected %s of step <%s> to be between <%s> and <%s> but was <%s>", metric, step, format(low),
          format(high), format(actual));
    }
    return this;
  }

  private void fail(String relation, double bound) {
    failWithMessage("Expected %s of step <%s> to be %s <%s> but was <%s>", metric, step, relation, format(bound),
        format(actual));
  }

  private String format(double value) {
    String digits = unit == Unit.SECONDS ? "%.3f" : "%.1f";
    return String.format(Locale.ROOT, digits, value) + unit.suffix;
  }

  private double seconds(Duration bound) {
    if (unit != Unit.SECONDS) {
      throw new IllegalArgumentException("bound (" + bound + ") is a duration but " + metric + " is in tokens/s");
    }
    return bound.toNanos() / 1e9;
  }
}
