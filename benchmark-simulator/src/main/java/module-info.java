/**
 * A simulated OpenAI-compatible (vLLM-like) server for tests and demonstrations: {@code SimulatedLlmServer}.
 * {@code io.github.llmbench.simulator.internal} is implementation and is not exported.
 */
module io.github.llmbench.simulator {
  requires com.fasterxml.jackson.databind;
  requires static org.jspecify;

  exports io.github.llmbench.simulator;
}
