/**
 * An in-process, OpenAI-compatible LLM server that behaves like vLLM under load, so benchmarks and tests can run
 * without a GPU: {@link io.github.llmbench.simulator.SimulatedLlmServer} (start/stop from Java),
 * {@link io.github.llmbench.simulator.SimulatorConfig} and {@link io.github.llmbench.simulator.FaultConfig} (what it
 * models), {@link io.github.llmbench.simulator.ServerStatistics} (the server-side truth a test compares against). On the
 * command line it is {@code llmbench simulate} (benchmark-cli), since nothing but the CLI parses arguments.
 * Depends on the JDK and Jackson only.
 */
@NullMarked
package io.github.llmbench.simulator;

import org.jspecify.annotations.NullMarked;
