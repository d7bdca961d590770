package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilder;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Slo;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.StepStatistics;
import io.github.llmbench.api.StreamStatistics;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.internal.StepAggregator;
import io.github.llmbench.simulator.FaultConfig;
import io.github.llmbench.simulator.RequestTrace;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Streaming end to end over real HTTP: against the simulator, whose own {@link RequestTrace} timestamps (same JVM,
 * {@code System.nanoTime}) bound the client's figures; and against recorded streams of vLLM, TGI and OpenAI.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ClientSettings.TransportKind.class)
@Timeout(60)
class StreamingTest {
  /** Every test here runs against both transports: one conformance suite. */
  @Parameter
  ClientSettings.TransportKind transport;

  private static final int TOKENS = 12;

  static SimulatorConfig.Builder sim() {
    return SimulatorConfig.builder().stepBaseTime(Duration.ofMillis(5)).stepTimePerSequence(Duration.ZERO)
        .prefillTimePerToken(Duration.ZERO);
  }

  InMemorySink run(Benchmark benchmark) {
    InMemorySink sink = new InMemorySink();
    BenchmarkRunner.builder().addSink(sink).abortWhenUnreachable(false).build().run(benchmark);
    return sink;
  }

  Benchmark streaming(String baseUrl, String model, Step step) {
    return Benchmark.builder().transport(transport).name("stream").target(Target.of(baseUrl, model)).stream(true)
        .phases(Phase.of("P", step)).build();
  }

