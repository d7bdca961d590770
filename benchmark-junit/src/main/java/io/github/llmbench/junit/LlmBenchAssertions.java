package io.github.llmbench.junit;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.CapacitySearch;
import io.github.llmbench.api.StepResult;
import org.assertj.core.api.Assertions;

/**
 * Entry point for llmbench's AssertJ assertions; extends {@link Assertions} so one static import serves both.
 *
 * <pre>{@code
 * assertThat(result).step("baseline").latencyP99().isLessThan(Duration.ofSeconds(2));
 * assertThat(result).hasNoStepFailingAtOrBelowConcurrency(50);
 * }</pre>
 */
public class LlmBenchAssertions extends Assertions {
  protected LlmBenchAssertions() {}

  public static BenchmarkResultAssert assertThat(BenchmarkResult actual) {
    return new BenchmarkResultAssert(actual);
  }

  public static StepResultAssert assertThat(StepResult actual) {
    return new StepResultAssert(actual);
  }

  public static CapacityEstimateAssert assertThat(CapacitySearch.Estimate actual) {
    return new CapacityEstimateAssert(actual);
  }
}
