package io.github.llmbench.core.internal.transport;

import io.github.llmbench.api.ClientSettings;
import io.github.llmbench.core.internal.health.Stalls;
import java.io.IOException;

/**
 * The transport seam: below it, connections, bytes and the clock at the I/O edge; above it, everything that is the
 * same for every transport ({@link ExchangeListener}). A transport never retries, never follows a redirect and
 * never writes a request to a connection it knows to be closed or to have been idle past what the server keeps.
 *
 * <p>Work is spread over {@link #lanes() lanes}: an event loop each for Netty (a connection stays on its lane), a
 * share of the connection pool for OkHttp. Events of an exchange sent on a lane arrive on that lane's thread; a
 * {@link #send} made from inside such an event continues there (for Netty on the event loop, for OkHttp on the
 * same worker thread once the current exchange has ended). Thread-safe.
 */
public interface Transport extends AutoCloseable {
  ClientSettings.TransportKind kind();

  /** What ran, for the run's record: {@code "netty 4.2.18.Final, epoll, 2 event loops"}. */
  String describe();

  int lanes();

  /**
   * A request in this transport's wire form, with its {@code X-Request-Id}. Off the timed path.
   *
   * @param path the request path under the base URL
   * @param body the JSON body's bytes
   * @param stream whether it asks for an event stream
   * @throws IOException when it cannot be put on the wire (the message names why, never the key)
   */
  Outgoing encode(String path, byte[] body, boolean stream, String requestId) throws IOException;

  /**
   * Before a step's clock: makes sure {@code connections} connections are open, idle and fresh, spread evenly over
   * the lanes, by connecting (no request is sent). Connections idle for longer than the server is trusted to keep
   * them are closed first; those the server closed are dropped. Blocks until done; a connection that cannot be
   * opened is left for the step's requests to fail on, counted there.
   *
   * @param keepSpare whether each lane should keep a fresh idle connection in reserve while the step runs (an open
   *     loop, whose next request may come while all are busy); a closed loop's workers each have theirs
   */
  void warm(int connections, boolean keepSpare);

  /**
   * Sends a request on the lane: on an idle connection of its pool, or on a new one. Never throws: every failure
   * reaches the listener. Returns at once.
   */
  void send(int lane, Outgoing request, ExchangeListener listener);

  /** Runs the task on the lane's thread (for OkHttp: a worker thread of its own). */
  void execute(int lane, Runnable task);

  /** Runs the task on the lane's thread when the monotonic clock reaches {@code atNanos}, not before. */
  void schedule(int lane, long atNanos, Runnable task);

  /**
   * Starts recording, on every lane, when the lane was not free to read or write (a step's clock is starting).
   * Recorded before anything sent on the lanes after this call.
   */
  void watchStalls();

  /**
   * The stalls each lane recorded since {@link #watchStalls()}, by lane; recording stops. A transport whose lanes
   * are not threads of its own (OkHttp) reports none: the JVM's hiccup meter stands for its threads.
   */
  Stalls[] takeStalls();

  /** Fails every exchange in flight (the run was cancelled). */
  void cancelAll();

  /** Closes every connection and stops the transport's threads. */
  @Override
  void close();
}
