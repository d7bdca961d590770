package io.github.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 9, "no arbitrary limit on a valid body, but a cap": a raw server generates the bodies on the fly, so none of
 * them is ever held in the test's memory. A valid 100 MB answer succeeds with its usage counted; the same answer
 * under a 1 MB cap, a stream that never ends and one event that never ends are each stopped by their bound with its
 * own cause, after the server wrote little more than the bound (the client stopped reading; it did not buffer).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ClientSettings.TransportKind.class)
@Timeout(120)
class ResponseLimitsHttpTest {
  /** Every test here runs against both transports: one conformance suite. */
  @Parameter
  ClientSettings.TransportKind transport;

  private static final long HUNDRED_MB = 100L << 20;
  private static final byte[] FILL = new byte[64 << 10];

  static {
    Arrays.fill(FILL, (byte) 'a');
  }

  /** A chat completion whose content is {@code contentBytes} of 'a', with usage after it, sent with its length. */
  private static RawHttpServer.Handler hugeCompletion(long contentBytes) {
    return (request, out, socket) -> {
      byte[] head = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
          .getBytes(StandardCharsets.US_ASCII);
      byte[] tail = "\"},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":9}}"
          .getBytes(StandardCharsets.US_ASCII);
      long length = head.length + contentBytes + tail.length;
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(head);
      writeFill(out, contentBytes);
      out.write(tail);
      out.flush();
      return true;
    };
  }

  private static void writeFill(OutputStream out, long bytes) throws IOException {
    for (long left = bytes; left > 0; left -= FILL.length) out.write(FILL, 0, (int) Math.min(FILL.length, left));
  }

  private static void chunk(OutputStream out, byte[] data) throws IOException {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static final String STREAM_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n";

  /** Content events, forever (until the client goes away). */
  private static final RawHttpServer.Handler ENDLESS_STREAM = (request, out, socket) -> {
    out.write(STREAM_HEAD.getBytes(StandardCharsets.US_ASCII));
    byte[] event = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok \"},\"finish_reason\":null}]}\n\n"
        .getBytes(StandardCharsets.US_ASCII);
    byte[] batch = new byte[event.length * 200];
    for (int i = 0; i < 200; i++) System.arraycopy(event, 0, batch, i * event.length, event.length);
    while (true) chunk(out, batch);
  };

  /** One event that starts and never ends: no blank line, ever. */
  private static final RawHttpServer.Handler ENDLESS_EVENT = (request, out, socket) -> {
    out.write(STREAM_HEAD.getBytes(StandardCharsets.US_ASCII));
    chunk(out, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"".getBytes(StandardCharsets.US_ASCII));
    while (true) chunk(out, FILL);
  };

  private InMemorySink run(RawHttpServer server, boolean stream, ClientSettings.ResponseLimits limits, int n) {
    Benchmark benchmark = Benchmark.builder().transport(transport).name("limits").target(Target.of(server.baseUrl(),
        "m")).stream(stream)
        .responseLimits(limits)
        .phases(Phase.of("P", Step.of("s", Load.concurrency(1), n, RequestBuilders.chat("Hello", 8)))).build();
    InMemorySink sink = new InMemorySink();
    BenchmarkRunner.builder().addSink(sink).abortWhenUnreachable(false).build().run(benchmark);
    return sink;
  }

  @Test
  void aValidHundredMegabyteAnswerSucceedsWithItsUsage() {
    try (RawHttpServer server = new RawHttpServer(hugeCompletion(HUNDRED_MB))) {
      InMemorySink sink = run(server, false, ClientSettings.ResponseLimits.DEFAULT, 1);

      RequestOutcome o = sink.outcomes().get(0);
      assertThat(o.success()).as(o.failureDetail()).isTrue();
      assertThat(o.usageReported()).isTrue();
      assertThat(o.promptTokens()).isEqualTo(7);
      assertThat(o.completionTokens()).isEqualTo(9);
      assertThat(sink.steps().get(0).statistics().completionTokens()).isEqualTo(9);
      assertThat(server.bytesWritten.get()).isGreaterThan(HUNDRED_MB);
    }
  }

  @Test
  void theSameAnswerUnderAOneMegabyteCapIsResponseTooLarge() {
    long cap = 1 << 20;
    try (RawHttpServer server = new RawHttpServer(hugeCompletion(HUNDRED_MB))) {
      InMemorySink sink = run(server, false, new ClientSettings.ResponseLimits(cap, 64 << 10), 2);

      assertThat(server.completions()).hasSize(2);
      assertThat(sink.steps().get(0).statistics().measured().failures()).isEqualTo(Map.of("response_too_large", 2));
      assertThat(sink.outcomes()).allSatisfy(o -> {
        assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.RESPONSE_TOO_LARGE);
        assertThat(o.failureDetail()).contains(String.valueOf(cap));
      });
    }
  }

  @Test
  void aStreamThatNeverEndsIsResponseTooLarge() {
    long cap = 2 << 20;
    try (RawHttpServer server = new RawHttpServer(ENDLESS_STREAM)) {
      InMemorySink sink = run(server, true, new ClientSettings.ResponseLimits(cap, 64 << 10), 2);

      assertThat(server.completions()).hasSize(2);
      assertThat(sink.steps().get(0).statistics().measured().failures()).isEqualTo(Map.of("response_too_large", 2));
      assertThat(sink.outcomes().get(0).failureDetail()).contains("content chunks");
    }
  }

  @Test
  void oneEventThatNeverEndsIsEventTooLargeUnderTheDefaultResponseCap() {
    int eventCap = 256 << 10;
    try (RawHttpServer server = new RawHttpServer(ENDLESS_EVENT)) {
      InMemorySink sink = run(server, true,
          new ClientSettings.ResponseLimits(ClientSettings.ResponseLimits.DEFAULT.maxResponseBytes(), eventCap),
          2);

      assertThat(server.completions()).hasSize(2);
      assertThat(sink.steps().get(0).statistics().measured().failures()).isEqualTo(Map.of("event_too_large", 2));
      assertThat(sink.outcomes()).allSatisfy(o -> {
        assertThat(o.failureKind()).isEqualTo(RequestOutcome.FailureKind.EVENT_TOO_LARGE);
        assertThat(o.failureDetail()).contains(String.valueOf(eventCap));
      });
      // Stopped by the event cap, long before the 1 GiB response cap.
      assertThat(server.bytesWritten.get()).isLessThan(ClientSettings.ResponseLimits.DEFAULT.maxResponseBytes());
    }
  }

  /** The default event cap (8 MiB) stops an endless event too, with nothing configured. */
  @Test
  void theDefaultEventCapStopsAnEndlessEvent() {
    try (RawHttpServer server = new RawHttpServer(ENDLESS_EVENT)) {
      InMemorySink sink = run(server, true, ClientSettings.ResponseLimits.DEFAULT, 1);
      assertThat(sink.steps().get(0).statistics().measured().failures()).isEqualTo(Map.of("event_too_large", 1));
    }
  }

  /** A stream event with a 30 MB content string (past Jackson's default 20 MB) is read under a 64 MB event cap. */
  @Test
  void aValidThirtyMegabyteStreamEventIsRead() {
    long content = 30L << 20;
    try (RawHttpServer server = new RawHttpServer((request, out, socket) -> {
      out.write(STREAM_HEAD.getBytes(StandardCharsets.US_ASCII));
      chunk(out, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"".getBytes(StandardCharsets.US_ASCII));
      for (long left = content; left > 0; left -= FILL.length) chunk(out, FILL);
      chunk(out, ("\"},\"finish_reason\":\"stop\"}]}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
          + "\"completion_tokens\":1}}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.US_ASCII));
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return true;
    })) {
      InMemorySink sink = run(server, true, new ClientSettings.ResponseLimits(1L << 30, 64 << 20), 1);
      RequestOutcome o = sink.outcomes().get(0);
      assertThat(o.success()).as(o.failureDetail()).isTrue();
      assertThat(o.completionTokens()).isEqualTo(1);
      assertThat(o.streamTiming().contentChunks()).isEqualTo(1);
    }
  }

  /**
   * A valid body nested deeper than Jackson's default limit of 1,000 levels, in a field llmbench skips: no
   * arbitrary limit on a valid body.
   */
  @Test
  void aValidBodyNestedDeeperThanJacksonsDefaultSucceeds() {
    String deep = "[".repeat(1500) + "]".repeat(1500);
    String body = "{\"id\":\"x\",\"debug\":" + deep + ",\"choices\":[],\"usage\":{\"prompt_tokens\":2,"
        + "\"completion_tokens\":3}}";
    try (RawHttpServer server = new RawHttpServer((request, out, socket) -> {
      RawHttpServer.json(out, 200, body);
      return true;
    })) {
      RequestOutcome o = run(server, false, ClientSettings.ResponseLimits.DEFAULT, 1).outcomes().get(0);
      assertThat(o.success()).as(o.failureDetail()).isTrue();
      assertThat(o.completionTokens()).isEqualTo(3);
    }
  }

  /**
   * Past the cap the client should stop reading at once and drop the connection. It does not: the failure is
   * classified after the response is closed, and OkHttp's close of an unfinished body reads on and discards what
   * keeps coming, for up to 100 ms, to save the connection (on loopback 40 to 90 MB more of an endless stream). The
   * bytes are thrown away, so memory stays bounded, but the server is made to send them and the failure's latency
   * includes that time. Witness: a 24 MB body (more than both sockets' buffers) under a 1 MB cap is written to its
   * end by the server, because the client drained it.
   */
  @Test
  void pastTheCapTheClientStopsReadingAtOnce() {
    java.util.concurrent.atomic.AtomicInteger wholeBodiesWritten = new java.util.concurrent.atomic.AtomicInteger();
    RawHttpServer.Handler body = hugeCompletion(24L << 20);
    try (RawHttpServer server = new RawHttpServer((request, out, socket) -> {
      body.answer(request, out, socket);
      wholeBodiesWritten.incrementAndGet();
      return true;
    })) {
      InMemorySink sink = run(server, false, new ClientSettings.ResponseLimits(1 << 20, 64 << 10), 3);
      assertThat(sink.steps().get(0).statistics().measured().failures()).isEqualTo(Map.of("response_too_large", 3));
      assertThat(wholeBodiesWritten.get()).as("bodies the client read to their end past the cap").isZero();
    }
  }

}
