package io.github.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.Target;
import io.github.llmbench.simulator.RequestTrace;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A reasoning model and tool calls end to end over loopback, against the simulator acting as one: the client's time
 * to first token and to first output token against the simulator's own timestamps of the same tokens (same JVM,
 * {@code System.nanoTime}), and the step's reasoning figures against what the simulator generated.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ClientSettings.TransportKind.class)
@Timeout(60)
class ReasoningStreamTest {
  @Parameter
  ClientSettings.TransportKind transport;

  private static final int TOKENS = 12;
  private static final int REASONING = 5;
  private static final Map<String, Object> WEATHER_TOOL = Map.of("type", "function", "function",
      Map.of("name", "get_weather", "parameters", Map.of("type", "object")));

  private InMemorySink run(SimulatedLlmServer server, int requests, RequestBuilder request) {
    InMemorySink sink = new InMemorySink();
    BenchmarkRunner.builder().addSink(sink).abortWhenUnreachable(false).build().run(Benchmark.builder()
        .transport(transport).name("reasoning").target(Target.of(server.baseUrl(), server.model())).stream(true)
        .phases(Phase.of("P", Step.of("s", Load.concurrency(1), requests, request))).build());
    return sink;
  }

  /**
   * The gap between the first token and the first output token, as the client read it, is the gap between the
   * engine's making of those two tokens: each side's delay (engine to socket, socket to read) cancels out but for
   * its jitter.
   */
  @Test
  void timeToFirstOutputTokenMatchesTheSimulatorsOwnTimestamps() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(StreamingTest.sim().reasoningTokens(REASONING).build())) {
      InMemorySink sink = run(server, 8, RequestBuilders.chat("What is 17 times 23?", TOKENS));
      List<RequestTrace> traces = server.statistics().requests();
      List<RequestOutcome> outcomes = sink.outcomes();
      assertThat(outcomes).hasSize(8).allMatch(RequestOutcome::success);
      long[] differences = new long[outcomes.size()];
      for (int i = 0; i < outcomes.size(); i++) {
        RequestOutcome o = outcomes.get(i); // concurrency 1: outcome i is the server's request i
        RequestTrace t = traces.get(i);
        RequestOutcome.StreamTiming timing = o.streamTiming();
        assertThat(t.reasoningTokens()).isEqualTo(REASONING);
        // vLLM 0.11 reports no reasoning tokens in its usage: they are counted from the chunks, one token each here.
        assertThat(o.reasoning()).isEqualTo(new RequestOutcome.Reasoning(REASONING, true, true, true));
        assertThat(timing.contentChunks()).isEqualTo(TOKENS);
        long serverTtft = t.firstTokenNanos() - t.arrivalNanos();
        long serverFirstOutput = t.firstOutputNanos() - t.arrivalNanos();
        assertThat(timing.ttftNanos()).isGreaterThanOrEqualTo(serverTtft);
        assertThat(timing.firstOutputNanos()).isGreaterThanOrEqualTo(serverFirstOutput);
        // Five engine steps of about 5 ms separate the first reasoning token from the first output token.
        assertThat(serverFirstOutput - serverTtft).isGreaterThanOrEqualTo(Duration.ofMillis(REASONING * 4).toNanos());
        differences[i] = Math.abs((timing.firstOutputNanos() - timing.ttftNanos()) - (serverFirstOutput - serverTtft));
      }
      Arrays.sort(differences);
      assertThat(differences[differences.length / 2]).as("median |client gap - server gap| in ns")
          .isLessThan(Duration.ofMillis(2).toNanos());
      assertThat(differences[differences.length - 1]).as("largest |client gap - server gap| in ns")
          .isLessThan(Duration.ofMillis(20).toNanos());

      StepStatistics.ReasoningFigures r = sink.steps().get(0).statistics().measured().reasoning().orElseThrow();
      assertThat(r.requests()).isEqualTo(8);
      assertThat(r.reasoningTokens()).isEqualTo(8L * REASONING);
      assertThat(r.answerTokens()).isEqualTo(8L * (TOKENS - REASONING));
      assertThat(r.tokensEstimated()).isTrue();
      assertThat(r.unanswered()).isZero();
      assertThat(r.firstOutput().count()).isEqualTo(8);
      assertThat(r.firstOutput().p50Sec())
          .isGreaterThan(sink.steps().get(0).statistics().measured().stream().orElseThrow().ttft().p50Sec());
      assertThat(sink.steps().get(0).statistics().measured().samples().orElseThrow().firstOutputNanos()).hasSize(8);
    }
  }

  @Test
  void reasoningThatUsesUpMaxTokensLeavesTheRequestUnansweredAndNamed() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(StreamingTest.sim().reasoningTokens(50).build())) {
      InMemorySink sink = run(server, 3, RequestBuilders.chat("Think hard", 6));
      assertThat(sink.outcomes()).hasSize(3).allSatisfy(o -> {
        assertThat(o.success()).isTrue(); // the server did what it was asked: a result to count, not a failure
        assertThat(o.reasoning()).isEqualTo(new RequestOutcome.Reasoning(6, true, false, true));
        assertThat(o.streamTiming().firstOutputNanos()).isEqualTo(RequestOutcome.StreamTiming.NO_OUTPUT);
      });
      StepStatistics.ReasoningFigures r = sink.steps().get(0).statistics().measured().reasoning().orElseThrow();
      assertThat(r.unanswered()).isEqualTo(3);
      assertThat(r.unansweredAtLimit()).isEqualTo(3);
      assertThat(r.answerTokens()).isZero();
      assertThat(r.unansweredIds()).containsExactlyElementsOf(sink.outcomes().stream()
          .sorted(java.util.Comparator.comparingInt(RequestOutcome::requestIndex)).map(RequestOutcome::requestId)
          .toList()).allMatch(id -> id.endsWith("-s-0") || id.endsWith("-s-1") || id.endsWith("-s-2"));
      assertThat(r.firstOutput().count()).isZero();
    }
  }

  /** Current vLLM (0.16 and later) sends the thinking in {@code delta.reasoning} alone: read the same. */
  @Test
  void currentVllmsReasoningFieldIsReadAsTheOlderOne() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(StreamingTest.sim().reasoningTokens(REASONING)
        .reasoningField("reasoning").build())) {
      InMemorySink sink = run(server, 3, RequestBuilders.chat("What is 17 times 23?", TOKENS));
      assertThat(sink.outcomes()).hasSize(3).allSatisfy(o -> {
        assertThat(o.reasoning()).isEqualTo(new RequestOutcome.Reasoning(REASONING, true, true, true));
        assertThat(o.streamTiming().firstOutputNanos()).isGreaterThan(o.streamTiming().ttftNanos());
      });
    }
  }

  @Test
  void thinkingTurnedOffInTheRequestGivesNoReasoning() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(StreamingTest.sim().reasoningTokens(REASONING).build())) {
      InMemorySink sink = run(server, 2, RequestBuilders.chat("Hi", TOKENS)
          .extraBody(Map.of("chat_template_kwargs", Map.of("enable_thinking", false))));
      assertThat(sink.outcomes()).hasSize(2).allSatisfy(o -> {
        assertThat(o.success()).isTrue();
        assertThat(o.reasoning()).isNull();
        assertThat(o.streamTiming().firstOutputNanos()).isEqualTo(o.streamTiming().ttftNanos());
      });
      assertThat(sink.steps().get(0).statistics().measured().reasoning()).isEmpty();
      assertThat(server.statistics().requests()).allMatch(t -> t.reasoningTokens() == 0);
    }
  }

  /** A tool call's deltas are the output: its name chunk is the first output token, its argument pieces the rest. */
  @Test
  void aStreamedToolCallIsOutputAfterTheReasoning() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(StreamingTest.sim().reasoningTokens(REASONING).build())) {
      InMemorySink sink = run(server, 3, RequestBuilders.chat("Weather in Paris?", TOKENS)
          .extraBody(Map.of("tools", List.of(WEATHER_TOOL))));
      List<RequestTrace> traces = server.statistics().requests();
      assertThat(sink.outcomes()).hasSize(3);
      for (int i = 0; i < 3; i++) {
        RequestOutcome o = sink.outcomes().get(i);
        RequestTrace t = traces.get(i);
        assertThat(o.success()).as(o.failureDetail()).isTrue();
        assertThat(o.completionTokens()).isEqualTo(TOKENS);
        assertThat(o.streamTiming().contentChunks()).isEqualTo(TOKENS);
        assertThat(o.reasoning()).isEqualTo(new RequestOutcome.Reasoning(REASONING, true, true, false));
        assertThat(o.streamTiming().firstOutputNanos()).isGreaterThanOrEqualTo(t.firstOutputNanos() - t.arrivalNanos());
      }
    }
  }

  @Test
  void aToolCallWithoutReasoningIsOutputFromItsFirstChunk() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(StreamingTest.sim().build())) {
      InMemorySink sink = run(server, 2, RequestBuilders.chat("Weather in Paris?", TOKENS)
          .extraBody(Map.of("tools", List.of(WEATHER_TOOL), "tool_choice", "auto")));
      assertThat(sink.outcomes()).hasSize(2).allSatisfy(o -> {
        assertThat(o.success()).as(o.failureDetail()).isTrue();
        assertThat(o.reasoning()).isNull();
        assertThat(o.streamTiming().contentChunks()).isEqualTo(TOKENS);
        assertThat(o.streamTiming().interTokenGapsNanos()).hasSize(TOKENS - 1);
        assertThat(o.streamTiming().firstOutputNanos()).isEqualTo(o.streamTiming().ttftNanos());
      });
    }
  }
}
