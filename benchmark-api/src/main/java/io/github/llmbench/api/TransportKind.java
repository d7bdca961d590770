package io.github.llmbench.api;

/**
 * Which client sends the timed requests. Both send the same bytes and are held to the same tests; they differ in
 * how close to the wire their timestamps are and in what they cost.
 */
public enum TransportKind {
  /**
   * The default: Netty event loops (native epoll on Linux, NIO elsewhere), one per core, each connection pinned to
   * one loop; connections are opened before a step's clock by connecting, timestamps are read at the I/O edge, and a
   * closed-loop worker is a sequence of exchanges on its connection, not a thread.
   */
  NETTY("netty"),
  /**
   * OkHttp's blocking calls, one worker thread per closed-loop worker (virtual threads on Java 21+), through the
   * runner's {@code OkHttpClient}, so its interceptors, proxy and TLS settings apply. Connections open with their
   * first request; that connect is left out of the latency.
   */
  OKHTTP("okhttp");

  private final String label;

  TransportKind(String label) {
    this.label = label;
  }

  /** The lower-case name used on the command line and in reports. */
  public String label() {
    return label;
  }
}
