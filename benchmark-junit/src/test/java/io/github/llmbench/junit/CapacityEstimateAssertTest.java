package io.github.llmbench.junit;

import static io.github.llmbench.junit.LlmBenchAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.CapacitySearch;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CapacityEstimateAssertTest {
  private static CapacitySearch.Estimate estimate(double boundary, double surely, CapacitySearch.Estimate.End end) {
    return new CapacitySearch.Estimate(CapacitySearch.Axis.CONCURRENCY, 0.95, 0.95, List.of(),
        OptionalDouble.of(boundary),
        OptionalDouble.of(surely), OptionalDouble.of(boundary + 3), CapacitySearch.Estimate.Shape.SMOOTH, end, 9, 2000);
  }

  @Test
  void aGatePassesOnlyOnWhatSurelyMetTheTarget() {
    assertThat(estimate(42, 39, CapacitySearch.Estimate.End.CONVERGED)).converged().sustainsAtLeast(39);
    assertThatThrownBy(() -> assertThat(estimate(42, 39, CapacitySearch.Estimate.End.CONVERGED)).sustainsAtLeast(40))
        .hasMessage("Expected a capacity of at least <40> surely meeting the target but the search found: "
            + "42 concurrent (95 % CI 39\u201344), smooth boundary; converged after 9 probes, 2000 requests");
    assertThatThrownBy(() -> assertThat(estimate(42, 39, CapacitySearch.Estimate.End.PROBE_LIMIT)).converged())
        .hasMessageStartingWith("Expected the capacity search to converge but it ended: 42 concurrent")
        .hasMessageContaining("probe limit after 9 probes");
  }
}
