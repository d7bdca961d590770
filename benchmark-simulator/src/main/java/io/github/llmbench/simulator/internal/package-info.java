/** Implementation of the simulator: HTTP/1.1 server, continuous-batching engine, vLLM-shaped bodies. Not API. */
@NullMarked
package io.github.llmbench.simulator.internal;

import org.jspecify.annotations.NullMarked;
