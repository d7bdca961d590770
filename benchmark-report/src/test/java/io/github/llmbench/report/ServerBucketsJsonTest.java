package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.ServerMetrics;
import io.github.llmbench.api.StepResult;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Server percentiles in the result JSON: the bucket each lies in, written and read back, old files included. */
class ServerBucketsJsonTest {
  @Test
  void bucketsRoundTripWithTheLastBucketOpenAbove() throws Exception {
    BenchmarkResult r = MeasuredFixtures.measured();
    String json = ReportFormats.toString(r, ReportFormats.json());
    assertThat(json).contains("\"p50_bucket_sec\"", "\"upper\": null").doesNotContain("p50_estimated_sec");
    BenchmarkResult back = JsonReports.read(new StringReader(json));
    assertThat(back).isEqualTo(r);
    ServerMetrics.LatencyEstimate e2e = serverE2e(back);
    assertThat(e2e.p50()).isEqualTo(new ServerMetrics.BucketRange(0.5, 0.8));
    assertThat(e2e.p99().hasUpper()).isFalse();
  }

  @Test
  void aFileWithInterpolatedPointsReadsThemAsTheZeroWidthRangeTheyClaimed() throws Exception {
    String json = ReportFormats.toString(MeasuredFixtures.measured(), ReportFormats.json())
        .replaceAll("\"p50_bucket_sec\": \\{[^}]*\\}", "\"p50_estimated_sec\": 0.65")
        .replaceAll("\"p99_bucket_sec\": \\{[^}]*\\}", "\"p99_estimated_sec\": 12.5");
    assertThat(json).doesNotContain("_bucket_sec");
    ServerMetrics.LatencyEstimate e2e = serverE2e(JsonReports.read(new StringReader(json)));
    assertThat(e2e.p50()).isEqualTo(new ServerMetrics.BucketRange(0.65, 0.65));
    assertThat(e2e.p99()).isEqualTo(new ServerMetrics.BucketRange(12.5, 12.5));
  }

  private static ServerMetrics.LatencyEstimate serverE2e(BenchmarkResult r) {
    return r.steps().stream().map(StepResult::measurement).flatMap(m -> m.serverMetrics().stream())
        .flatMap(m -> m.endToEnd().stream()).findFirst().orElseThrow();
  }
}
