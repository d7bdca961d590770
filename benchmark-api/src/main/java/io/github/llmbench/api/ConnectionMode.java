package io.github.llmbench.api;

/** Whether a request's latency includes opening its connection. */
public enum ConnectionMode {
  /**
   * The default: before a closed-loop step's clock starts, every worker holds an open connection, and requests
   * reuse pooled connections, so latency is the server's answer plus the network, never llmbench's connection
   * set-up.
   */
  WARM,
  /**
   * Every request opens its own connection and closes it ({@code Connection: close}), as the unified script's
   * client does: TCP (and TLS) set-up is inside every latency.
   */
  NEW_PER_REQUEST
}
