/**
 * The llmbench engine: {@code BenchmarkRunner}, the built-in sinks, the statistics of {@code core.stats} and the
 * datasets and tokenizers of {@code core.data}.
 * {@code io.github.llmbench.core.internal} and its subpackages are implementation and are not exported.
 */
module io.github.llmbench.core {
  requires transitive io.github.llmbench.api;
  // BenchmarkRunner.Builder takes the OkHttpClient to share.
  requires transitive okhttp3;
  requires com.fasterxml.jackson.databind;
  // The timed data plane (issue 18): event loops, HTTP/1.1 framing, TLS, native epoll on Linux. The epoll jar's native
  // library is found by its resource path; on a module path, add its module (--add-modules
  // io.netty.transport.epoll.linux.x86_64) or the transport runs on NIO.
  requires io.netty.common;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.handler;
  requires io.netty.transport.classes.epoll;
  // Neither jar names its module (no module-info, no Automatic-Module-Name), so these are the names the JDK derives
  // from the file names Maven Central gives them (HdrHistogram-2.2.2.jar, commons-math3-3.6.1.jar); javac warns
  // [requires-automatic] and Maven warns about filename-based automodules, both rightly. There is no better name to
  // use: should a later HdrHistogram name itself, these lines change with that version bump; Commons Math 3 is
  // finished (3.6.1 is its last release).
  requires HdrHistogram;
  requires commons.math3;
  // JTokkit 1.1.0 names no module either (jtokkit-1.1.0.jar): OpenAI's encodings for sized prompts (core.data).
  requires jtokkit;
  // The GC and CPU figures of the run's health (MXBeans and GC notifications).
  requires java.management;
  // Process CPU time and GC pauses (com.sun.management), read only where the JVM has them: optional at run time.
  requires static jdk.management;
  requires static org.jspecify;

  exports io.github.llmbench.core;
  exports io.github.llmbench.core.stats;
  exports io.github.llmbench.core.data;
}
