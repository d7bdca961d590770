package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.StatusPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's legend comes from the rules of the status policy that ran, not from fixed numbers. */
class PolicyLegendTest {
  @Test
  void theLegendPrintsThePolicysOwnThresholds() {
    BenchmarkResult r = Fixtures.unifiedRun();
    Map<String, String> settings = new LinkedHashMap<>(r.settings());
    for (StatusPolicy.Rule rule : StatusPolicy.unified().minSuccessRate(0.99).latencyFactor(3).rules()) {
      settings.put("status_rule." + rule.status().name(), rule.when());
    }
    BenchmarkResult strict = new BenchmarkResult(r.name(), r.baseUrl(), r.model(), settings, r.environment(),
        r.startedAt(), r.finishedAt(), r.phases(), r.abortReason(), r.sinkFailures(), r.preflight());
    String md = ReportFormats.toString(strict, ReportFormats.markdown());
    assertThat(md).contains("| FAILING | Requests failing | success rate < 0.99 |")
        .contains("| DEGRADED | Latency increased | p99 > 3.0x baseline p99");
  }
}
