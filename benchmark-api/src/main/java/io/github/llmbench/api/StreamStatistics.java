package io.github.llmbench.api;

import java.util.Objects;

/**
 * The streaming figures of one step, over its successful streamed requests, from HdrHistograms (interpolated
 * percentiles up to p99.9), so a reader sees how soon the first token came and how smoothly the rest followed.
 * All times are measured from the moment each request was scheduled to go out.
 *
 * @param requests successful requests that streamed at least one content chunk
 * @param ttft time to first token: to the first chunk with non-empty content
 * @param itl inter-token latency: every gap between consecutive content chunks, of all requests
 * @param tpot time per output token: {@code (e2e - ttft) / (output tokens - 1)}, one value per request with at
 *     least two output tokens
 * @param e2e end-to-end latency to the last content chunk
 * @param tokensEstimated true when at least one request carried no {@code usage}, so its output tokens are the
 *     number of its content chunks (a chunk can hold more or less than one token)
 */
public record StreamStatistics(long requests, LatencySummary ttft, LatencySummary itl, LatencySummary tpot,
    LatencySummary e2e, boolean tokensEstimated) {
  public StreamStatistics {
    Objects.requireNonNull(ttft, "ttft");
    Objects.requireNonNull(itl, "itl");
    Objects.requireNonNull(tpot, "tpot");
    Objects.requireNonNull(e2e, "e2e");
  }
}
