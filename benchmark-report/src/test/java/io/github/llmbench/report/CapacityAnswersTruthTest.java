package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.api.Status;
import io.github.llmbench.api.StepResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The capacity answers claim nothing that steps without a successful request could have changed, and "no step
 * fails" is never said of a run where requests failed.
 */
class CapacityAnswersTruthTest {
  private static StepResult step(String name, int concurrency, int sent, int ok, double p99, Status status) {
    return Fixtures.step("SCALING", name, concurrency, sent, ok, p99 / 2, p99, p99, ok == 0 ? 1 : p99, ok * 100L,
        ok * 50L, ok == 0 ? 1 : p99 * 1.1, Fixtures.hdr(ok, p99 / 3, p99 / 2, 0, p99 / 2, p99, p99, p99, p99, p99),
        ok == sent ? Map.of() : Map.of("connection_refused", sent - ok), status, status.name());
  }

  private static String answers(StepResult... steps) {
    BenchmarkResult r = new BenchmarkResult("t", "http://127.0.0.1:9", "m", Map.of(), Map.of(), Instant.EPOCH,
        Instant.EPOCH, List.of(new BenchmarkResult.PhaseResult("SCALING", List.of(steps), "")),
        io.github.llmbench.api.BenchmarkResult.AbortReason.NONE, 0, Optional.empty());
    String text = ReportFormats.toString(r, ReportFormats.summary());
    return text.substring(text.indexOf("Capacity answers")).replaceAll("\\s+", " ");
  }

  @Test
  void stepsWhereNothingSucceededAnswerNotMeasured() {
    String text = answers(step("scale_5", 5, 10, 0, 0, Status.FAILING), step("scale_10", 10, 20, 0, 0, Status.FAILING));
    assertThat(text).doesNotContain("stays within", "keeps growing", "no step fails", "no request fails")
        .contains("sustains none of the loads tested", "latency growth not measured", "throughput growth not measured",
            "peak not measured", "requests fail from c=5 (0.0 % success)");
  }

  @Test
  void aLaterStepWithoutSuccessesQualifiesTheOtherAnswers() {
    String text = answers(step("scale_5", 5, 10, 10, 1.0, Status.OK), step("scale_10", 10, 20, 20, 1.2, Status.OK),
        step("scale_25", 25, 50, 0, 0, Status.FAILING));
    assertThat(text).contains("latency stays within 2x the first step's p99 where measured (no request succeeded in "
        + "scale_25)").contains("sustains c=10 at p99 1.200 s (scale_10, OK)");
  }

  @Test
  void aFailedRequestIsNeverSummedUpAsNoStepFailing() {
    String text = answers(step("scale_5", 5, 40, 40, 1.0, Status.OK), step("scale_10", 10, 40, 39, 1.2, Status.OK));
    assertThat(text).doesNotContain("no step fails", "no request fails")
        .contains("no step below 95 % success, though 1 of 80 requests failed");
    String clean = answers(step("scale_5", 5, 40, 40, 1.0, Status.OK), step("scale_10", 10, 40, 40, 1.2, Status.OK));
    assertThat(clean).contains("no request fails");
  }
}
