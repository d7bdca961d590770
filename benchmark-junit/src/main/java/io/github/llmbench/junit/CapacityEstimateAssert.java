package io.github.llmbench.junit;

import io.github.llmbench.api.CapacitySearch;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a capacity search's answer, for a JUnit capacity gate:
 *
 * <pre>{@code
 * assertThat(LlmBench.search(CapacitySearches.benchmark(search, slo, chat).target(t).build())).converged().sustainsAtLeast(32);
 * }</pre>
 */
public class CapacityEstimateAssert extends AbstractAssert<CapacityEstimateAssert, CapacitySearch.Estimate> {
  public CapacityEstimateAssert(CapacitySearch.Estimate actual) {
    super(actual, CapacityEstimateAssert.class);
  }

  /**
   * The highest load that <em>surely</em> met the target (the lower end of the answer's interval) is at least
   * {@code load}: a gate that a lucky probe cannot pass.
   */
  public CapacityEstimateAssert sustainsAtLeast(double load) {
    isNotNull();
    if (actual.lowerBound().isEmpty() || actual.lowerBound().getAsDouble() < load) {
      failWithMessage("Expected a capacity of at least <%s> surely meeting the target but the search found: %s",
          CapacitySearch.Estimate.formatLevel(load), actual.describe());
    }
    return this;
  }

  /** The search ended by converging, not by a bound, a stop or the ends of its range. */
  public CapacityEstimateAssert converged() {
    isNotNull();
    if (actual.end() != CapacitySearch.Estimate.End.CONVERGED) {
      failWithMessage("Expected the capacity search to converge but it ended: %s", actual.describe());
    }
    return this;
  }
}
