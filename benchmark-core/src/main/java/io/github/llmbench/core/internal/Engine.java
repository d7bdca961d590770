package io.github.llmbench.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.TimeSource;
import io.github.llmbench.core.internal.transport.Endpoint;
import io.github.llmbench.core.internal.transport.NettyTransport;
import io.github.llmbench.core.internal.transport.OkHttpTransport;
import io.github.llmbench.core.internal.transport.TlsTrust;
import io.github.llmbench.core.internal.transport.Transport;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The timed path of one run, put together once: the transport the client settings choose, what prepares requests,
 * what decodes responses and what runs steps. The run uses it against its target; the pre-flight's JIT warm-up uses
 * another against a loopback responder, so both drive the same code.
 */
final class Engine implements AutoCloseable {
  private final Transport transport;
  private final Preparer preparer;
  private final StepExecutor steps;
  private final Runnable forgetCancel;

  /**
   * @param target where requests go (the run's target, or the warm-up's responder)
   * @param base the OkHttp client whose settings the OkHttp transport derives from
   */
  Engine(Benchmark benchmark, Target target, OkHttpClient base, TlsTrust trust, TimeSource time, RunControl control,
      String runId, ObjectMapper mapper) {
    this(benchmark, target, base, trust, time, control, runId, mapper, null);
  }

  /**
   * @param loopsOf another engine's transport whose event loops this one borrows (the pre-flight's warm-up runs on
   *     the run's own loops); {@code null} for loops of its own
   */
  Engine(Benchmark benchmark, Target target, OkHttpClient base, TlsTrust trust, TimeSource time, RunControl control,
      String runId, ObjectMapper mapper, @Nullable Transport loopsOf) {
    ClientSettings client = benchmark.client();
    Endpoint endpoint = new Endpoint(target.baseUrl());
    String userAgent = "llmbench/" + EnvironmentInfo.llmbenchVersion();
    this.transport = switch (client.transport()) {
      case NETTY -> loopsOf instanceof NettyTransport lender
          ? new NettyTransport(endpoint, client.connectionMode(), target.requestTimeout(), time, userAgent, lender)
          : new NettyTransport(endpoint, target.apiKey(), client.connectionMode(), target.requestTimeout(),
              client.eventLoops(), trust, time, userAgent);
      case OKHTTP -> new OkHttpTransport(base, endpoint, target.apiKey(), client.connectionMode(),
          target.requestTimeout(), benchmark.maxConcurrency(), trust, time, userAgent);
    };
    this.forgetCancel = control.onCancel(transport::cancelAll);
    RequestExecutor requests = new RequestExecutor(transport, new RequestBodyWriter(mapper), target.model(),
        benchmark.stream(), runId);
    ResponseDecoder.Settings decoding = new ResponseDecoder.Settings(mapper, client.responseLimits(),
        Redactor.forKey(target.apiKey()));
    this.preparer = new Preparer("llmbench-prepare-" + runId);
    this.steps = new StepExecutor(transport, requests, decoding, time, control, client.connectionMode(), preparer);
  }

  Transport transport() {
    return transport;
  }

  StepExecutor steps() {
    return steps;
  }

  @Override
  public void close() {
    forgetCancel.run(); // a run cancelled after it ended has nothing in flight
    preparer.close();
    transport.close();
  }
}