  @ParameterizedTest(name = "chat={0}")
  @CsvSource({"true", "false"})
  void clientTimesAreBoundedByTheServersOwnTimestamps(boolean chat) {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(sim().build())) {
      RequestBuilder request = chat ? RequestBuilders.chat("Hello there", TOKENS)
          : RequestBuilders.completions("Hello there", TOKENS);
      InMemorySink sink = run(streaming(server.baseUrl(), server.model(),
          Step.of("s", Load.concurrency(1), 6, request)));
      List<RequestTrace> traces = server.statistics().requests();
      List<RequestOutcome> outcomes = sink.outcomes();
      assertThat(outcomes).hasSize(6).allMatch(RequestOutcome::success);
      assertThat(traces).hasSize(6);
      for (int i = 0; i < outcomes.size(); i++) {
        RequestOutcome o = outcomes.get(i);  // concurrency 1: outcome i is the server's request i
        RequestTrace t = traces.get(i);
        RequestOutcome.StreamTiming timing = o.streamTiming();
        assertThat(timing).isNotNull();
        assertThat(o.completionTokens()).isEqualTo(TOKENS);
        assertThat(o.usageReported()).isTrue();
        assertThat(timing.contentChunks()).isEqualTo(TOKENS);
        assertThat(timing.interTokenGapsNanos()).hasSize(TOKENS - 1);
        assertThat(timing.tokensEstimated()).isFalse();
        // The client started before the server's arrival and saw the token after the engine made it.
        long serverTtft = t.firstTokenNanos() - t.arrivalNanos();
        assertThat(timing.ttftNanos()).isGreaterThanOrEqualTo(serverTtft);
        assertThat(timing.ttftNanos() - serverTtft).isLessThan(Duration.ofSeconds(2).toNanos());
        // The server records its finish before writing [DONE]; the client's latency ends after reading it.
        assertThat(o.latencyNanos()).isGreaterThanOrEqualTo(t.finishNanos() - t.arrivalNanos());
        assertThat(timing.e2eNanos()).isBetween(timing.ttftNanos(), o.latencyNanos());
        // Eleven more engine steps of about 5 ms separate the first and last content chunks (loose lower bound).
        assertThat(timing.e2eNanos() - timing.ttftNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(11 * 2).toNanos());
      }
      StepStatistics stats = sink.steps().get(0).statistics();
      StreamStatistics stream = stats.measured().stream().orElseThrow();
      assertThat(stream.requests()).isEqualTo(6);
      assertThat(stream.itl().count()).isEqualTo(6L * (TOKENS - 1));
      assertThat(stream.tpot().count()).isEqualTo(6);
      assertThat(stream.ttft().p50Sec()).isLessThanOrEqualTo(stream.e2e().p50Sec());
      assertThat(stream.itl().p50Sec()).isGreaterThanOrEqualTo(0.002); // about 5 ms engine steps
      assertThat(stream.tokensEstimated()).isFalse();
    }
  }

  @Test
  void withoutUsageTheContentChunksAreCountedAndTheStepSaysSo() {
    SimulatorConfig config = sim().faults(FaultConfig.builder().omitUsage(true).build()).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      InMemorySink sink = run(streaming(server.baseUrl(), server.model(),
          Step.of("s", Load.concurrency(2), 4, RequestBuilders.chat("Hi", 7))));
      assertThat(sink.outcomes()).hasSize(4).allSatisfy(o -> {
        assertThat(o.success()).isTrue();
        assertThat(o.usageReported()).isFalse();
        assertThat(o.completionTokens()).isEqualTo(7);
        assertThat(o.streamTiming().tokensEstimated()).isTrue();
      });
      StepStatistics stats = sink.steps().get(0).statistics();
      assertThat(stats.measured().stream().orElseThrow().tokensEstimated()).isTrue();
      assertThat(stats.completionTokens()).isEqualTo(28);
    }
  }

  @Test
  void goodputCountsTheRequestsWithinEveryBound() {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(sim().build())) {
      Benchmark generous = streaming(server.baseUrl(), server.model(), Step.of("s", Load.concurrency(2), 6,
          RequestBuilders.chat("Hi", 5))).toBuilder()
          .slo(Slo.builder().ttft(Duration.ofSeconds(30)).tpot(Duration.ofSeconds(30)).e2e(Duration.ofSeconds(60))
              .build()).build();
      StepStatistics ok = run(generous).steps().get(0).statistics();
      assertThat(ok.measured().goodput().orElseThrow().met()).isEqualTo(6);
      assertThat(ok.measured().goodput().orElseThrow().share()).isEqualTo(1.0);
      assertThat(ok.measured().goodput().orElseThrow().requestsPerSec()).isPositive();
      assertThat(ok.measured().goodput().orElseThrow().slo()).isEqualTo("ttft<=30000ms, tpot<=30000ms, e2e<=60000ms");
      // Five 5 ms steps cannot produce the first token within a microsecond.
      Benchmark strict = generous.toBuilder().slo(Slo.builder().ttft(Duration.ofNanos(1000)).build()).build();
      StepStatistics missed = run(strict).steps().get(0).statistics();
      assertThat(missed.measured().goodput().orElseThrow().met()).isZero();
      assertThat(missed.measured().goodput().orElseThrow().outputTokensPerSec()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "openai-chat-stream-length-usage.sse, 1, 1, true",
      "openai-chat-stream-logprobs-usage.sse, 2, 2, true",
      "tgi-3.x-chat-stream-include-usage.sse, 2, 3, true",
      "vllm-0.11-chat-stream-continuous-usage.sse, 3, 3, true",
      "vllm-0.11-chat-stream-include-usage.sse, 3, 3, true",
      "vllm-0.11-chat-stream.sse, 3, 3, false",
      "vllm-0.11.0-completions-stream.sse, 3, 3, false",
      "vllm-0.11.1-completions-stream-include-usage.sse, 3, 3, true"})
  void readsRecordedServerStreams(String file, int contentChunks, long completionTokens, boolean usage)
      throws IOException {
    String body;
    try (InputStream in = StreamingTest.class.getResourceAsStream("/sse/" + file)) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    RequestOutcome o = streamOne(body);
    assertThat(o.success()).as(o.failureDetail()).isTrue();
    assertThat(o.streamTiming().contentChunks()).isEqualTo(contentChunks);
    assertThat(o.completionTokens()).isEqualTo(completionTokens);
    assertThat(o.usageReported()).isEqualTo(usage);
    assertThat(o.streamTiming().tokensEstimated()).isEqualTo(!usage);
  }

  /**
   * vLLM's reasoning and tool-call streams, rebuilt from its own serving code (see the fixtures' SOURCES.md): the
   * reasoning chunks count as tokens (for TTFT, ITL and the chunk count) but not as output; a tool call's deltas
   * are output; the reasoning tokens come from {@code completion_tokens_details} when vLLM reports them, else from
   * the chunks.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "vllm-chat-stream-reasoning.sse, 17, 21, 10, false, true, false",
      "vllm-chat-stream-reasoning-length.sse, 7, 8, 7, false, false, true",
      "variants/vllm-0.11.1-to-0.15-chat-stream-reasoning.sse, 18, 21, 10, true, true, false",
      "variants/vllm-main-9aaf83ef5-chat-stream-reasoning.sse, 18, 21, 10, true, true, false"})
  void readsReasoningStreams(String file, int contentChunks, long completionTokens, long reasoningTokens,
      boolean counted, boolean answered, boolean atLimit) throws IOException {
    RequestOutcome o = streamOne(resource("/sse/vllm-reasoning-tools/" + file));
    assertThat(o.success()).as(o.failureDetail()).isTrue();
    assertThat(o.streamTiming().contentChunks()).isEqualTo(contentChunks);
    assertThat(o.completionTokens()).isEqualTo(completionTokens);
    RequestOutcome.Reasoning r = o.reasoning();
    assertThat(r).isEqualTo(new RequestOutcome.Reasoning(reasoningTokens, counted, answered, atLimit));
    assertThat(r.answerTokens(o.completionTokens())).isEqualTo(completionTokens - reasoningTokens);
    if (answered) {
      assertThat(o.streamTiming().firstOutputNanos()).isBetween(o.streamTiming().ttftNanos(),
          o.streamTiming().e2eNanos());
    } else {
      assertThat(o.streamTiming().firstOutputNanos()).isEqualTo(RequestOutcome.StreamTiming.NO_OUTPUT);
    }
    StepStatistics.ReasoningFigures step = StepAggregator.aggregate(List.of(o), 1).measured().reasoning()
        .orElseThrow();
    assertThat(step.unanswered()).isEqualTo(answered ? 0 : 1);
    assertThat(step.unansweredAtLimit()).isEqualTo(atLimit ? 1 : 0);
    assertThat(step.unansweredIds()).hasSize(answered ? 0 : 1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "vllm-chat-stream-tool-calls.sse, 9",
      "variants/vllm-main-9aaf83ef5-chat-stream-tool-calls.sse, 14"})
  void aToolCallsDeltasAreOutput(String file, int contentChunks) throws IOException {
    RequestOutcome o = streamOne(resource("/sse/vllm-reasoning-tools/" + file));
    assertThat(o.success()).as(o.failureDetail()).isTrue();
    assertThat(o.streamTiming().contentChunks()).isEqualTo(contentChunks);
    assertThat(o.streamTiming().interTokenGapsNanos()).hasSize(contentChunks - 1);
    assertThat(o.completionTokens()).isEqualTo(28);
    assertThat(o.reasoning()).isNull();
    assertThat(o.streamTiming().firstOutputNanos()).isEqualTo(o.streamTiming().ttftNanos());
  }

  /** A whole response tells its reasoning only through the usage: vLLM main and OpenAI report it there. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "vllm-chat-reasoning.json, 21, 10",
      "variants/vllm-main-9aaf83ef5-chat-reasoning.json, 21, 0",
      "vllm-chat-tool-calls.json, 28, 0",
      "vllm-embeddings.json, 0, 0"})
  void readsWholeReasoningToolCallAndEmbeddingsResponses(String file, long completionTokens, long reasoningTokens)
      throws IOException {
    String body = resource("/sse/vllm-reasoning-tools/" + file);
    try (MockWebServer server = TestServers.start(TestServers.dispatcher(r -> new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json").body(body).build()))) {
      InMemorySink sink = run(Benchmark.builder().transport(transport).name("whole")
          .target(Target.of(baseUrl(server), "m")).phases(Phase.of("P",
              Step.of("s", Load.concurrency(1), 1, RequestBuilders.chat("Hi", 4)))).build());
      RequestOutcome o = sink.outcomes().get(0);
      assertThat(o.success()).as(o.failureDetail()).isTrue();
      assertThat(o.completionTokens()).isEqualTo(completionTokens);
      assertThat(o.promptTokens()).isPositive();
      if (reasoningTokens == 0) {
        assertThat(o.reasoning()).isNull();
      } else {
        assertThat(o.reasoning()).isEqualTo(new RequestOutcome.Reasoning(reasoningTokens, false, true, false));
      }
    }
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = StreamingTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void anErrorInsideTheStreamIsAStreamError() {
    RequestOutcome o = streamOne("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
        + "data: {\"error\":{\"message\":\"boom\",\"type\":\"InternalServerError\",\"code\":500}}\n\n"
        + "data: [DONE]\n\n");
    assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.STREAM_ERROR);
    assertThat(o.failureCause()).isEqualTo("stream_error");
    assertThat(o.failureDetail()).contains("boom");
  }

  @Test
  void aStreamThatEndsBeforeDoneOrFinishIsCut() {
    RequestOutcome o = streamOne("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n");
    assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.STREAM_CUT);
    assertThat(o.failureDetail()).contains("1 content chunks");
  }

  @Test
  void aChunkThatIsNotJsonIsMalformed() {
    RequestOutcome o = streamOne("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
        + "data: {\"choices\":[{\"ind\n\ndata: [DONE]\n\n");
    assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.MALFORMED_CHUNK);
  }

  @Test
  void aStreamWithoutContentSucceedsWithoutStreamTiming() {
    RequestOutcome o = streamOne("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
        + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    assertThat(o.success()).isTrue();
    assertThat(o.streamTiming()).isNull();
  }

  private RequestOutcome streamOne(String sseBody) {
    try (MockWebServer server = TestServers.start(TestServers.dispatcher(r -> new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "text/event-stream").body(sseBody).build()))) {
      InMemorySink sink = run(streaming(baseUrl(server), "m",
          Step.of("s", Load.concurrency(1), 1, RequestBuilders.chat("Hi", 4))));
      assertThat(sink.outcomes()).hasSize(1);
      return sink.outcomes().get(0);
    }
  }
}
