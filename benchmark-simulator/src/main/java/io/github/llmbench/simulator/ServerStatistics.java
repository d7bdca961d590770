package io.github.llmbench.simulator;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of what the simulated server saw since it started (or since
 * {@link SimulatedLlmServer#resetStatistics()}). Immutable.
 *
 * @param requestsByEndpoint requests per path ({@code /v1/chat/completions}, {@code /v1/completions},
 *     {@code /v1/models}, {@code /health}, {@code /metrics}; anything else under {@code other}), all outcomes included
 * @param completed generation requests answered in full and correctly (HTTP 200, no malformed/dropped fault)
 * @param rejected generation requests turned away at once because the queue was full (503 or 429)
 * @param failed generation requests that ended otherwise: 4xx, injected 500, malformed body, dropped connection,
 *     client gone
 * @param maxRunning most sequences running in one engine step at once
 * @param maxWaiting most requests waiting at once
 * @param preemptions sequences the engine preempted because the KV cache was full (always 0 unless
 *     {@link SimulatorConfig#kvCacheTokens()} is set)
 * @param requests one trace per generation request, in arrival order
 */
public record ServerStatistics(
    Map<String, Long> requestsByEndpoint,
    long completed,
    long rejected,
    long failed,
    int maxRunning,
    int maxWaiting,
    long preemptions,
    List<RequestTrace> requests) {

  /** Copies the collections so the snapshot cannot change. */
  public ServerStatistics {
    requestsByEndpoint = Map.copyOf(requestsByEndpoint);
    requests = List.copyOf(requests);
  }

  /** @param endpoint a path such as {@code /v1/chat/completions} @return how many requests it received */
  public long requests(String endpoint) {
    return requestsByEndpoint.getOrDefault(endpoint, 0L);
  }
}
