package io.github.llmbench.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.ConfidenceInterval;
import io.github.llmbench.api.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RulesJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aMissingBoundIsWrittenAsNullAndReadBackAsInfinite() throws Exception {
    ConfidenceInterval noLower = new ConfidenceInterval(2.49, Double.NEGATIVE_INFINITY, 3.1, 0.95,
        ConfidenceInterval.Method.ORDER_STATISTICS);
    Verdict.RuleDecision d = new Verdict.RuleDecision("p99 ratio", Verdict.RuleDecision.Comparison.GREATER_THAN, 2.0,
        2.49,
        Optional.of(noLower), 10, OptionalLong.of(437));

    String text = JSON.writeValueAsString(RulesJson.write(List.of(d)));
    JsonNode node = JSON.readTree(text);
    assertThat(node.get(0).get("firmness").asText()).isEqualTo("unbounded");
    assertThat(node.get(0).get("interval").get("lower").isNull()).isTrue();
    assertThat(node.get(0).get("interval").get("upper").asDouble()).isEqualTo(3.1);
    assertThat(node.get(0).get("interval").get("method").asText()).isEqualTo("order_statistics");

    List<Verdict.RuleDecision> back = RulesJson.read(node, "rules");
    assertThat(back).containsExactly(d);
    assertThat(back.get(0).firmness()).isEqualTo(Verdict.RuleDecision.Firmness.UNBOUNDED);
  }

  @Test
  void aFileFromBeforeReadsAsItWasWritten() throws Exception {
    JsonNode node = JSON.readTree("[{\"metric\":\"p99 ratio\",\"comparison\":\">\",\"threshold\":2.0,"
        + "\"observed\":2.491,\"fired\":true,\"margin\":0.491,\"firmness\":\"firm\",\"interval\":{\"estimate\":2.491,"
        + "\"lower\":2.486,\"upper\":2.492,\"level\":0.95,\"method\":\"percentile_bootstrap\"},\"sample_size\":10,"
        + "\"requests_for_firm_answer\":10}]");
    Verdict.RuleDecision d = RulesJson.read(node, "rules").get(0);
    assertThat(d.interval().orElseThrow().lower()).isEqualTo(2.486);
    assertThat(d.interval().orElseThrow().method()).isEqualTo(ConfidenceInterval.Method.PERCENTILE_BOOTSTRAP);
    assertThat(d.requestsForFirmAnswer()).hasValue(10);
  }
}
