package io.github.llmbench.api;

/** The health of one step, as decided by a {@link StatusPolicy}. */
public enum Status {
  /** Normal operation: enough requests succeeded and latency is acceptable. */
  OK,
  /** Latency rose past the baseline threshold: the expected trade-off under load, not a failure. */
  DEGRADED,
  /** Throughput stopped growing compared with the previous step. */
  SATURATED,
  /** Too many requests failed. */
  FAILING
}
