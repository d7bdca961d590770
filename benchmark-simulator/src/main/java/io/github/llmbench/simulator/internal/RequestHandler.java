package io.github.llmbench.simulator.internal;

import java.io.IOException;

/** Answers one HTTP request on the connection's thread; may block (the server runs one thread per connection). */
@FunctionalInterface
public interface RequestHandler {
  /** Handles {@code request} by writing to {@code exchange}; an exception closes the connection. */
  void handle(HttpRequest request, HttpExchange exchange) throws IOException, InterruptedException;
}
