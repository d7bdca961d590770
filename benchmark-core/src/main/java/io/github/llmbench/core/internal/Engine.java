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
    ClientSettings client = benchmark.client();
    Endpoint endpoint = new Endpoint(target.baseUrl());
    String userAgent = "llmbench/" + EnvironmentInfo.llmbenchVersion();
    this.transport = switch (client.transport()) {
      case NETTY -> new NettyTransport(endpoint, target.apiKey(), client.connectionMode(), target.requestTimeout(),
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
